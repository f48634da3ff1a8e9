"""Email alert subscribers about newly issued agendas and published minutes.

Run it from cron (every 15 minutes, say). It never sends the same alert twice: what was sent is
recorded, and a unique constraint stops two overlapping runs from sending it again.
"""

from django.core.management.base import BaseCommand

from meetings.alerts.services import send_alerts, site_url


class Command(BaseCommand):
    help = "Email subscribers about newly issued agendas and published minutes (never twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the site for links in the emails (default: the SITE_URL setting).",
        )

    def handle(self, *args, base_url: str = "", **options):
        sent = send_alerts(base_url=base_url or site_url())
        self.stdout.write(f"Sent {sent} alert email{'s' if sent != 1 else ''}.")
