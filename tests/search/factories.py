"""Helpers for search tests: papers whose PDFs carry real, extractable words."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.minutes.services import decision_create, minute_create, minutes_publish
from meetings.models import Paper
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.pdfs import make_pdf


def paper_with_text(text: str, *, item=None, exempt: bool = False, title: str = "Report") -> Paper:
    item = item or AgendaItemFactory()
    paper = Paper(item=item, title=title, exempt=exempt, file=ContentFile(make_pdf(1, text=text), name="r.pdf"))
    paper.full_clean()
    paper.save()
    return paper


def past_meeting(**kwargs):
    kwargs.setdefault("start", timezone.now() - datetime.timedelta(days=7))
    kwargs.setdefault("agenda_issued_on", timezone.localdate() - datetime.timedelta(days=14))
    return MeetingFactory(**kwargs)


def minute_with_decision(*, meeting=None, title="Ofsted update", narrative="", decision="", publish=True, item=None,
                         exempt=None):
    meeting = meeting or past_meeting()
    minute = minute_create(meeting=meeting, title=title, narrative=narrative, item=item, exempt=exempt)
    dec = decision_create(minute=minute, text=decision) if decision else None
    if publish:
        minutes_publish(minutes=meeting.minutes)
    return minute, dec
