"""Pack parts rendered from data: the previous meeting's minutes, terms and work programme.

Templates ``meetings/print/minutes.html`` and ``meetings/print/terms_and_work_programme.html``
with their contexts from ``meetings.packs.printing``. When there are no minutes to print yet, the
item gets a clear "not yet available" page (plus any papers uploaded to the item).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting
from meetings.packs import printing
from meetings.packs.registry import (
    HtmlSource,
    ItemContext,
    PaperSource,
    Source,
    register_kind,
)

MINUTES_TEMPLATE = "meetings/print/minutes.html"
TERMS_TEMPLATE = "meetings/print/terms_and_work_programme.html"
NOT_AVAILABLE_TEMPLATE = "meetings/pack/not_available.html"


def previous_meetings(meeting: Meeting):
    """The committee's earlier meetings that took place, latest first."""
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, start__lt=meeting.start)
        .going_ahead()
        .order_by("-start")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return previous_meetings(meeting).select_related("committee").first()


def _long_date(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y}"


def not_available(title: str, message: str) -> HtmlSource:
    return HtmlSource(title, NOT_AVAILABLE_TEMPLATE, {"heading": title, "message": message})


def printed_minutes_context(meeting: Meeting, user) -> dict | None:
    return printing.minutes_print_context(meeting, user)


def annex_label(minute) -> str:
    """The heading the printed minutes give a minute's exempt annex (meetings/print/minutes.html)."""
    return f"Exempt annex to minute {minute.reference}"


def minute_marks(context: dict) -> list[tuple[str, bool, int | None]]:
    """(label, printed with exempt text, paragraph) for each minute, in order: its reference (or
    title), exempt when an exempt minute's text is printed (visibility.minute_is_exempt); then,
    when its exempt annex is printed, the annex's heading, exempt. A public summary's own pages
    are not marked; its annex's are."""
    marks = []
    for entry in context.get("entries", ()):
        minute = entry.minute
        exempt = bool(getattr(entry, "text_visible", False) and visibility.minute_is_exempt(minute))
        paragraph = visibility.minute_exempt_paragraph(minute)
        marks.append((minute.reference or minute.title, exempt, paragraph))
        if getattr(entry, "annex_visible", False) and minute.reference:
            marks.append((annex_label(minute), True, paragraph))
    return marks


def exempt_minute_pages(reader, marks) -> dict[int, int | None]:
    """{page index: paragraph} of the pages that print exempt text: a page where an exempt
    minute's reference or an exempt annex's heading appears, or that continues one begun on an
    earlier page."""
    import re

    patterns = [
        # Words of a label may be split over lines in the extracted text.
        (re.compile(re.escape(label).replace(r"\ ", r"\s+") + r"(?!\d)"), exempt, paragraph)
        for label, exempt, paragraph in marks
        if label
    ]
    pages: dict[int, int | None] = {}
    current = None
    for index, page in enumerate(reader.pages):
        text = page.extract_text() or ""
        on_page = [(exempt, paragraph) for pattern, exempt, paragraph in patterns if pattern.search(text)]
        relevant = ([current] if current else []) + on_page
        exempt_here = [paragraph for exempt, paragraph in relevant if exempt]
        if exempt_here:
            pages[index] = exempt_here[0]
        if on_page:
            current = on_page[-1]
    return pages


class MinutesSource(HtmlSource):
    """Printed minutes: in a full pack only the pages of exempt minutes are marked, each with its
    paragraph (``exempt_pages``)."""

    def __init__(self, *args, marks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.marks = list(marks)

    def exempt_pages(self, reader) -> dict[int, int | None]:
        return exempt_minute_pages(reader, self.marks)


@register_kind(AgendaItem.Kind.MINUTES)
def minutes_provider(item: AgendaItem, ctx: ItemContext) -> list[Source]:
    sources: list[Source] = []
    previous = previous_meeting(ctx.meeting)
    context = (
        printed_minutes_context(previous, visibility.audience(include_exempt=ctx.include_exempt)) if previous else None
    )
    if context:
        title = f"Minutes of the meeting held on {_long_date(previous.start)}"
        # In the full pack, minutes showing the text of an exempt minute, or an exempt annex, are
        # exempt pages too.
        exempt = ctx.include_exempt and any(e.prints_exempt_text for e in context.get("entries", ()))
        sources.append(
            MinutesSource(
                title, MINUTES_TEMPLATE, {**context, "for_pack": True}, exempt=exempt, marks=minute_marks(context)
            )
        )
    elif not ctx.papers:
        when = f" of the meeting held on {_long_date(previous.start)}" if previous else ""
        sources.append(
            not_available(
                "Minutes not yet available",
                f"The minutes{when} are not yet available. They will be published on the meeting's page "
                "once they are ready.",
            )
        )
    sources.extend(PaperSource(p) for p in ctx.papers)
    return sources


@register_kind(AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME)
def terms_provider(item: AgendaItem, ctx: ItemContext) -> list[Source]:
    sources: list[Source] = []
    context = printing.terms_and_work_programme_print_context(
        ctx.meeting.committee,
        visibility.audience(include_exempt=ctx.include_exempt),
        on=timezone.localtime(ctx.meeting.start).date(),
        from_meeting=ctx.meeting,
    )
    if context:
        sources.append(HtmlSource(item.title, TERMS_TEMPLATE, {**context, "for_pack": True}))
    elif not ctx.papers:
        sources.append(
            not_available(
                "Terms of reference and work programme not yet available",
                "The terms of reference and work programme for this meeting are not yet available.",
            )
        )
    sources.extend(PaperSource(p) for p in ctx.papers)
    return sources
