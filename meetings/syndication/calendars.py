"""iCalendar (RFC 5545) files of public meetings: all committees, or one committee.

Calendars are public surfaces, so they list what an anonymous member of the public may see,
whoever asks (calendar programs fetch them without cookies anyway).
"""

import datetime

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from meetings import visibility
from meetings.agendas.models import Meeting
from meetings.committees.models import Committee
from meetings.syndication import services

# A calendar carries at most this many meetings: the latest by date (future ones first in line).
CALENDAR_MAX_EVENTS = 1000
# Used as the event's end when a meeting has no recorded end time.
DEFAULT_DURATION = datetime.timedelta(hours=2)

STATUS_MAP = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    # A postponed meeting will not take place at this time: calendar programs should drop it.
    Meeting.Status.POSTPONED: "CANCELLED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def public_meetings():
    return Meeting.objects.visible_to(visibility.THE_PUBLIC)


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting: it depends only on its id and the council."""
    return f"meeting-{meeting.pk}@{slugify(settings.COUNCIL_NAME) or 'council'}.scrutiny"


def meeting_event(meeting: Meeting, *, sequence: int, base_url: str, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    status = STATUS_MAP.get(meeting.status, "CONFIRMED")
    summary = meeting.committee_name
    if meeting.is_called_off:
        summary = f"{meeting.get_status_display().upper()}: {summary}"
    url = base_url + meeting.get_absolute_url()
    description = [f"{meeting.committee_name} meeting.", f"Agenda and papers: {url}"]
    if meeting.status_note:
        description.insert(0, meeting.status_note)
    if meeting.access_notes:
        description.append(meeting.access_notes)
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at.astimezone(datetime.timezone.utc))
    event.add("dtstart", meeting.start.astimezone(datetime.timezone.utc))
    event.add("dtend", (meeting.end or meeting.start + DEFAULT_DURATION).astimezone(datetime.timezone.utc))
    event.add("summary", summary)
    event.add("location", meeting.venue)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    return event


def build_calendar(meetings: list[Meeting], *, name: str, base_url: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//Scrutiny//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    sequences = services.calendar_sequences_update(meetings=meetings)
    stamp = timezone.now().astimezone(datetime.timezone.utc).replace(microsecond=0)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, sequence=sequences[meeting.pk], base_url=base_url, stamp=stamp))
    return cal.to_ical()


def calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


class CalendarView(View):
    """All public meetings of every committee (or of one, see CommitteeCalendarView)."""

    def get_meetings(self):
        return public_meetings().select_related("committee").prefetch_related("committee__former_names")

    def get_events(self) -> list[Meeting]:
        latest = self.get_meetings().order_by("-start")[:CALENDAR_MAX_EVENTS]
        return sorted(latest, key=lambda m: m.start)

    def get_name(self) -> str:
        return f"{settings.COUNCIL_NAME}: council meetings"

    def get_filename(self) -> str:
        return "meetings.ics"

    def get(self, request, *args, **kwargs):
        base_url = request.build_absolute_uri("/").rstrip("/")
        content = build_calendar(self.get_events(), name=self.get_name(), base_url=base_url)
        return calendar_response(content, filename=self.get_filename())


class CommitteeCalendarView(CalendarView):
    def get(self, request, *args, **kwargs):
        self.committee = get_object_or_404(Committee, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_meetings(self):
        return super().get_meetings().filter(committee=self.committee)

    def get_name(self) -> str:
        return f"{self.committee.name} meetings"

    def get_filename(self) -> str:
        return f"{self.committee.slug}.ics"


class MeetingCalendarView(CalendarView):
    """One meeting, for 'Add to my calendar'. Drafts answer 404 like the meeting page."""

    def get(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(public_meetings().select_related("committee"), pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_events(self):
        return [self.meeting]

    def get_name(self) -> str:
        return str(self.meeting)

    def get_filename(self) -> str:
        return f"meeting-{self.meeting.pk}.ics"
