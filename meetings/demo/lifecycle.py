"""The meeting cycle in the demo: each agenda's despatches, the 2 October 2018
supplementary agenda carrying the two exempt "to follow" action plans, a cancelled meeting with
its notice, and an upcoming meeting that is announced but whose agenda is not yet issued, with
work programme items planned for it. Everything goes through the services; safe to run again
(a despatch, once made, is never touched)."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from meetings.agendas import services
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.packs import render

LONDON = ZoneInfo("Europe/London")

# An uploaded paper as an officer would upload it from Word: a tagged PDF (PDF/UA-1), titled.
ACTION_PLAN_HTML = """<html lang="en-GB"><head><title>{title}</title></head>
<body style="font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt"><h1 style="font-size: 12pt">{title}</h1>
<p>Improvement action plan following the school's Ofsted inspection: recommendations, actions,
leads, timelines and progress (RAG). Exempt under paragraph 3 of Schedule 12A to the Local
Government Act 1972.</p></body></html>"""

SUPPLEMENT_ISSUED_ON = datetime.date(2018, 9, 28)
CANCELLED_START = datetime.datetime(2018, 12, 4, 10, 0)
CANCELLED_REASON = (
    "This meeting has been cancelled as there is no business requiring the Subgroup's attention. "
    "The items planned for it will be taken at the meeting on 29 January 2019."
)


def _generated_paper(item: AgendaItem, title: str) -> Paper:
    existing = Paper.objects.filter(item=item, title=title).first()
    if existing is not None:
        return existing
    html = ACTION_PLAN_HTML.format(title=escape(title))
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    return services.paper_create(
        item=item, title=title, file=ContentFile(render.html_to_pdf(html), name=f"demo-{digest}.pdf")
    )


def record_despatches(meetings: dict) -> None:
    """Main despatches as the agendas were issued, then the October supplement."""
    for meeting in sorted(meetings.values(), key=lambda m: m.start):
        issued_on = meeting.agenda_issued_on
        if issued_on is None or meeting.despatches.exists() or meeting.minutes_are_final:
            continue
        services.meeting_publish(meeting=meeting, issued_on=issued_on)

    october = meetings[datetime.date(2018, 10, 2)]
    if october.despatches.filter(number__gte=1).exists() or october.minutes_are_final:
        return
    for number in (5, 6):
        item = october.items.get(number=number)
        _generated_paper(item, item.title)
    services.despatch_supplement(meeting=october, issued_on=SUPPLEMENT_ISSUED_ON)


def cancelled_meeting(committee, *, venue: str) -> Meeting:
    meeting, _ = Meeting.objects.get_or_create(
        committee=committee,
        start=CANCELLED_START.replace(tzinfo=LONDON),
        defaults=dict(venue=venue, end=None),
    )
    if meeting.status != Meeting.Status.CANCELLED:
        services.meeting_cancel(meeting=meeting, reason=CANCELLED_REASON)
    return meeting


def upcoming_announced_meeting(committee, *, venue: str, access_notes: str, welcome: str) -> Meeting:
    """A meeting about five weeks ahead (a Tuesday at 10 am), announced, agenda not yet issued."""
    now = timezone.now()
    existing = (
        committee.meetings.filter(start__gte=now, agenda_issued_on__isnull=True, status=Meeting.Status.SCHEDULED)
        .order_by("start")
        .first()
    )
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(weeks=5)
    day += datetime.timedelta(days=(1 - day.weekday()) % 7)
    meeting = Meeting(
        committee=committee,
        start=datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON),
        venue=venue,
        access_notes=access_notes,
        welcome=welcome,
        announced=True,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def plan_upcoming(committee, meeting: Meeting) -> None:
    """Work programme items and the report deadline of the upcoming meeting."""
    from meetings.minutes.models import ReportDeadline, WorkProgrammeItem

    deadline = timezone.localtime(meeting.start).date() - datetime.timedelta(days=11)
    ReportDeadline.objects.update_or_create(meeting=meeting, defaults={"deadline": deadline})
    rows = [
        (
            "Ofsted Inspections of Manchester Schools",
            "To receive the latest inspection outcomes.",
            "Director of Education",
            "Executive Member for Schools, Culture and Leisure",
        ),
        (
            "Improvement action plans – progress",
            "To review progress against the schools' action plans.",
            "Head of School Quality Assurance",
            "Executive Member for Children's Services",
        ),
    ]
    for order, (title, purpose, lead, member) in enumerate(rows, start=1):
        WorkProgrammeItem.objects.update_or_create(
            committee=committee,
            meeting=meeting,
            order=order,
            defaults=dict(title=title, purpose=purpose, lead_officer=lead, executive_member=member),
        )
