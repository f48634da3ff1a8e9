"""Committees (with the names they had over the years), the people who sit on them or support
them, and their memberships."""

import datetime

from django.db import models, transaction
from django.db.models import Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


class Committee(models.Model):
    class Numbering(models.TextChoices):
        CALENDAR = "calendar", "Calendar year (January to December)"
        MUNICIPAL = "municipal", "Municipal year (May to May)"

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text=(
            "Its name today, in full as printed, e.g. 'Children and Young People Scrutiny Committee – Ofsted "
            "Subgroup'. When it is renamed, add the old name under 'Former names' with its last day."
        ),
    )
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcommittees",
        help_text="The committee this one reports to, for a sub-committee or subgroup.",
    )
    short_code = models.CharField(
        max_length=20,
        unique=True,
        help_text="Prefix of minute references, for example CYP/OSG.",
    )
    minute_numbering = models.CharField(
        max_length=10,
        choices=Numbering.choices,
        default=Numbering.CALENDAR,
        help_text="Whether minute numbers restart each calendar year or each municipal year.",
    )
    description = models.TextField(blank=True, help_text="A sentence or two for the public.")
    contact_officer = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees_supported",
        limit_choices_to={"kind": "officer"},
        help_text="An officer (a person whose kind is Officer).",
    )
    is_active = models.BooleanField(default=True)
    former_names_until = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last day any of its former names was in use (kept by CommitteeName): a meeting after it "
        "needs no look-up.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record last changed (API modified_since).")
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(short_code=""), name="committee_short_code_not_blank"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="committee_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:committee-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        if self.pk is not None:  # never write back a stale copy of what its former names say
            self.former_names_until = CommitteeName.last_day_in_use(self.pk)
        super().save(*args, **kwargs)

    def former_names_in_order(self) -> list["CommitteeName"]:
        """Its former names, oldest first: one query per instance, none when prefetched
        (``prefetch_related("former_names")`` or ``"committee__former_names"`` on lists)."""
        if "former_names" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "former_names")
        return sorted(self.former_names.all(), key=lambda n: n.valid_until)

    def names_on(self, on: datetime.date) -> "CommitteeName":
        """Its name, short code and parent in force on `on`: the first former name still in use
        that day, else its current fields (returned as an unsaved CommitteeName). No query for a
        date after its last rename (most meetings), whether or not former names are prefetched."""
        if self.former_names_until is not None and on <= self.former_names_until:
            for former in self.former_names_in_order():
                if on <= former.valid_until:
                    return former
        return CommitteeName(
            committee=self, name=self.name, short_code=self.short_code, parent_id=self.parent_id, valid_until=None
        )


class CommitteeName(models.Model):
    """A name a committee had before its current one: its name, short code and parent as they
    were up to and including `valid_until`. Each former name is in force from the day after the
    one before it (or from the start); the committee's own fields are in force after the last.
    Names are printed as they were at the time: meetings, minute references, packs, feeds, the
    API and search show the name in force on the meeting's date (DESIGN, "the law and practice")."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=200, help_text="In full, as printed at the time.")
    short_code = models.CharField(max_length=20, help_text="The prefix of minute references at the time.")
    parent = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The committee it reported to at the time.",
    )
    valid_until = models.DateField("in use until", help_text="The last day this name was used.")

    class Meta:
        verbose_name = "former name of a committee"
        verbose_name_plural = "former names of committees"
        ordering = ["committee", "valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "valid_until"], name="committee_name_one_per_day"),
            models.CheckConstraint(condition=~Q(short_code=""), name="committee_name_short_code_not_blank"),
            models.CheckConstraint(condition=~Q(parent=models.F("committee")), name="committee_name_not_own_parent"),
        ]

    def save(self, *args, **kwargs):
        # Before the row is saved: what its save sets off (re-indexing its committee's meetings)
        # must already see it.
        with transaction.atomic(using=kwargs.get("using")):
            self._touch_committee(with_self=True)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            result = super().delete(*args, **kwargs)
            self._touch_committee(with_self=False)
        return result

    @staticmethod
    def last_day_in_use(committee_id, *, without=None, plus: datetime.date | None = None) -> datetime.date | None:
        """The last day any former name of the committee was in use (Committee.former_names_until),
        leaving out the row `without` and counting the day `plus`."""
        others = CommitteeName.objects.filter(committee_id=committee_id).exclude(pk=without)
        days = [others.aggregate(last=models.Max("valid_until"))["last"], plus]
        return max((day for day in days if day is not None), default=None)

    def _touch_committee(self, *, with_self: bool) -> None:
        """Its committee's record changes (API ``modified``: the names of its meetings do), with
        the last day of its former names."""
        until = CommitteeName.last_day_in_use(
            self.committee_id, without=self.pk, plus=self.valid_until if with_self else None
        )
        Committee.objects.filter(pk=self.committee_id).update(former_names_until=until, updated_at=timezone.now())
        if CommitteeName.committee.is_cached(self):  # the instance in hand sees it too
            self.committee.former_names_until = until
            getattr(self.committee, "_prefetched_objects_cache", {}).pop("former_names", None)

    def __str__(self) -> str:
        if self.valid_until is None:
            return f"{self.name} ({self.short_code})"
        return f"{self.name} ({self.short_code}), until {self.valid_until:%-d %B %Y}"


class Person(models.Model):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co_opted", "Co-opted member"
        OFFICER = "officer", "Officer"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COUNCILLOR)
    title = models.CharField(max_length=40, blank=True, help_text="Councillor, Mrs, Mr, Dr … as used in the minutes.")
    first_name = models.CharField(max_length=100, blank=True)
    initials = models.CharField(
        max_length=10,
        blank=True,
        help_text="Initials used in minutes to tell namesakes apart, for example 'T' in 'T Judge'.",
    )
    last_name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=220, unique=True)
    party = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    job_title = models.CharField(max_length=200, blank=True, help_text="For officers: their post.")
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    biography = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record last changed (API modified_since).")
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        names = self.first_name or self.initials
        return " ".join(part for part in (self.title, names, self.last_name) if part)

    @property
    def short_name(self) -> str:
        """The form used in membership lists: 'T Judge', 'Mrs B Kellner', 'Lovecy'."""
        if self.kind == self.Kind.COUNCILLOR:
            return " ".join(part for part in (self.initials, self.last_name) if part)
        initial = self.initials or (self.first_name[:1] if self.first_name else "")
        return " ".join(part for part in (self.title, initial, self.last_name) if part)

    def get_absolute_url(self) -> str:
        return reverse("meetings:person-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(f"{self.first_name or self.initials} {self.last_name}") or "person"
            slug, n = base, 2
            while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


# Who can sit on a committee (and substitute, or declare an interest, as a member): councillors
# and co-opted members, never officers. The admin's pickers offer only them.
MEMBER_KINDS = {"kind__in": ["councillor", "co_opted"]}


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted member"
        SUBSTITUTE = "substitute", "Substitute"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", limit_choices_to=MEMBER_KINDS
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    representing = models.CharField(
        max_length=200, blank=True, help_text="For co-opted members, e.g. 'Parent Governor Representative'."
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Leave blank while the membership continues.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record last changed (API modified_since).")
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When this record was created (OParl created)."
    )

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(fields=["committee", "person", "start"], name="membership_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.committee}"

    @property
    def committee_name(self) -> str:
        """The committee's name when the membership began (prefetch ``committee__former_names``)."""
        return self.committee.names_on(self.start).name

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)
