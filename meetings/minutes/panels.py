"""The minutes area's panels: minutes on the meeting page, terms of reference on the committee
page, the attendance record on a person's page."""

from meetings import panels
from meetings.minutes.selectors import minutes_context, person_attendance, terms_of_reference


def meeting_minutes(meeting, user, **extra) -> dict:
    return {"meeting": meeting, "heading_level": 2, **(minutes_context(meeting=meeting, user=user) or {})}


def committee_terms(committee, user, **extra) -> dict:
    return {"committee": committee, "terms": terms_of_reference(committee=committee, user=user)}


def attendance_record(person, user, **extra) -> dict:
    return {"person": person, "rows": person_attendance(person=person, user=user)}


def register() -> None:
    panels.register(
        page="meeting", slot="after_agenda", template="meetings/includes/meeting_minutes.html", load=meeting_minutes
    )
    panels.register(
        page="committee", slot="terms", template="meetings/includes/terms_of_reference.html", load=committee_terms
    )
    panels.register(
        page="person",
        slot="after_memberships",
        template="meetings/includes/attendance_record.html",
        load=attendance_record,
    )
