"""The search index: one row per searchable thing, whichever app it comes from.

Each app contributes indexers in its own ``search_index.py`` (see ``meetings/search.py``); the
index knows nothing of inspections or action plans beyond the rows they write. Visibility is
answered by the one rule in ``meetings.visibility`` through ``SearchEntry.objects.visible_to``.

On PostgreSQL ``search_vector`` holds the weighted English tsvector (title A, body B) behind a GIN
index made by migration; on SQLite it stays empty and search falls back to ``icontains``.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from meetings import visibility


class SearchEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Entries the user may find: the one visibility rule, applied through the meeting."""
        qs = self
        meeting_rule = visibility.visible_meeting_q(user, prefix="meeting__")
        if meeting_rule:  # an empty Q means every meeting; OR-ing it would drop it
            qs = qs.filter(models.Q(meeting__isnull=True) | meeting_rule)
        if not visibility.can_view_drafts(user):
            # "Published on or before today" is decided now, not when the entry was written.
            qs = qs.filter(published=True).filter(
                models.Q(public_from__isnull=True) | models.Q(public_from__lte=timezone.localdate())
            )
        if not visibility.can_view_exempt(user):
            qs = qs.filter(exempt=False)
        return qs


class SearchEntry(models.Model):
    kind = models.CharField(max_length=40, help_text="What this is, e.g. meeting, agenda_item, paper.")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    committee = models.ForeignKey(
        "meetings.Committee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The meeting whose publication decides visibility, if any.",
    )
    date = models.DateField(null=True, blank=True)
    exempt = models.BooleanField(default=False, help_text="Only for people allowed to see exempt papers.")
    published = models.BooleanField(default=True, help_text="False for draft material (officers only).")
    public_from = models.DateField(
        null=True, blank=True, help_text="The date from which the public may find it (e.g. a report's publication)."
    )
    fingerprint = models.CharField(
        max_length=200, blank=True, help_text="Identifies the source file, so rebuilds can reuse extracted text."
    )
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_one_per_object"),
        ]
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["committee", "date"]),
            models.Index(fields=["-date", "-id"], name="search_entry_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url
