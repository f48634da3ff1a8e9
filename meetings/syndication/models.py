"""Calendar entries: a stable UID and SEQUENCE per meeting for ICS subscribers."""

from django.db import models


class MeetingCalendarEntry(models.Model):
    """The iCalendar SEQUENCE of a meeting's event and the fingerprint it was last served with.

    When the date, time, venue or status of a meeting changes, the next calendar served raises
    the SEQUENCE so that calendar programs replace their copy (RFC 5545, 3.8.7.4).
    """

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, primary_key=True, related_name="calendar_entry"
    )
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "meeting calendar entries"

    def __str__(self) -> str:
        return f"{self.meeting_id} (sequence {self.sequence})"
