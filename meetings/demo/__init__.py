"""The demo data, from the seeds in ../shared/seeds: `python manage.py load_demo` (idempotent)."""

from meetings.demo.agendas import load

__all__ = ["load"]
