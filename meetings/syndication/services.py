"""State changes for calendars: the SEQUENCE of each meeting's calendar entry."""

import hashlib

from django.db import transaction

from meetings.agendas.models import Meeting
from meetings.syndication.models import MeetingCalendarEntry


def meeting_fingerprint(meeting: Meeting) -> str:
    parts = [
        meeting.committee_name,
        meeting.start.isoformat(),
        meeting.end.isoformat() if meeting.end else "",
        meeting.venue,
        meeting.status,
        meeting.status_note,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def calendar_sequences_update(*, meetings: list[Meeting]) -> dict[int, int]:
    """SEQUENCE per meeting id, raised for every meeting whose details changed since last served
    (RFC 5545: a calendar client replaces its copy only when SEQUENCE goes up).

    Three queries whatever the number of meetings.
    """
    ids = [m.pk for m in meetings]
    with transaction.atomic():
        entries = {e.meeting_id: e for e in MeetingCalendarEntry.objects.filter(meeting_id__in=ids)}
        new, changed = [], []
        for meeting in meetings:
            fingerprint = meeting_fingerprint(meeting)
            entry = entries.get(meeting.pk)
            if entry is None:
                entry = MeetingCalendarEntry(meeting=meeting, sequence=0, fingerprint=fingerprint)
                entries[meeting.pk] = entry
                new.append(entry)
            elif entry.fingerprint != fingerprint:
                entry.sequence += 1
                entry.fingerprint = fingerprint
                changed.append(entry)
        if new:
            MeetingCalendarEntry.objects.bulk_create(new, ignore_conflicts=True)
        if changed:
            MeetingCalendarEntry.objects.bulk_update(changed, ["sequence", "fingerprint"])
    return {pk: entry.sequence for pk, entry in entries.items()}
