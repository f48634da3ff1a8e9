"""Tombstones of OParl objects: what was deleted or withdrawn from the public, and when.

OParl 1.1 §2.8: a deleted object keeps its URL and answers ``{"id", "type", "created", "deleted":
true, "modified"}``; lists filtered with ``modified_since`` carry it, so that clients learn of the
deletion. Rows are written by signals (``meetings.api.oparl.tombstones``) when an object is
deleted or stops being public (a meeting unpublished, an item or paper made exempt). A row is only
ever shown to a caller who cannot see the object now (see ``meetings.api.oparl.lists``), so a
withdrawn object is a tombstone for the public and still the full object for officers.
"""

from django.db import models
from django.utils import timezone


class OParlTombstone(models.Model):
    class Reason(models.TextChoices):
        DELETED = "deleted", "Deleted"
        WITHDRAWN = "withdrawn", "No longer public"

    kind = models.CharField(max_length=20, help_text="The OParl list it belonged to, e.g. 'paper' or 'file'.")
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.DELETED)
    created = models.DateTimeField(null=True, blank=True, help_text="The object's own creation time.")
    modified = models.DateTimeField(default=timezone.now, db_index=True, help_text="When it was deleted or withdrawn.")

    class Meta:
        verbose_name = "OParl tombstone"
        ordering = ["modified", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="oparl_tombstone_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.get_reason_display()})"
