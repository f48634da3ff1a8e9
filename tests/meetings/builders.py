"""Set-ups built the way the application builds them: through the services, with real PDFs.

Factories (tests/meetings/factories.py) make rows; these make papers whose files carry real,
extractable words, officer reports with their sections, and minutes numbered and published by
the minutes services.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.agendas.services import paper_create
from meetings.minutes import services as minutes_services
from meetings.models import Paper, ReportAlignment, ReportContact, ReportSection
from tests.pdfs import make_pdf

from .factories import AgendaItemFactory, MeetingFactory, OfficerReportFactory

# agendas and reports


def upload(item, *, title="Report", pages=1, text=None, exempt=False, order=None) -> Paper:
    """An uploaded PDF paper with its real page count and hash (as paper_create records them)."""
    data = make_pdf(pages, text=text or title)
    return paper_create(item=item, title=title, file=ContentFile(data, name="paper.pdf"), exempt=exempt, order=order)


def authored(
    item, *, subject="Post Ofsted Inspection Action Plan", sections=2, paragraphs=3, exempt=False, text="Progress"
) -> Paper:
    """A paper that is an officer report written in the admin, with alignment, contact and sections."""
    report = OfficerReportFactory(subject=subject)
    ReportAlignment.objects.create(
        report=report,
        order=1,
        outcome="A thriving and sustainable city",
        alignment="Effective children's social care services.",
    )
    ReportContact.objects.create(
        report=report,
        order=1,
        name="Sean McKendrick",
        position="Deputy Director of Children's Services",
        telephone="0161 234 4934",
        email="s.mckendrick@example.org",
    )
    for n in range(1, sections + 1):
        body = "\n\n".join(f"{text} paragraph {n}.{p} of the report." for p in range(1, paragraphs + 1))
        ReportSection.objects.create(report=report, order=n, heading=f"Section {n}", body=body)
    paper = Paper(item=item, title=subject, report=report, exempt=exempt, order=item.papers.count() + 1)
    paper.full_clean()
    paper.save()
    return paper


def paper_with_text(text: str, *, item=None, exempt: bool = False, title: str = "Report") -> Paper:
    """A paper whose PDF carries `text` (saved as the admin saves it, so the search index reads it)."""
    item = item or AgendaItemFactory()
    paper = Paper(item=item, title=title, exempt=exempt, file=ContentFile(make_pdf(1, text=text), name="r.pdf"))
    paper.full_clean()
    paper.save()
    return paper


def past_meeting(**kwargs):
    """A meeting held a week ago, its agenda issued a fortnight ago."""
    kwargs.setdefault("start", timezone.now() - datetime.timedelta(days=7))
    kwargs.setdefault("agenda_issued_on", timezone.localdate() - datetime.timedelta(days=14))
    return MeetingFactory(**kwargs)


# minutes


def make_minute(meeting, title="Report", item=None, narrative="", publicity="", exempt_annex=""):
    """A minute, public or exempt as its item unless `publicity` says "public" or "exempt"."""
    return minutes_services.minute_create(
        meeting=meeting, title=title, item=item, narrative=narrative, publicity=publicity, exempt_annex=exempt_annex
    )


def publish_minutes(meeting):
    minutes = minutes_services.minutes_get_or_create(meeting=meeting)
    return minutes_services.minutes_publish(minutes=minutes)


def minute_with_decision(
    *,
    meeting=None,
    title="Ofsted update",
    narrative="",
    decision="",
    publish=True,
    item=None,
    publicity="",
    exempt_annex="",
):
    """A minute (of a past meeting unless given one) with a decision, its minutes published by default."""
    meeting = meeting or past_meeting()
    minute = minutes_services.minute_create(
        meeting=meeting, title=title, narrative=narrative, item=item, publicity=publicity, exempt_annex=exempt_annex
    )
    dec = minutes_services.decision_create(minute=minute, text=decision) if decision else None
    if publish:
        minutes_services.minutes_publish(minutes=meeting.minutes)
    return minute, dec
