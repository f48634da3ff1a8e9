"""Bulk data for the search and API benchmarks (bench/search.py). Not for a live site.

    python manage.py generate_bench_data --meetings 2000 --items 30000 --decisions 100000

Everything it makes belongs to committees whose slug starts "bench-"; --clear removes them
first. Rows are bulk-inserted (no signals), then the search index is rebuilt in bulk.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings.agendas.models import AgendaItem, Meeting
from meetings.committees.models import Committee
from meetings.minutes.models import PROCEDURAL_KINDS, Decision, MeetingMinutes, Minute
from meetings.search.services import rebuild

DOMAIN_WORDS = (
    "ofsted inspection school academy nursery children young people care leavers fostering adoption "
    "safeguarding attendance exclusion curriculum teaching leadership governance achievement behaviour "
    "welfare early years sixth form report progress improvement action plan recommendation judgement "
    "outstanding good requires inadequate monitoring visit focused local authority social workers "
    "caseloads placement residential homes sufficiency budget overspend savings consultation strategy "
    "partnership health wellbeing mental emotional special educational needs disability transport "
    "youth service apprenticeships skills employment housing homelessness poverty family support "
    "domestic abuse exploitation missing county lines police probation court workforce recruitment "
    "retention agency staff training supervision audit quality assurance performance data dashboard"
).split()
FILLER = (
    "the committee members noted that officers would provide further information about the and to "
    "of in for on with at by from update response briefing next meeting requested agreed considered "
    "received discussed welcomed raised concerns asked whether how many when"
).split()


class Command(BaseCommand):
    help = "Generate bulk meetings, agenda items, minutes and decisions for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=2000)
        parser.add_argument("--items", type=int, default=30000)
        parser.add_argument("--decisions", type=int, default=100000)
        parser.add_argument("--committees", type=int, default=12)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--clear", action="store_true", help="Remove earlier bench data first.")
        parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")

    def handle(self, *args, meetings, items, decisions, committees, seed, clear, no_index, **options):
        if min(meetings, items, decisions, committees) < 1 or items < meetings:
            raise CommandError("Give at least one of each, and at least as many items as meetings.")
        rng = random.Random(seed)
        # A vocabulary with a long tail of rarer made-up place names, as real minutes have.
        places = [
            f"{rng.choice(['Ash', 'Brook', 'Cran', 'Dun', 'Elm', 'Fern', 'Gold', 'Hol', 'Kirk', 'Lang'])}"
            f"{rng.choice(['ley', 'ton', 'field', 'wood', 'bury', 'mere', 'ford', 'stead', 'wick', 'dale'])}"
            f"{n}"
            for n in range(3000)
        ]
        weights = [1 / (rank + 1) for rank in range(len(DOMAIN_WORDS))]

        def sentence(n):
            words = []
            for _ in range(n):
                roll = rng.random()
                if roll < 0.45:
                    words.append(rng.choice(FILLER))
                elif roll < 0.9:
                    words.append(rng.choices(DOMAIN_WORDS, weights)[0])
                else:
                    words.append(rng.choice(places))
            return " ".join(words).capitalize() + "."

        with transaction.atomic():
            if clear:
                bench = Committee.objects.filter(slug__startswith="bench-")
                Meeting.objects.filter(committee__in=bench).delete()
                bench.delete()
            first = Committee.objects.filter(slug__startswith="bench-").count()
            made = Committee.objects.bulk_create(
                Committee(
                    name=f"Bench Scrutiny Committee {first + n}",
                    slug=f"bench-{first + n}",
                    short_code=f"BENCH{first + n}",
                )
                for n in range(committees)
            )
            made = list(Committee.objects.filter(slug__in=[c.slug for c in made]))
            start = timezone.make_aware(datetime.datetime(2010, 1, 5, 10))
            meeting_rows = []
            for n in range(meetings):
                when = start + datetime.timedelta(days=int(n * 5000 / meetings), hours=rng.choice([0, 4]))
                meeting_rows.append(
                    Meeting(
                        committee=made[n % len(made)],
                        start=when,
                        venue="Council Chamber, Town Hall Extension",
                        status=Meeting.Status.HELD,
                        agenda_issued_on=(when - datetime.timedelta(days=7)).date() if rng.random() > 0.02 else None,
                    )
                )
            meeting_objs = Meeting.objects.bulk_create(meeting_rows, batch_size=1000)
            item_rows = []
            per_meeting = items // meetings
            extra = items - per_meeting * meetings
            for i, meeting in enumerate(meeting_objs):
                for number in range(1, per_meeting + (1 if i < extra else 0) + 1):
                    exempt = rng.random() < 0.03
                    item_rows.append(
                        AgendaItem(
                            meeting=meeting,
                            number=number,
                            title=sentence(rng.randint(3, 8)).rstrip("."),
                            purpose=sentence(rng.randint(15, 40)),
                            report_of="Strategic Director of Children's Services",
                            exempt=exempt,
                            exempt_paragraph=3 if exempt else None,
                        )
                    )
            item_objs = AgendaItem.objects.bulk_create(item_rows, batch_size=2000)
            MeetingMinutes.objects.bulk_create(
                (
                    MeetingMinutes(meeting=m, status=MeetingMinutes.Status.PUBLISHED, published_on=m.start.date())
                    for m in meeting_objs
                ),
                batch_size=2000,
            )
            counters: dict[tuple[int, int], int] = {}
            minute_rows = []
            for item in item_objs:
                meeting = item.meeting
                period = timezone.localtime(meeting.start).year
                key = (meeting.committee_id, period)
                counters[key] = counters.get(key, 0) + 1
                code = meeting.committee.short_code
                minute_rows.append(
                    Minute(
                        meeting=meeting,
                        item=item,
                        committee_id=meeting.committee_id,
                        period=period,
                        number=counters[key],
                        reference=f"{code}/{period % 100:02d}/{counters[key]}",
                        order=item.number,
                        title=item.title,  # public or exempt as its item
                        narrative="".join(f"<p>{sentence(rng.randint(20, 50))}</p>" for _ in range(rng.randint(1, 3))),
                    )
                )
            minute_objs = Minute.objects.bulk_create(minute_rows, batch_size=2000)
            decision_rows = []
            numbers: dict[int, int] = {}
            for n in range(decisions):
                minute = minute_objs[n % len(minute_objs)] if n < len(minute_objs) else rng.choice(minute_objs)
                numbers[minute.pk] = numbers.get(minute.pk, 0) + 1
                kind = rng.choice(Decision.Kind.values)
                tracked = kind not in PROCEDURAL_KINDS  # procedural decisions have no tracker
                decision_rows.append(
                    Decision(
                        minute=minute,
                        number=numbers[minute.pk],
                        kind=kind,
                        text=sentence(rng.randint(10, 35)),
                        owner="Scrutiny Support Officer" if tracked else "",
                        status=rng.choice(Decision.Status.values) if tracked else "",
                    )
                )
            Decision.objects.bulk_create(decision_rows, batch_size=5000)
        from meetings.packs import stamp

        stamp.bump()  # bulk inserts send no signals: a new content version for the page cache
        self.stdout.write(
            f"Made {len(made)} committees, {len(meeting_objs)} meetings, {len(item_objs)} agenda items, "
            f"{len(minute_objs)} minutes and {len(decision_rows)} decisions."
        )
        if not no_index:
            total = rebuild(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} entries."))
        from django.db import connection

        if connection.vendor == "postgresql":  # planner statistics for the bulk-inserted rows
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
