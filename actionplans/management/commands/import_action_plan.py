"""python manage.py import_action_plan PATH --title TITLE [--committee CODE] [--dry-run]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actionplans import services
from actionplans.spreadsheet import SpreadsheetError
from meetings.models import Committee


class Command(BaseCommand):
    help = "Import an improvement action plan from an officer's .csv or .xlsx spreadsheet (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv or .xlsx file.")
        parser.add_argument("--title", required=True, help="Title of the new plan.")
        parser.add_argument("--committee", default="", help="Short code of the overseeing committee, e.g. CYP/OSG.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; store nothing.")

    def handle(self, *args, path, title, committee, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        overseer = None
        if committee:
            overseer = Committee.objects.filter(short_code=committee).first()
            if overseer is None:
                raise CommandError(f"No committee with short code {committee}.")
        try:
            parsed, plan = services.plan_import(
                data=file.read_bytes(), filename=file.name, title=title, committee=overseer, dry_run=dry_run
            )
        except SpreadsheetError as exc:
            raise CommandError(
                f"{file.name}: nothing imported; {len(exc.problems)} problem(s):\n"
                + "\n".join(str(p) for p in exc.problems)
            ) from exc
        except ValidationError as exc:
            raise CommandError(f"{file.name}: nothing imported: {' '.join(exc.messages)}") from exc
        self.stdout.write(services.import_summary(parsed, plan))
