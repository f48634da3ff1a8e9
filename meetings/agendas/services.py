"""State changes for meetings. Admin actions, views and commands call these."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.audit import record_by


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by: AbstractBaseUser | None = None,
                    issued_on: datetime.date | None = None) -> Meeting:
    """Issue the agenda: the meeting becomes public on `issued_on` (default today). The user who
    issued it (`by`) is recorded in the meeting's history; `issued_by` stays the printed text
    ("… by the Governance and Scrutiny Support Unit")."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("A cancelled meeting's agenda cannot be issued.")
    if not meeting.items.exists():
        raise ValidationError("The agenda has no items yet; add them before issuing it.")
    meeting.agenda_issued_on = issued_on or timezone.localdate()
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    from meetings.agendas.signals import agenda_published

    transaction.on_commit(lambda: agenda_published.send(sender=Meeting, meeting=meeting, by=by))
    return meeting


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, by: AbstractBaseUser | None = None) -> Meeting:
    meeting.agenda_issued_on = None
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_create_next(*, meeting: Meeting, start: datetime.datetime | None = None) -> Meeting:
    """A draft meeting of the same committee, with the standing items copied and renumbered."""
    if start is None:
        start = meeting.start + datetime.timedelta(weeks=4)
    new = Meeting(
        committee=meeting.committee,
        start=start,
        end=(start + (meeting.end - meeting.start)) if meeting.end else None,
        venue=meeting.venue,
        access_notes=meeting.access_notes,
        welcome=meeting.welcome,
        issued_by=meeting.issued_by,
    )
    new.full_clean()
    new.save()
    number = 0
    for item in meeting.items.filter(standing=True).order_by("number"):
        number += 1
        copy = AgendaItem(
            meeting=new,
            number=number,
            title=item.title,
            kind=item.kind,
            purpose=item.purpose,
            report_of=item.report_of,
            standing=True,
            exempt=item.exempt,
            exempt_paragraph=item.exempt_paragraph,
        )
        copy.full_clean()
        copy.save()
    return new


@transaction.atomic
def paper_create(*, item: AgendaItem, title: str, file, exempt: bool = False, order: int | None = None) -> Paper:
    """Attach an uploaded PDF to an agenda item after validating it."""
    if order is None:
        order = item.papers.count() + 1
    paper = Paper(item=item, title=title, file=file, exempt=exempt, order=order)
    paper.full_clean()
    paper.save()
    return paper


@transaction.atomic
def paper_rendered_size_set(*, paper: Paper, page_count: int, size_bytes: int) -> Paper:
    """Record the size of a paper's rendered PDF (an authored report, once built). Saved like any
    other change, so search and the pack change stamp follow it; nothing is written if unchanged."""
    if (paper.page_count, paper.size_bytes) != (page_count, size_bytes):
        paper.page_count, paper.size_bytes = page_count, size_bytes
        paper.save(update_fields=["page_count", "size_bytes"])
    return paper
