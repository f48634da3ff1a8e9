"""What meetings contributes to the search index: meetings, agenda items, papers, minutes (and
their exempt annexes) and decisions.

The text of a paper is extracted from its PDF with pypdf when the paper is saved (and reused on
rebuilds while the file is unchanged). Visibility needs no copying: entries point at their
meeting, and an exempt paper's entry is marked exempt.
"""

import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.committees.models import Committee, CommitteeName
from meetings.minutes.models import Decision, MeetingMinutes, Minute, MinuteExemptAnnex
from meetings.reports.models import OfficerReport, ReportSection
from meetings.search.services import Indexer, SearchDocument, registry, text_in_background

logger = logging.getLogger(__name__)


def extract_pdf_text(field_file) -> str:
    """The text of a stored PDF, or "" when it has none or cannot be read."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            reader = PdfReader(handle, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return ""
            parts = []
            for page in reader.pages[: settings.PAPER_MAX_PAGES]:
                parts.append(page.extract_text() or "")
            return "\n".join(parts)
    except Exception:  # a damaged file must not stop the paper being saved
        logger.warning("Could not extract text from %s", field_file.name, exc_info=True)
        return ""


def _extraction_waits() -> bool:
    """Whether text extraction is left to a worker (with the immediate backend it is done here,
    in the same write as the rest of the entry)."""
    from meetings.jobs.services import runs_in_background
    from meetings.search.tasks import search_extract_text

    return runs_in_background(search_extract_text)


def report_text(report: OfficerReport) -> str:
    """The words of an officer report written in the admin (an authored paper)."""
    parts = [report.subject, report.report_of, report.summary, report.recommendations, report.wards_affected]
    for section in report.sections.all():
        parts += [section.heading, section.body]
    return "\n".join(part for part in parts if part)


def _url(obj, fallback) -> str:
    return obj.get_absolute_url()


def _minutes_public(meeting: Meeting) -> bool:
    try:
        return meeting.minutes.is_public
    except ObjectDoesNotExist:
        return False


def _meeting_date(meeting: Meeting):
    return timezone.localtime(meeting.start).date()


@registry.register
class CommitteeWatcher(Indexer):
    """A committee's name is in its meetings' titles: renaming it re-indexes them and everything
    under them (in the background: a committee's archive can be thousands of entries)."""

    model = Committee
    kind = "committee"
    label = ""
    indexes = False
    cascade_in_background = True

    def related(self, obj):
        return Meeting.objects.filter(committee=obj).select_related("committee")


@registry.register
class CommitteeNameWatcher(Indexer):
    """A former name is in the titles of the meetings held under it: adding, changing or removing
    one re-indexes its committee's meetings (in the background, as a rename does)."""

    model = CommitteeName
    kind = "committee_name"
    label = ""
    indexes = False
    cascade_in_background = True

    def related(self, obj):
        return (
            Meeting.objects.filter(committee_id=obj.committee_id)
            .select_related("committee")
            .prefetch_related("committee__former_names")
        )


@registry.register
class MeetingIndexer(Indexer):
    model = Meeting
    kind = "meeting"
    label = "Meetings"

    def get_queryset(self):
        return Meeting.objects.select_related("committee").prefetch_related("committee__former_names")

    def document(self, obj, previous):
        body = ". ".join(
            part for part in (obj.venue, obj.get_status_display(), obj.status_note, obj.committee.description) if part
        )
        return SearchDocument(
            title=str(obj),
            body=body,
            url=obj.get_absolute_url(),
            committee_id=obj.committee_id,
            meeting_id=obj.pk,
            date=_meeting_date(obj),
        )

    # A meeting's own changes (name, date, venue) alter only what its entries show.
    cascade_in_background = True

    def related(self, obj):
        # Entries under the meeting carry its committee and date.
        if not obj.items.exists():
            return []
        items = list(obj.items.select_related("meeting"))
        papers = list(Paper.objects.filter(item__meeting=obj).select_related("item__meeting", "report"))
        minutes = list(Minute.objects.filter(meeting=obj).select_related("meeting__minutes", "item"))
        decisions = list(
            Decision.objects.filter(minute__meeting=obj).select_related("minute__meeting__minutes", "minute__item")
        )
        return items + papers + minutes + decisions


@registry.register
class AgendaItemIndexer(Indexer):
    """An item's title, purpose and exemption paragraph are public even when it is exempt."""

    model = AgendaItem
    kind = "agenda_item"
    label = "Agenda items"

    def get_queryset(self):
        return AgendaItem.objects.select_related("meeting__committee")

    def document(self, obj, previous):
        meeting = obj.meeting
        report_of = f"Report of {obj.report_of}" if obj.report_of else ""
        body = ". ".join(part.rstrip(".") for part in (obj.purpose, report_of, obj.exemption_text) if part)
        return SearchDocument(
            title=obj.title,
            body=body,
            url=obj.get_absolute_url(),
            committee_id=meeting.committee_id,
            meeting_id=meeting.pk,
            date=_meeting_date(meeting),
        )

    def related(self, obj):
        # Papers and minutes are exempt through their item: re-mark them when the item changes.
        others = list(obj.papers.select_related("item__meeting", "report"))
        others += list(Minute.objects.filter(item=obj).select_related("meeting__minutes", "item"))
        return others


@registry.register
class PaperIndexer(Indexer):
    model = Paper
    kind = "paper"
    label = "Papers"

    def get_queryset(self):
        return Paper.objects.select_related("item__meeting__committee", "report")

    def document(self, obj, previous):
        fingerprint = f"{obj.sha256}:{obj.file.name}" if obj.file else ""
        if obj.report_id:
            text = report_text(obj.report)
        elif previous is not None and fingerprint and previous.fingerprint == fingerprint:
            text = previous.body
        elif fingerprint and text_in_background() and _extraction_waits():
            # A new file: its text is extracted by a background task, which writes the entry
            # again. Until then the entry has the title only (never the replaced file's text),
            # and no fingerprint, so a rebuild extracts it if the task never ran.
            from meetings.search.tasks import extract_text_enqueue

            extract_text_enqueue(obj)
            text, fingerprint = "", ""
        else:
            text = extract_pdf_text(obj.file)
        meeting = obj.item.meeting
        return SearchDocument(
            title=obj.title,
            body=text,
            url=obj.get_absolute_url(),
            committee_id=meeting.committee_id,
            meeting_id=meeting.pk,
            date=_meeting_date(meeting),
            exempt=obj.is_exempt,
            fingerprint=fingerprint,
        )


@registry.register
class OfficerReportWatcher(Indexer):
    """An authored report is searched as its paper: keep the paper's text current."""

    model = OfficerReport
    kind = "officer_report"
    label = ""
    indexes = False

    def related(self, obj):
        return Paper.objects.filter(report=obj).select_related("item__meeting", "report")


@registry.register
class ReportSectionWatcher(Indexer):
    model = ReportSection
    kind = "report_section"
    label = ""
    indexes = False

    def related(self, obj):
        return Paper.objects.filter(report_id=obj.report_id).select_related("item__meeting", "report")


@registry.register
class MinuteIndexer(Indexer):
    """A minute: its reference, title and narrative (never its exempt annex, which has its own
    entry). Public once the minutes are published; an exempt minute's text
    (visibility.minute_is_exempt) only for those who may see exempt information."""

    model = Minute
    kind = "minute"
    label = "Minutes"

    def get_queryset(self):
        return Minute.objects.select_related("meeting__committee", "meeting__minutes", "item")

    def document(self, obj, previous):
        meeting = obj.meeting
        return SearchDocument(
            title=f"{obj.reference} {obj.title}".strip(),
            body=strip_tags(obj.narrative),
            url=_url(obj, meeting),
            committee_id=meeting.committee_id,
            meeting_id=meeting.pk,
            date=_meeting_date(meeting),
            exempt=visibility.minute_is_exempt(obj),
            published=_minutes_public(meeting),
        )

    def related(self, obj):
        # Its decisions take their exemption from it; its exempt annex has an entry of its own.
        decisions = list(obj.decisions.select_related("minute__meeting__minutes", "minute__item"))
        annex = MinuteExemptAnnex.objects.select_related("meeting__committee", "meeting__minutes").filter(pk=obj.pk)
        return [*decisions, *annex]


@registry.register
class MinuteExemptAnnexIndexer(Indexer):
    """A minute's exempt annex (the detail kept exempt from a public summary): always exempt, so
    only those who may read exempt material find it. Written whenever its minute is (the
    minute's related()); no entry while the annex is blank."""

    model = MinuteExemptAnnex
    kind = "minute"  # found among the minutes
    label = "Minutes"

    def get_queryset(self):
        return MinuteExemptAnnex.objects.exclude(exempt_annex="").select_related(
            "meeting__committee", "meeting__minutes", "item"
        )

    def document(self, obj, previous):
        if not obj.exempt_annex:
            return None
        meeting = obj.meeting
        return SearchDocument(
            title=f"{obj.reference} {obj.title} (exempt annex)".strip(),
            body=strip_tags(obj.exempt_annex),
            url=f"{obj.get_absolute_url()}-annex",  # the annex on the minutes page (minutes_body.html)
            committee_id=meeting.committee_id,
            meeting_id=meeting.pk,
            date=_meeting_date(meeting),
            exempt=True,
            published=_minutes_public(meeting),
        )


def _unindex_exempt_annex(sender, instance, **kwargs):
    """A deleted minute takes its exempt annex's entry with it (the delete signal names the
    minute, whose own entry the registry removes)."""
    from meetings.search.services import unindex_object

    unindex_object(MinuteExemptAnnex(pk=instance.pk))


post_delete.connect(_unindex_exempt_annex, sender=Minute, dispatch_uid="search-delete-minute-exempt-annex")


@registry.register
class DecisionIndexer(Indexer):
    model = Decision
    kind = "decision"
    label = "Decisions"

    def get_queryset(self):
        return Decision.objects.select_related("minute__meeting__committee", "minute__meeting__minutes", "minute__item")

    def document(self, obj, previous):
        minute = obj.minute
        meeting = minute.meeting
        text = " ".join(obj.text.split())
        title = text if len(text) <= 150 else text[:149].rsplit(" ", 1)[0] + "…"
        return SearchDocument(
            title=f"{minute.reference} ({obj.number}) {title}",
            body=" ".join(part for part in (obj.text, obj.owner, obj.get_status_display(), obj.response) if part),
            url=_url(obj, meeting),
            committee_id=meeting.committee_id,
            meeting_id=meeting.pk,
            date=_meeting_date(meeting),
            exempt=visibility.minute_is_exempt(minute),
            published=_minutes_public(meeting),
        )


@registry.register
class MeetingMinutesWatcher(Indexer):
    """Publishing minutes makes their minutes and decisions findable by the public."""

    model = MeetingMinutes
    kind = "meeting_minutes"
    label = ""
    indexes = False

    def related(self, obj):
        minutes = list(Minute.objects.filter(meeting_id=obj.meeting_id).select_related("meeting__minutes", "item"))
        decisions = list(
            Decision.objects.filter(minute__meeting_id=obj.meeting_id).select_related(
                "minute__meeting__minutes", "minute__item"
            )
        )
        return minutes + decisions
