"""Prebuild agenda packs: `python manage.py build_packs [--meeting ID …] [--all] [--no-full]`.

By default builds the packs of published meetings from 30 days ago onwards (public pack, front
sheet, full pack where there are exempt papers, authored reports). Already-built content
versions are not built again.
"""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from meetings.agendas.models import Meeting
from meetings.packs import api


class Command(BaseCommand):
    help = "Build the agenda packs (and front sheets) of published meetings so downloads are instant."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, action="append", help="Only this meeting (ID); repeatable.")
        parser.add_argument("--all", action="store_true", help="Every published meeting, however old.")
        parser.add_argument("--no-full", action="store_true", help="Skip the full packs with exempt papers.")

    def handle(self, *args, meeting=None, all=False, no_full=False, **options):
        meetings = Meeting.objects.published().select_related("committee__contact_officer").order_by("start")
        if meeting:
            meetings = meetings.filter(pk__in=meeting)
        elif not all:
            meetings = meetings.filter(start__gte=timezone.now() - datetime.timedelta(days=30))
        count = 0
        for m in meetings:
            started = time.perf_counter()
            builds = api.prebuild(m, full=not no_full)
            pages = ", ".join(f"{b.get_variant_display()} {b.page_count} pages" for b in builds)
            self.stdout.write(f"{m}: {pages} ({time.perf_counter() - started:.2f} s)")
            for b in builds:
                for warning in b.warning_list:
                    self.stdout.write(self.style.WARNING(f"  {warning}"))
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Built the packs of {count} meeting(s)."))
