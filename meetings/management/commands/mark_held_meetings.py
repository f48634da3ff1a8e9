"""Mark as "held" every scheduled meeting whose end time has passed (run by the scheduler, e.g.
hourly). Attendance being recorded marks a meeting held too (meetings.minutes.services)."""

from django.core.management.base import BaseCommand

from meetings.agendas.services import meetings_mark_held


class Command(BaseCommand):
    help = "Mark scheduled meetings whose end time has passed as held."

    def handle(self, *args, **options):
        done = meetings_mark_held()
        for meeting in done:
            self.stdout.write(f"Held: {meeting}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} meeting(s) marked held."))
