"""Tags that add minutes, attendance records and terms of reference to the lead's pages
(meeting, person and committee pages) through their template blocks."""

from django import template

from ..minutes_selectors import current_terms, minutes_context, person_attendance

register = template.Library()


@register.inclusion_tag("meetings/includes/meeting_minutes.html", takes_context=True)
def meeting_minutes(context, meeting):
    data = minutes_context(meeting=meeting, user=context["request"].user) or {}
    return {"meeting": meeting, "heading_level": 2, **data}


@register.inclusion_tag("meetings/includes/attendance_record.html", takes_context=True)
def attendance_record(context, person):
    return {"person": person, "rows": person_attendance(person=person, user=context["request"].user)}


@register.inclusion_tag("meetings/includes/terms_of_reference.html")
def committee_terms(committee):
    return {"committee": committee, "terms": current_terms(committee=committee)}
