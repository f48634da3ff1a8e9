"""python manage.py export_action_plan ID --format csv|xlsx [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplans.models import ActionPlan
from actionplans.spreadsheet import export_csv, export_xlsx


class Command(BaseCommand):
    help = "Export an action plan as the officers' spreadsheet (.csv or .xlsx); importing it gives the same plan."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", default="", help="File to write (default: standard output).")

    def handle(self, *args, plan_id, format, output, **options):
        plan = ActionPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No action plan with ID {plan_id}.")
        data = export_xlsx(plan) if format == "xlsx" else export_csv(plan)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output}")
        elif format == "xlsx":
            raise CommandError("An .xlsx file is binary: give --output PATH.")
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
