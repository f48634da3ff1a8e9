"""The record of built PDFs and the change stamp that says when they may be stale."""

from django.db import models


class PackBuild(models.Model):
    """One built PDF (an agenda pack, a front sheet, printed minutes) for one content version.

    The file lives in the `packs` storage (meetings/storage.py) and is never served by URL: the
    pack views apply the visibility rule and then stream it (or redirect to a presigned URL). Rows with warnings (a corrupt paper replaced by a
    placeholder, a failed prebuild) are shown to officers in the admin.
    """

    class Variant(models.TextChoices):
        PUBLIC = "public", "Public agenda pack"
        FULL = "full", "Full agenda pack (with exempt papers)"
        FRONT = "front", "Agenda front sheet"
        MINUTES = "minutes", "Printed minutes"
        PAPER = "paper", "Officer report"

    class Status(models.TextChoices):
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="pack_builds")
    variant = models.CharField(max_length=10, choices=Variant.choices)
    key = models.CharField(max_length=64, help_text="Content version: a hash of everything in the file.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    path = models.CharField(max_length=300, blank=True, help_text="The file's name in the packs storage.")
    page_count = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveBigIntegerField(default=0)
    warnings = models.TextField(blank=True, help_text="Problems found while building, one per line.")
    build_seconds = models.FloatField(default=0)
    stamp = models.CharField(
        max_length=80,
        blank=True,
        db_index=True,
        help_text="The change stamp this file was last checked against (see PackGeneration).",
    )
    built_at = models.DateTimeField(auto_now=True)
    despatch = models.ForeignKey(
        "meetings.Despatch",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pack_builds",
        help_text="Set for a pack or front sheet stored as issued with this despatch (never pruned).",
    )

    class Meta:
        ordering = ["-built_at"]
        verbose_name = "built PDF"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "variant", "key"], name="pack_build_unique_version"),
        ]
        indexes = [models.Index(fields=["meeting", "key"])]

    def __str__(self) -> str:
        return f"{self.get_variant_display()} – {self.meeting}"

    @property
    def warning_list(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line.strip()]


class PackGeneration(models.Model):
    """A counter bumped (by post_save/post_delete signals) whenever anything a pack may print
    changes. A stored pack checked against the current value is served without recomputing its
    content key; any change sends the next request down the full check (which rebuilds only if
    the content key really changed)."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "pack change counter"

    def __str__(self) -> str:
        return str(self.value)


class BuildClaim(models.Model):
    """A builder's claim on a lock name, where the database has no advisory locks (SQLite: one
    machine by definition). The claim is its own short transaction, so SQLite's write lock is not
    held during the build; others poll until it is released, or take it over once older than
    PACK_BUILD_CLAIM_STALE_SECONDS (a builder that died). See meetings/packs/locks.py."""

    name = models.CharField(max_length=200, unique=True)
    token = models.CharField(max_length=32)
    claimed_at = models.DateTimeField()

    class Meta:
        verbose_name = "pack build claim"

    def __str__(self) -> str:
        return self.name
