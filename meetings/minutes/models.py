"""Minutes, attendance, declarations, decisions (with their tracker), work programme and
terms of reference.

State changes with rules (numbering, the minutes lifecycle, locking, tracker updates, turning
programme items into agenda items) live in ``meetings/minutes/services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from meetings import visibility
from meetings.agendas.models import FinalOnceMinutesApproved
from meetings.committees.models import MEMBER_KINDS
from meetings.reversing import pk_url
from meetings.richtext import clean_html
from meetings.years import municipal_year_bounds, municipal_year_label


class MeetingMinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility.visible_minutes_q(user))


# The statuses in which minutes are final (see meetings.agendas.models.FINAL_MINUTES_STATUSES).
FINAL_STATUSES = ("approved", "locked")


class MeetingMinutes(models.Model):
    """The minutes of one meeting as a whole: their place in the lifecycle.

    draft (officers only) → published (public, marked "Draft – subject to approval") →
    approved as a correct record at a later meeting → locked.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (officers only)"
        PUBLISHED = "published", "Published as draft – subject to approval"
        APPROVED = "approved", "Approved as a correct record"
        LOCKED = "locked", "Approved and locked"

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_on = models.DateField(null=True, blank=True, editable=False)
    approved_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        editable=False,
        help_text="The later meeting that approved these minutes as a correct record.",
    )
    approved_by_minute = models.ForeignKey(
        "meetings.Minute",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approves",
        editable=False,
        help_text="The minute of that meeting recording the approval.",
    )
    approved_on = models.DateField(null=True, blank=True, editable=False)
    locked_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingMinutesQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "minutes of a meeting"
        verbose_name_plural = "minutes of meetings"
        ordering = ["-meeting__start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "approved", "locked"]),
                name="minutes_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"])
                | Q(approved_at__isnull=False, approved_on__isnull=False),
                name="minutes_approval_recorded",
                violation_error_message="Approved minutes must record the meeting that approved them.",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    def get_absolute_url(self) -> str:
        return pk_url("meetings:minutes", self.meeting_id)

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_final(self) -> bool:
        """Approved or locked: wording and attendance no longer change."""
        return self.status in (self.Status.APPROVED, self.Status.LOCKED)

    def delete(self, *args, **kwargs):
        """Deleting (draft or published) minutes deletes the minutes written in them and, with
        them, their decisions: they hang off the meeting, not this record, so would otherwise
        be left behind. Attendance and declarations belong to the meeting and stay. Approved
        minutes are never deleted."""
        from django.core.exceptions import ValidationError
        from django.db import transaction

        if type(self)._base_manager.filter(pk=self.pk, status__in=FINAL_STATUSES).exists():
            raise ValidationError("Approved minutes are a correct record and cannot be deleted.")
        with transaction.atomic(using=kwargs.get("using")):
            Minute.objects.filter(meeting_id=self.meeting_id).delete()  # decisions cascade
            return super().delete(*args, **kwargs)


class Attendance(FinalOnceMinutesApproved, models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substitute"
        IN_ATTENDANCE = "in_attendance", "Also in attendance"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("meetings.Person", on_delete=models.PROTECT, related_name="attendance")
    # The minutes print names as they were at the meeting ("Mrs B Kelner" in 2015, whatever the
    # person's record says today): filled from the person when the line is recorded.
    name_as_minuted = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name as the minutes print it, e.g. 'Councillor T Judge', 'Mrs B Kelner'. "
        "Filled from the person's record when left blank.",
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PRESENT)
    in_the_chair = models.BooleanField(default=False, help_text="Minuted as '– in the Chair'.")
    capacity = models.CharField(
        max_length=200,
        blank=True,
        help_text="As minuted, e.g. 'Executive Member for Children's Services', 'Ward Councillor for "
        "Moston', 'Co-opted Member, Parent Governor Representative'.",
    )
    substitute_for = models.ForeignKey(
        "meetings.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substituted_by",
        limit_choices_to=MEMBER_KINDS,
        help_text="For a substitute: the member they replaced.",
    )
    substitute_for_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The replaced member's name as minuted, kept with the line.",
    )
    from_minute = models.ForeignKey(
        "meetings.Minute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Partial attendance: the first minute they were present for.",
    )
    to_minute = models.ForeignKey(
        "meetings.Minute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Partial attendance: the last minute they were present for.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "attendance"
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(status="substitute") | Q(substitute_for__isnull=True),
                name="attendance_substitute_for_only_substitutes",
                violation_error_message="Only a substitute can be recorded as substituting for someone.",
            ),
            models.CheckConstraint(
                condition=Q(in_the_chair=False) | Q(status__in=["present", "substitute"]),
                name="attendance_chair_is_present",
                violation_error_message="Only someone present can be in the Chair.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_as_minuted or self.person} – {self.get_status_display()}"

    # Fixed once the meeting's minutes are approved (FinalOnceMinutesApproved): the
    # services refuse first with the minutes' own message; this holds for any other code.
    FINAL_FIELDS = (
        "meeting",
        "person",
        "name_as_minuted",
        "status",
        "in_the_chair",
        "capacity",
        "substitute_for",
        "substitute_for_name",
        "from_minute",
        "to_minute",
        "order",
    )

    FINAL_WHAT = "the attendance"

    @property
    def attended(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTE)

    @property
    def partial_range(self) -> str:
        """'[CYP/OSG/18/15 - CYP/OSG/18/18]' for someone present for part of the meeting."""
        if not (self.from_minute_id or self.to_minute_id):
            return ""
        first = self.from_minute.reference if self.from_minute_id else ""
        last = self.to_minute.reference if self.to_minute_id else ""
        return f"[{first or '…'} - {last or '…'}]"


class Declaration(FinalOnceMinutesApproved, models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal interest"
        PREJUDICIAL = "prejudicial", "Personal and prejudicial interest"
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER = "other", "Other registrable interest"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declarations",
        help_text="The agenda item the interest relates to.",
    )
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="declarations", limit_choices_to=MEMBER_KINDS
    )
    name_as_minuted = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name as the minutes print it at the time. Filled from the person's record when left blank.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSONAL)
    nature = models.CharField(max_length=400, help_text="e.g. 'Governor of St Matthew's High School'.")

    class Meta:
        ordering = ["meeting", "item__number", "id"]

    def __str__(self) -> str:
        return f"{self.minuted_name}: {self.get_kind_display()} – {self.nature}"

    @property
    def minuted_name(self) -> str:
        """The name the minutes print: as minuted, or (a line not yet given one) the person's."""
        return self.name_as_minuted or self.person.full_name

    # Fixed once the meeting's minutes are approved (see Attendance.FINAL_FIELDS).
    FINAL_FIELDS = ("meeting", "item", "person", "name_as_minuted", "kind", "nature")

    FINAL_WHAT = "the declarations of interest"


class MinuteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Minutes (headings) the user may see; exempt text is a separate question."""
        return self.filter(visibility.visible_minutes_q(user, prefix="meeting__minutes__", meeting="meeting__"))


class Minute(models.Model):
    """One minute of a meeting's minutes: reference, title, narrative and decisions.

    Public or exempt in its own right (``publicity``), by default as its agenda item. The minute
    of an item taken in private may be published as a public summary, the detail kept exempt in
    its ``exempt_annex``. The rule is meetings/visibility.py's (``minute_is_exempt``,
    ``exempt_minute_q``)."""

    class Publicity(models.TextChoices):
        AS_ITEM = visibility.MINUTE_AS_ITEM, "As its agenda item"
        PUBLIC = visibility.MINUTE_PUBLIC, "Public"
        EXEMPT = visibility.MINUTE_EXEMPT, "Exempt (not for publication)"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="minute_set")
    item = models.OneToOneField(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minute",
        help_text="The agenda item minuted; leave blank for a minute with no item.",
    )
    # Numbering, assigned by the service: reference = CODE/YY/NN.
    committee = models.ForeignKey("meetings.Committee", on_delete=models.PROTECT, related_name="+", editable=False)
    period = models.PositiveSmallIntegerField(
        editable=False, help_text="Calendar year, or the year a municipal year began."
    )
    number = models.PositiveSmallIntegerField(editable=False)
    reference = models.CharField(max_length=40, unique=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the minutes.")
    title = models.CharField(max_length=400)
    publicity = models.CharField(
        "who may read it",
        max_length=6,
        choices=Publicity.choices,
        default=Publicity.AS_ITEM,
        blank=True,
        help_text="“As its agenda item”: the public read this minute if the item was taken in public, and "
        "only councillors and officers if it was taken in private. Choose “Public” to publish the minute "
        "of a private item as a public summary (its text and decisions), keeping any detail that must stay "
        "private in the exempt annex below. Choose “Exempt” to keep the minute of a public item private.",
    )
    narrative = models.TextField(blank=True, help_text="Sanitised HTML, written in the editor.")
    exempt_annex = models.TextField(
        "exempt annex",
        blank=True,
        help_text="Detail that is not for publication, for a minute published as a public summary of a "
        "private item. Only councillors and officers see it, marked as exempt with the item’s paragraph "
        "of Schedule 12A; the public see only the text and decisions above. Leave blank if there is none.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MinuteQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "period", "number"], name="minute_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="minute_number_positive"),
            models.CheckConstraint(condition=Q(publicity__in=["", "public", "exempt"]), name="minute_publicity_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return pk_url("meetings:minutes", self.meeting_id) + f"#minute-{self.pk}"

    def save(self, *args, **kwargs):
        # Rich text is sanitised whenever it is saved, so templates may mark it safe.
        self.narrative = clean_html(self.narrative)
        self.exempt_annex = clean_html(self.exempt_annex)
        super().save(*args, **kwargs)

    @property
    def is_exempt(self) -> bool:
        """Whether its text and decisions are exempt: the rule of meetings/visibility.py."""
        return visibility.minute_is_exempt(self)

    @property
    def exempt_paragraph(self) -> int | None:
        """The paragraph of Schedule 12A its exempt text (or annex) falls under: its item's."""
        return visibility.minute_exempt_paragraph(self)

    @property
    def period_label(self) -> str:
        if self.committee.minute_numbering == "municipal":
            return municipal_year_label(municipal_year_bounds(self.period)[0])
        return str(self.period)


class MinuteExemptAnnex(Minute):
    """A minute seen through its exempt annex: the annex's own search entry (exempt, so only
    those who may read exempt material find it), apart from the minute's public one. Not edited
    on its own: the annex is written on its minute."""

    class Meta:
        proxy = True
        verbose_name = "exempt annex of a minute"
        verbose_name_plural = "exempt annexes of minutes"


# Procedural decisions (approve the minutes, exclude the public, note or receive a report) are
# recorded but not tracked: they have no status, owner, due date or response.
PROCEDURAL_KINDS = ("procedural", "noted")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Decisions of minutes the user may see, withholding exempt ones from the public."""
        qs = self.filter(
            visibility.visible_minutes_q(user, prefix="minute__meeting__minutes__", meeting="minute__meeting__")
        )
        if not visibility.can_view_exempt(user):
            qs = qs.filter(visibility.open_minute_q(prefix="minute__"))
        return qs

    def tracked(self):
        """Decisions, recommendations and requests followed up to completion."""
        return self.exclude(kind__in=PROCEDURAL_KINDS)

    def procedural(self):
        return self.filter(kind__in=PROCEDURAL_KINDS)


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        RECOMMENDATION = "recommendation", "Recommendation"
        REQUEST = "request", "Request"
        PROCEDURAL = "procedural", "Procedural (e.g. minutes approved, public excluded)"
        NOTED = "noted", "Noted or received"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    # Wording: frozen once the minutes are approved.
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(help_text="Position in the minute's numbered list.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField()
    # Tracker: stays editable after approval.
    owner = models.CharField(
        max_length=200, blank=True, help_text="Who is carrying it out, e.g. 'Scrutiny Support Officer'."
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=14,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        blank=True,
        help_text="Blank for a procedural decision, which is not tracked.",
    )
    response = models.TextField(blank=True, help_text="The response or outcome, for the public register.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    WORDING_FIELDS = ("minute_id", "number", "kind", "text")
    TRACKER_FIELDS = ("owner", "due_date", "status", "response")

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["minute__meeting__start", "minute__order", "minute__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minute", "number"], name="decision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=PROCEDURAL_KINDS, status="", due_date__isnull=True)
                | (~Q(kind__in=PROCEDURAL_KINDS) & ~Q(status="")),
                name="decision_procedural_untracked",
                violation_error_message="Procedural decisions have no status or due date; others are tracked.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minute.reference} ({self.number})"

    @property
    def is_tracked(self) -> bool:
        return self.kind not in PROCEDURAL_KINDS

    def clean(self):
        """A procedural decision is not tracked: it takes no status, and an owner, due date or
        response given to it is refused. A tracked one always has a status (Not started at first)."""
        from django.core.exceptions import ValidationError

        if self.is_tracked:
            self.status = self.status or self.Status.NOT_STARTED
            return
        self.status = ""
        given = {
            name: "A procedural decision is not tracked: leave this blank, or choose another kind."
            for name in ("owner", "due_date", "response")
            if getattr(self, name)
        }
        if given:
            raise ValidationError(given)

    def get_absolute_url(self) -> str:
        return pk_url("meetings:minutes", self.minute.meeting_id) + f"#decision-{self.pk}"


class DecisionUpdate(models.Model):
    """A dated entry in a decision's tracker history."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    status = models.CharField(max_length=14, choices=Decision.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%-d %b %Y}: {self.get_status_display()}"


class ReportDeadline(models.Model):
    """When reports for a meeting must reach the Governance and Scrutiny Support Unit."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="report_deadline")
    deadline = models.DateField()

    class Meta:
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.meeting}: reports by {self.deadline:%-d %B %Y}"


class WorkProgrammeItem(models.Model):
    committee = models.ForeignKey("meetings.Committee", on_delete=models.CASCADE, related_name="programme_items")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_items",
        help_text="The meeting it is planned for; blank while still to be scheduled.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("item", max_length=400)
    purpose = models.TextField("purpose of report", blank=True)
    lead_officer = models.CharField(max_length=300, blank=True)
    executive_member = models.CharField(max_length=300, blank=True)
    comments = models.TextField(blank=True)
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_item",
        editable=False,
    )

    class Meta:
        ordering = ["committee", "meeting__start", "order", "id"]

    def __str__(self) -> str:
        return self.title


class TermsOfReference(models.Model):
    """A committee's terms of reference for one municipal year: the prose its officers write.

    What the records hold is not written here but drawn from them wherever the terms are shown
    (``meetings.minutes.selectors.terms_of_reference``): the membership (the memberships in force
    that year, with roles and what co-opted members represent), the contact officer (the
    committee's) and the schedule of meetings (its meetings that year). List fields hold one
    entry per line.
    """

    committee = models.ForeignKey("meetings.Committee", on_delete=models.CASCADE, related_name="terms")
    municipal_year = models.PositiveSmallIntegerField(help_text="The year it starts in May, e.g. 2018 for 2018/19.")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="As printed at the head of the terms, e.g. 'Ofsted Subgroup'. Blank: the committee's name.",
    )
    lead_executive_members = models.TextField(blank=True, help_text="One per line.")
    strategic_directors = models.TextField(blank=True, help_text="One per line.")
    lead_officers = models.TextField(blank=True, help_text="One per line.")
    rationale_intro = models.TextField(blank=True, default="This Subgroup has been established to:")
    rationale_points = models.TextField(blank=True, help_text="One point per line.")
    operation = models.TextField(blank=True)
    access_to_information = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")

    class Meta:
        verbose_name_plural = "terms of reference"
        ordering = ["committee", "-municipal_year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "municipal_year"], name="terms_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.committee.name} – terms of reference {self.year_label}"

    @property
    def year_bounds(self):
        """The first and last day of its municipal year."""
        return municipal_year_bounds(self.municipal_year)

    @property
    def year_label(self) -> str:
        return municipal_year_label(self.year_bounds[0])

    @staticmethod
    def _lines(value: str) -> list[str]:
        return [line.strip() for line in value.splitlines() if line.strip()]

    def lead_executive_member_list(self):
        return self._lines(self.lead_executive_members)

    def strategic_director_list(self):
        return self._lines(self.strategic_directors)

    def lead_officer_list(self):
        return self._lines(self.lead_officers)

    def rationale_list(self):
        return self._lines(self.rationale_points)

    def access_paragraphs(self):
        return [p.strip() for p in self.access_to_information.split("\n\n") if p.strip()]
