"""Hand periodic work to the background task worker: `python manage.py enqueue WHAT`.

For the scheduler (cron) in a deployment with `TASKS_BACKEND=database`: the command only records
the job and returns; a `db_worker` does the work, retries it if it fails and officers see failures
under Background jobs. With the immediate backend the work is done before the command returns.

- ``open-data``: the open data archive (what `build_open_data` builds);
- ``alerts``: email alerts (what `send_alerts` sends);
- ``packs``: the packs of published meetings from 30 days ago onwards, or ``--meeting ID`` …;
- ``stalled``: jobs left running by a worker that died (TASK_STALLED_SECONDS) are tried again.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings.agendas.models import Meeting
from meetings.alerts.tasks import alerts_enqueue
from meetings.api.tasks import open_data_enqueue
from meetings.jobs.services import jobs_recover_stalled
from meetings.packs.tasks import packs_enqueue

CHOICES = ["open-data", "alerts", "packs", "stalled"]


class Command(BaseCommand):
    help = (
        "Enqueue background work: open-data (the archive), alerts (email alerts), packs (agenda packs) "
        "or stalled (jobs whose worker died)."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=CHOICES)
        parser.add_argument("--meeting", type=int, action="append", help="packs: only this meeting (ID); repeatable.")

    def handle(self, *args, what: str, meeting=None, **options):
        if what == "open-data":
            jobs = [open_data_enqueue()]
        elif what == "alerts":
            jobs = [alerts_enqueue()]
        elif what == "stalled":
            jobs = jobs_recover_stalled()
            if not jobs:
                self.stdout.write("No stalled jobs.")
        else:
            meetings = Meeting.objects.published().select_related("committee").order_by("start")
            if meeting:
                meetings = meetings.filter(pk__in=meeting)
                missing = sorted(set(meeting) - {m.pk for m in meetings})
                if missing:
                    raise CommandError(f"No published meeting with ID {', '.join(map(str, missing))}.")
            else:
                meetings = meetings.filter(start__gte=timezone.now() - datetime.timedelta(days=30))
            jobs = [packs_enqueue(m) for m in meetings]
        for job in jobs:
            self.stdout.write(f"{job.label}: {job.get_status_display().lower()}")
        failed = [job for job in jobs if job.status == job.Status.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} job(s) failed: {failed[0].error_summary}")
