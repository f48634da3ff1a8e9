"""Committees, the people who sit on them or support them, and their memberships."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


class Committee(models.Model):
    class Numbering(models.TextChoices):
        CALENDAR = "calendar", "Calendar year (January to December)"
        MUNICIPAL = "municipal", "Municipal year (May to May)"

    name = models.CharField(max_length=200, unique=True)
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
    terms_of_reference = models.TextField(blank=True)
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
        super().save(*args, **kwargs)


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

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)
