"""Load the demo data from the seeds: `python manage.py load_demo` (safe to run again).

Each app of ours may have a `demo` module with a `load(stdout)` function; they run in the order
of INSTALLED_APPS, so `meetings` comes first and the apps that refer to it after. This keeps
`meetings` from importing the other apps.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Create or refresh the demo committee, meetings, papers and other records (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    module = import_module(f"{config.name}.demo")
                    module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
