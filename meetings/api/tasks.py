"""The open data archive as a background task (README "Background tasks").

``python manage.py enqueue open-data`` (nightly, from the scheduler) hands the build to a worker;
``python manage.py build_open_data`` still builds it in the foreground.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django_tasks import task

from meetings.jobs.services import job_enqueue, job_run


def _build() -> str:
    out = io.StringIO()
    call_command("build_open_data", stdout=out)
    return out.getvalue().strip()[-500:]


@task()
def open_data_build(job_id: int) -> None:
    job_run(job_id=job_id, work=_build)


def open_data_enqueue():
    return job_enqueue(open_data_build, label="Open data archive", key="open-data")
