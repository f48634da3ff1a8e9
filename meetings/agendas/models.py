"""Meetings, their agenda items and the papers under each item."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from meetings.agendas.querysets import (
    AgendaItemQuerySet,
    MeetingQuerySet,
    PaperQuerySet,
)
from meetings.committees.models import Committee
from meetings.reversing import pk_url
from meetings.validators import validate_pdf_upload
from meetings.years import municipal_year_label

# --- Approved minutes are final (README "Minutes"; DESIGN "the law and practice") ---------------
# Once a meeting's minutes are approved as a correct record (or locked), neither they nor what
# they refer to change: the meeting's date, time, venue and status, its agenda items' numbers,
# titles and exemptions, and its papers. This is the one place that rule is enforced for
# meetings, items and papers: their clean() (forms, the admin), save() (services, commands, any
# other code) and delete() ask it. The admin shows the same fields read-only
# (meetings.admin_utils.LockedWhenMinutesApprovedMixin).

# MeetingMinutes.Status values that make minutes final (meetings/minutes/models.py). Spelled out
# here because this area comes before `minutes` and reaches them only through the relation.
FINAL_MINUTES_STATUSES = ("approved", "locked")

FINAL_MESSAGE = (
    "The minutes of this meeting have been approved as a correct record, so {what} can no longer be changed."
)


def minutes_are_final(meeting_id) -> bool:
    """True once the minutes of the meeting with this id are approved (or locked)."""
    if not meeting_id:
        return False
    return Meeting.objects.filter(pk=meeting_id, minutes__status__in=FINAL_MINUTES_STATUSES).exists()


def _stored(instance: models.Model, fields: tuple[str, ...]) -> dict | None:
    """The stored values of `fields` (attnames), or None for a row not saved yet."""
    if instance.pk is None or instance._state.adding:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()


def refuse_if_final(instance: models.Model, *, fields: tuple[str, ...], meeting_of, what: str) -> None:
    """Raise ValidationError if `instance` belongs (or belonged) to a meeting whose minutes are
    final and adding it, or changing any of `fields`, is attempted. `meeting_of(values)` gives
    the meeting id for a dict of values of `fields`."""
    attnames = tuple(instance._meta.get_field(name).attname for name in fields)
    current = {name: getattr(instance, name) for name in attnames}
    stored = _stored(instance, attnames)
    meeting_ids = {meeting_of(current)} | ({meeting_of(stored)} if stored else set())
    if not any(minutes_are_final(meeting_id) for meeting_id in meeting_ids):
        return
    if stored is None or any(current[name] != stored[name] for name in attnames):
        raise ValidationError(FINAL_MESSAGE.format(what=what), code="minutes_final")


def refuse_delete_if_final(meeting_id, *, what: str) -> None:
    if minutes_are_final(meeting_id):
        raise ValidationError(FINAL_MESSAGE.format(what=what), code="minutes_final")


class FinalOnceMinutesApproved:
    """Model mixin for the records minutes fix: once the meeting's minutes are approved, adding
    one, changing its ``FINAL_FIELDS`` or deleting it is refused, whatever the door (``clean``,
    ``save``, ``delete``). ``FINAL_WHAT`` names them in the message ("its agenda items")."""

    FINAL_FIELDS: tuple[str, ...] = ()
    FINAL_WHAT = ""

    def refuse_if_final(self) -> None:
        refuse_if_final(
            self, fields=self.FINAL_FIELDS, meeting_of=lambda values: values["meeting_id"], what=self.FINAL_WHAT
        )

    def clean(self):
        super().clean()
        self.refuse_if_final()

    def save(self, *args, **kwargs):
        self.refuse_if_final()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_delete_if_final(self.meeting_id, what=self.FINAL_WHAT)
        return super().delete(*args, **kwargs)


def _item_meeting_id(values: dict):
    item_id = values.get("item_id")
    if not item_id:
        return None
    return AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    # Statuses of a meeting that will not take place on its date.
    CALLED_OFF = (Status.CANCELLED, Status.POSTPONED)

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300)
    access_notes = models.TextField(
        blank=True,
        help_text=(
            "How the public can get to the meeting room; shown on the agenda. Put **two asterisks** "
            "around text to print it in bold."
        ),
    )
    welcome = models.CharField(
        max_length=300,
        blank=True,
        default="Everyone is welcome to attend this meeting.",
        help_text="Opening line on the agenda front sheet.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.TextField(
        blank=True,
        help_text="Shown in the banner of a cancelled or postponed meeting, e.g. the new date.",
    )
    announced = models.BooleanField(
        "announce publicly",
        default=True,
        help_text=(
            "The meeting's date, time and venue are public from when it is scheduled (Local "
            "Government Act 1972 s.100A(6)). Untick to keep a provisional date to officers."
        ),
    )
    postponed_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postponed_from",
        help_text="The meeting this one was postponed to.",
    )
    agenda_issued_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date the agenda was issued. Leave blank while the meeting is a draft.",
    )
    issued_by = models.CharField(
        max_length=300,
        blank=True,
        default="the Governance and Scrutiny Support Unit",
        help_text="Completes 'This agenda was issued on … by …'.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    objects = MeetingQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        permissions = [("view_draft", "Can see meetings whose agenda is not yet issued")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "held", "postponed", "cancelled"]),
                name="meeting_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "start"]),
            models.Index(fields=["agenda_issued_on"]),
            # Lists newest meeting first (API minutes and decisions, the register) walk this index
            # instead of sorting every row.
            models.Index(fields=["start"], name="meeting_start_idx"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.committee_name}, {local:%-d %B %Y}"

    @property
    def committee_names(self):
        """The committee's name, short code and parent in force on the meeting's date (a
        CommitteeName): names are printed as they were at the time. On lists, prefetch
        ``committee__former_names`` (one query for all)."""
        return self.committee.names_on(timezone.localtime(self.start).date())

    @property
    def committee_name(self) -> str:
        return self.committee_names.name

    def get_absolute_url(self) -> str:
        return pk_url("meetings:meeting-detail", self.pk)

    @property
    def is_called_off(self) -> bool:
        """Cancelled or postponed: it will not take place on its date."""
        return self.status in self.CALLED_OFF

    @property
    def is_published(self) -> bool:
        """Whether the agenda is public (the main despatch is issued, on or before today)."""
        return self.agenda_issued_on is not None and self.agenda_issued_on <= timezone.localdate()

    @property
    def is_announced(self) -> bool:
        """Whether the meeting's notice (date, time, venue, status) is public."""
        return self.announced or self.is_published

    @property
    def stage(self) -> str:
        """ "draft", "announced" or "issued" (meetings.visibility.meeting_stage)."""
        from meetings.visibility import meeting_stage

        return meeting_stage(self)

    @property
    def municipal_year(self) -> str:
        return municipal_year_label(timezone.localtime(self.start).date())

    # Fixed once the minutes are approved (see refuse_if_final above).
    FINAL_FIELDS = ("committee", "start", "end", "venue", "status", "agenda_issued_on")

    @property
    def minutes_are_final(self) -> bool:
        return minutes_are_final(self.pk)

    def refuse_if_final(self) -> None:
        refuse_if_final(
            self, fields=self.FINAL_FIELDS, meeting_of=lambda values: self.pk, what="its date, time, venue and status"
        )

    def clean(self):
        super().clean()
        self.refuse_if_final()

    def save(self, *args, **kwargs):
        self.refuse_if_final()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_delete_if_final(self.pk, what="the meeting")
        return super().delete(*args, **kwargs)


class AgendaItem(FinalOnceMinutesApproved, models.Model):
    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies"
        INTERESTS = "interests", "Declarations of interest"
        MINUTES = "minutes", "Minutes of the previous meeting"
        REPORT = "report", "Report"
        TERMS_AND_WORK_PROGRAMME = "terms_work_programme", "Terms of reference and work programme"
        EXCLUSION = "exclusion", "Exclusion of the public"
        URGENT = "urgent_business", "Urgent business"
        OTHER = "other", "Other"

    class ExemptParagraph(models.IntegerChoices):
        P1 = 1, "1 – Information relating to any individual"
        P2 = 2, "2 – Information likely to reveal the identity of an individual"
        P3 = 3, "3 – Financial or business affairs of any particular person"
        P4 = 4, "4 – Consultations or negotiations on labour relations"
        P5 = 5, "5 – Legal professional privilege"
        P6 = 6, "6 – Notices, orders or directions under any enactment"
        P7 = 7, "7 – Prevention, investigation or prosecution of crime"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(help_text="The item's number on the agenda.")
    title = models.CharField(max_length=400)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.REPORT)
    purpose = models.TextField(blank=True, help_text="What the committee is asked to do.")
    report_of = models.CharField(max_length=300, blank=True, help_text="Whose report it is.")
    to_follow = models.BooleanField(default=False, help_text="Papers will be published later.")
    urgent = models.BooleanField(default=False, help_text="Urgent business admitted by the Chair.")
    urgent_reason = models.TextField(
        blank=True,
        help_text=(
            "Why the Chair is of the opinion that the item is urgent (s.100B(4)(b)); printed on "
            "the supplementary agenda and offered to the minutes."
        ),
    )
    show_exemption = models.BooleanField(
        "print the exemption sentence",
        default=True,
        help_text="Print 'Exempt under paragraph N …' under an exempt item on the front sheet.",
    )
    standing = models.BooleanField(
        default=False, help_text="Copied onto the next meeting's agenda (e.g. minutes, work programme)."
    )
    exempt = models.BooleanField(
        default=False, help_text="Taken in private: papers and minute text withheld from the public."
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph.choices,
        null=True,
        blank=True,
        help_text="Paragraph of Schedule 12A to the Local Government Act 1972.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record last changed (API modified_since).")
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    objects = AgendaItemQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_item_number_positive"),
            models.CheckConstraint(
                condition=(
                    Q(exempt=True, exempt_paragraph__isnull=False, exempt_paragraph__gte=1, exempt_paragraph__lte=7)
                )
                | Q(exempt=False, exempt_paragraph__isnull=True),
                name="agenda_item_exempt_names_paragraph",
                violation_error_message=(
                    "An exempt item must name its paragraph of Schedule 12A (1 to 7); "
                    "an item that is not exempt must not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.number}"

    # Fixed once the meeting's minutes are approved (FinalOnceMinutesApproved).
    FINAL_FIELDS = ("meeting", "number", "title", "exempt", "exempt_paragraph")
    FINAL_WHAT = "its agenda items"

    @property
    def exemption_text(self) -> str:
        if not self.exempt:
            return ""
        return f"Exempt under paragraph {self.exempt_paragraph} of Schedule 12A to the Local Government Act 1972"


def paper_upload_to(instance: "Paper", filename: str) -> str:
    return f"papers/{uuid.uuid4().hex}.pdf"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(
        upload_to=paper_upload_to,
        validators=[validate_pdf_upload],
        blank=True,
        help_text="An uploaded PDF. Leave empty for an officer report written here instead.",
    )
    report = models.OneToOneField(
        "OfficerReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paper",
        help_text="An officer report written in the admin, instead of an uploaded PDF.",
    )
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    exempt = models.BooleanField(
        default=False, help_text="Withhold this paper from the public even if its item is open."
    )
    page_count = models.PositiveIntegerField(default=0, editable=False)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    tagged = models.BooleanField(
        "tagged PDF",
        null=True,
        editable=False,
        help_text="Whether the uploaded PDF is tagged (a structure tree that screen readers follow). "
        "An untagged one is not accessible: upload a tagged PDF or the Word file. Empty for officer reports.",
    )
    uploaded_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    objects = PaperQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "id"]
        permissions = [("view_exempt", "Can see exempt papers and minutes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256="") | Q(sha256__regex=r"^[0-9a-f]{64}$"), name="paper_sha256_hex"
            ),
            models.CheckConstraint(
                condition=(Q(report__isnull=True) & ~Q(file="")) | (Q(report__isnull=False) & Q(file="")),
                name="paper_file_or_report",
                violation_error_message="A paper is either an uploaded PDF or an officer report, not both or neither.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:paper-download", kwargs={"pk": self.pk, "filename": self.download_name})

    @property
    def download_name(self) -> str:
        return f"{slugify(self.title)[:80] or 'paper'}.pdf"

    @property
    def is_exempt(self) -> bool:
        return self.exempt or self.item.exempt

    @property
    def is_authored(self) -> bool:
        return self.report_id is not None

    @property
    def not_accessible(self) -> bool:
        """An uploaded PDF without tags: readers are pointed to its text version."""
        return self.report_id is None and self.tagged is False

    def get_html_url(self) -> str:
        """The public HTML page of an authored report ('' for an uploaded PDF)."""
        if self.report_id is None:
            return ""
        return reverse("meetings:report-detail", kwargs={"pk": self.pk})

    # Fixed once the meeting's minutes are approved (see refuse_if_final above).
    FINAL_FIELDS = ("item", "title", "order", "file", "report", "exempt")

    def refuse_if_final(self) -> None:
        refuse_if_final(self, fields=self.FINAL_FIELDS, meeting_of=_item_meeting_id, what="its papers")

    def save(self, *args, **kwargs):
        self.refuse_if_final()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_delete_if_final(self.item.meeting_id if self.item_id else None, what="its papers")
        return super().delete(*args, **kwargs)

    def clean(self):
        self.refuse_if_final()
        from meetings.validators import already_refused, inspect_pdf

        if self.file and not getattr(self.file, "_committed", True):
            if already_refused(self.file.file):
                return  # the field's validator has reported why, on the file field; say it once
            try:
                info = inspect_pdf(self.file.file)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc
            self.page_count = info.page_count
            self.size_bytes = info.size
            self.sha256 = info.sha256
            self.tagged = info.tagged
            self.original_filename = PurePath(self.file.name).name[:255]


# --- Despatches (DESIGN "What was issued stays issued") --------------------------------------


class DespatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meetings import visibility

        qs = self.filter(visibility.visible_agenda_q(user, prefix="meeting__"))
        if not visibility.can_view_drafts(user):
            qs = qs.filter(issued_on__lte=timezone.localdate())
        return qs


class Despatch(models.Model):
    """One issue of a meeting's agenda: the main despatch (number 0) or a supplementary agenda
    (1, 2 …), with its date, who issued it and what it held (a manifest of items and paper
    versions). Never changed after it is made; its packs are stored as issued (PackBuild rows
    with this despatch)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="despatches")
    number = models.PositiveSmallIntegerField(help_text="0 for the main agenda, then 1, 2 … for supplements.")
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The officer who issued it.",
    )
    issued_by_name = models.CharField(max_length=300, blank=True, help_text="Who issued it, as printed.")
    reason_late = models.TextField(
        blank=True, help_text="Why the agenda was issued fewer than five clear days before the meeting."
    )
    reason_after_held = models.TextField(blank=True, help_text="Why a despatch was issued after the meeting was held.")
    clear_days = models.SmallIntegerField(default=0, help_text="Clear working days before the meeting.")
    manifest = models.JSONField(default=dict, help_text="What it held: items and paper versions (added or replaced).")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DespatchQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name_plural = "despatches"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="despatch_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.meeting}"

    @property
    def is_main(self) -> bool:
        return self.number == 0

    @property
    def label(self) -> str:
        return "Agenda" if self.number == 0 else f"Supplementary agenda {self.number}"

    @property
    def slug(self) -> str:
        return "agenda" if self.number == 0 else f"supplementary-agenda-{self.number}"

    @property
    def item_ids(self) -> list[int]:
        return [row["id"] for row in self.manifest.get("items", [])]

    @property
    def paper_rows(self) -> list[dict]:
        return list(self.manifest.get("papers", []))

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                "A despatch is a fixed record: it cannot be changed once issued.", code="despatch_fixed"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A despatch is a fixed record: it cannot be deleted.", code="despatch_fixed")


def paper_version_upload_to(instance: "PaperVersion", filename: str) -> str:
    return f"papers/versions/{uuid.uuid4().hex}.pdf"


class PaperVersion(models.Model):
    """An earlier version of a paper, kept when the paper was replaced after issue."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_version_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    reason = models.TextField(help_text="Why the paper was replaced.")
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paper", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} (replaced {self.replaced_at:%-d %B %Y})"
