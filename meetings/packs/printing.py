"""Contexts for the printable (WeasyPrint) minutes, terms of reference and work programme.

Templates: ``meetings/print/minutes.html`` and ``meetings/print/terms_and_work_programme.html``
(plain HTML and their own CSS; no GOV.UK Frontend). Both contexts already apply the one
visibility rule for the given user, so a pack built for the public (visibility.THE_PUBLIC) leaves
out exempt minute text and decisions and draft material.
"""

from django.utils import timezone

from meetings.agendas.models import Meeting
from meetings.committees.models import Committee
from meetings.minutes.selectors import minutes_context, terms_of_reference, work_programme
from meetings.years import municipal_year_start


def minutes_print_context(meeting: Meeting, user) -> dict | None:
    """Context for ``meetings/print/minutes.html``; None if the user may not read the minutes.

    Keys: meeting, minutes (MeetingMinutes: status, approved_at …), attendance (.present,
    .apologies, .absent: lists of lines as minuted), general_declarations, entries (each has
    .minute with .reference/.title/.narrative (sanitised HTML), .text_visible, .decisions,
    .declarations, .decisions_heading), is_draft, can_view_exempt.
    """
    return minutes_context(meeting=meeting, user=user)


def terms_and_work_programme_print_context(
    committee: Committee, user, on=None, from_meeting: Meeting | None = None
) -> dict:
    """Context for ``meetings/print/terms_and_work_programme.html``.

    Keys: committee, committee_name (in force on `on`), terms (selectors.Terms or None, for the
    municipal year containing `on`, default today: the prose with the membership, contact officer
    and schedule drawn from the records; the schedule from `from_meeting` on when given),
    programme (list of ProgrammeMeeting: .meeting, .deadline, .items; from `from_meeting` on when
    given), and programme_title ("Work Programme – October 2018" style, from `on`).
    """
    on = on or timezone.localdate()
    programme = work_programme(committee=committee, user=user, year=municipal_year_start(on))
    if from_meeting is not None:
        # Printed in a meeting's pack, the programme starts at that meeting (items still to be
        # scheduled come last, as on the page).
        programme = [p for p in programme if p.meeting is None or p.meeting.start >= from_meeting.start]
    return {
        "committee": committee,
        "committee_name": committee.names_on(on).name,
        "terms": terms_of_reference(committee=committee, user=user, on=on, from_meeting=from_meeting),
        "programme": programme,
        "programme_title": f"Work Programme – {on:%B %Y}",
    }
