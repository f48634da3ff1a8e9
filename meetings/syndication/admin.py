"""Admin for calendar entries (read-only; a technical record: superusers only)."""

from django.contrib import admin

from meetings.admin_utils import ReadOnlyAdmin, SuperusersOnlyAdmin
from meetings.syndication.models import MeetingCalendarEntry


@admin.register(MeetingCalendarEntry)
class MeetingCalendarEntryAdmin(SuperusersOnlyAdmin, ReadOnlyAdmin):
    list_display = ["meeting", "sequence"]
    search_fields = ["meeting__committee__name"]
    list_select_related = ["meeting__committee"]
