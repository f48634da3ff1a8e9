"""Providers, inspection frameworks (as data), inspections, grades and recommendations.

Frameworks are rows, not code: each lists its evaluation areas and its grade scale, so an
officer can add a new one in the admin. Grades from different frameworks are never converted
into one another; pages show each framework's inspections on their own terms.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from meetings.validators import validate_pdf_upload

from .querysets import InspectionQuerySet, ProviderQuerySet

URN_PATTERN = r"^(?:[0-9]{5,7}|(?:EY|SC|CE)[0-9]{6,7})$"
validate_urn = RegexValidator(
    URN_PATTERN,
    message=(
        "Enter the provider's Ofsted URN: 5 to 7 digits (for example 105574), or EY, SC or CE "
        "followed by 6 or 7 digits (for example EY123456)."
    ),
)


class Trust(models.Model):
    """An academy trust (multi-academy or single-academy) that runs academies or free schools."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    group_id = models.CharField(
        max_length=20, blank=True, help_text="The trust's group ID in Get Information About Schools."
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class Provider(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "School (maintained)"
        ACADEMY = "academy", "Academy"
        FREE_SCHOOL = "free_school", "Free school"
        EARLY_YEARS = "early_years", "Early years setting"
        CHILDMINDER = "childminder", "Childminder"
        CHILDRENS_HOME = "childrens_home", "Children's home"
        LA_CHILDRENS_SERVICES = "la_childrens_services", "Local authority children's services"
        FURTHER_EDUCATION = "further_education", "Further education"

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        SPECIAL = "special", "Special"
        ALL_THROUGH = "all_through", "All-through"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"

    SCHOOL_KINDS = (Kind.SCHOOL, Kind.ACADEMY, Kind.FREE_SCHOOL)
    TRUST_KINDS = (Kind.ACADEMY, Kind.FREE_SCHOOL)

    urn = models.CharField(
        "URN",
        max_length=10,
        unique=True,
        validators=[validate_urn],
        help_text="Ofsted's unique reference number.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    phase = models.CharField(
        max_length=24, choices=Phase.choices, blank=True, help_text="For schools, academies and free schools."
    )
    trust = models.ForeignKey(
        Trust,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="providers",
        help_text="For academies and free schools: the trust that runs it.",
    )
    ward = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_open = models.BooleanField(default=True, help_text="Untick when the provider has closed.")
    closed_on = models.DateField(null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text="The provider this one replaced, e.g. the school an academy converted from.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(urn__regex=URN_PATTERN), name="provider_urn_valid"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "school",
                        "academy",
                        "free_school",
                        "early_years",
                        "childminder",
                        "childrens_home",
                        "la_childrens_services",
                        "further_education",
                    ]
                ),
                name="provider_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(phase="") | Q(kind__in=["school", "academy", "free_school"]),
                name="provider_phase_only_for_schools",
                violation_error_message="Only schools, academies and free schools have a phase.",
            ),
            models.CheckConstraint(
                condition=Q(trust__isnull=True) | Q(kind__in=["academy", "free_school"]),
                name="provider_trust_only_for_academies",
                violation_error_message="Only academies and free schools belong to a trust.",
            ),
            models.CheckConstraint(condition=~Q(predecessor=models.F("id")), name="provider_not_own_predecessor"),
        ]
        indexes = [models.Index(fields=["kind", "phase"]), models.Index(fields=["ward"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:provider-detail", kwargs={"urn": self.urn})

    @property
    def type_label(self) -> str:
        if self.phase:
            return f"{self.get_kind_display()} ({self.get_phase_display().lower()})"
        return self.get_kind_display()

    def clean(self):
        errors = {}
        if self.kind in self.SCHOOL_KINDS and not self.phase:
            errors["phase"] = "Choose the phase of the school."
        if self.phase and self.kind not in self.SCHOOL_KINDS:
            errors["phase"] = "Only schools, academies and free schools have a phase."
        if self.trust_id and self.kind not in self.TRUST_KINDS:
            errors["trust"] = "Only academies and free schools belong to a trust."
        if self.predecessor_id and self.pk and self.predecessor_id == self.pk:
            errors["predecessor"] = "A provider cannot be its own predecessor."
        if self.closed_on and self.is_open:
            errors["closed_on"] = "A provider with a closing date must not be marked open."
        if errors:
            raise ValidationError(errors)


class Framework(models.Model):
    class Scope(models.TextChoices):
        SCHOOLS = "schools", "Schools"
        EARLY_YEARS = "early_years", "Early years"
        LA_CHILDRENS_SERVICES = "la_childrens_services", "Local authority children's services"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, help_text="Used in tables, e.g. 'Report card (2025)'.")
    slug = models.SlugField(max_length=100, unique=True)
    scope = models.CharField(max_length=24, choices=Scope.choices)
    in_force_from = models.DateField()
    in_force_until = models.DateField(null=True, blank=True, help_text="Blank while still in use.")
    judges_safeguarding = models.BooleanField(
        default=False, help_text="Whether inspections record safeguarding as met or not met."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scope", "-in_force_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gt=models.F("in_force_from")),
                name="framework_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)


class EvaluationArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=1)
    is_overall = models.BooleanField(
        default=False, help_text="The single overall judgement (e.g. overall effectiveness), if any."
    )
    where_applicable = models.BooleanField(
        default=False, help_text="Graded only where present (early years, sixth form, adoption …)."
    )
    import_headers = models.TextField(
        blank=True,
        help_text="Other CSV column names that carry this area's grade in Ofsted's files, one a line.",
    )

    class Meta:
        ordering = ["framework", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_unique_in_framework"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(is_overall=True), name="area_one_overall_per_framework"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def header_names(self) -> list[str]:
        return [self.name] + [h.strip() for h in self.import_headers.splitlines() if h.strip()]


class Grade(models.Model):
    """One step of a framework's grade scale; rank 1 is the best."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(help_text="1 for the best grade, 2 for the next …")
    is_good_or_better = models.BooleanField(default=False, help_text="Counts towards 'good or outstanding' summaries.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="grade_rank_unique_in_framework"),
            models.UniqueConstraint(fields=["framework", "label"], name="grade_label_unique_in_framework"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="grade_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.label


def report_upload_to(instance: "Inspection", filename: str) -> str:
    return f"inspection-reports/{uuid.uuid4().hex}.pdf"


class Inspection(models.Model):
    class Kind(models.TextChoices):
        GRADED = "graded", "Graded inspection"
        UNGRADED = "ungraded", "Ungraded inspection"
        REPORT_CARD = "report_card", "Report card inspection"
        MONITORING = "monitoring", "Monitoring inspection"
        SIF = "sif", "Single inspection (SIF)"
        ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
        ILACS_SHORT = "ilacs_short", "ILACS short inspection"
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        JOINT_TARGETED = "joint_targeted", "Joint targeted area inspection"
        SEND_AREA = "send_area", "SEND area inspection"

    # Inspections from which the next standard or short ILACS inspection is counted.
    STANDARD_KINDS = (Kind.ILACS_STANDARD, Kind.ILACS_SHORT, Kind.SIF)
    # Inspections that give the framework's judgements (ungraded inspections and visits do not).
    JUDGING_KINDS = (Kind.GRADED, Kind.REPORT_CARD, Kind.SIF, Kind.ILACS_STANDARD, Kind.ILACS_SHORT)

    class Safeguarding(models.TextChoices):
        NOT_JUDGED = "", "Not judged"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    class CategoryOfConcern(models.TextChoices):
        NONE = "", "None"
        SPECIAL_MEASURES = "special_measures", "Special measures"
        SERIOUS_WEAKNESSES = "serious_weaknesses", "Serious weaknesses"
        SIGNIFICANT_IMPROVEMENT = "significant_improvement", "Requires significant improvement"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="inspections")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="When Ofsted published the report. Until then only officers see this inspection.",
    )
    overall_grade = models.ForeignKey(
        Grade,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Copied from the grade of the framework's overall area, for filters and summaries.",
    )
    safeguarding = models.CharField(max_length=8, choices=Safeguarding.choices, blank=True, default="")
    category_of_concern = models.CharField(
        max_length=24,
        choices=CategoryOfConcern.choices,
        blank=True,
        default="",
        help_text="The category of concern this inspection placed the provider in, if any.",
    )
    outcome = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The outcome in words where the inspection gives no grade, as Ofsted states it "
            "(e.g. an ungraded inspection: 'School remains Good'; early years: 'Met')."
        ),
    )
    inspection_number = models.CharField(
        max_length=20, blank=True, help_text="Ofsted's inspection number, e.g. 10290001."
    )
    summary = models.TextField(blank=True)
    report_url = models.URLField("Report link", blank=True, max_length=500)
    report_file = models.FileField(upload_to=report_upload_to, blank=True, validators=[validate_pdf_upload])
    considered_at = models.ManyToManyField(
        "meetings.AgendaItem",
        blank=True,
        related_name="considered_inspections",
        help_text="Agenda items at which a committee considered this inspection.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "start_date"], name="inspection_unique_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="inspection_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=models.F("start_date")),
                name="inspection_published_after_start",
            ),
            models.CheckConstraint(
                condition=Q(safeguarding__in=["", "met", "not_met"]), name="inspection_safeguarding_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    category_of_concern__in=["", "special_measures", "serious_weaknesses", "significant_improvement"]
                ),
                name="inspection_category_of_concern_valid",
            ),
        ]
        indexes = [models.Index(fields=["provider", "-start_date"]), models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return f"{self.provider.name}: {self.get_kind_display()}, {self.start_date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection-detail", kwargs={"pk": self.pk})

    @property
    def overall_not_judged(self) -> bool:
        """Whether this inspection gave its framework's judgements but no overall grade.

        So it is for graded school inspections from September 2024: Ofsted records the overall
        effectiveness as "Not judged" while still grading the key judgements. Reads the
        framework's areas (prefetch ``framework__areas`` for lists).
        """
        if self.overall_grade_id is not None or self.kind not in self.JUDGING_KINDS:
            return False
        return any(area.is_overall for area in self.framework.areas.all())

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The inspection cannot end before it starts."
        if self.published_on and self.start_date and self.published_on < self.start_date:
            errors["published_on"] = "The report cannot be published before the inspection starts."
        if self.safeguarding and self.framework_id and not self.framework.judges_safeguarding:
            errors["safeguarding"] = f"The {self.framework} does not judge safeguarding as met or not met."
        if errors:
            raise ValidationError(errors)


class InspectionGrade(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grades")
    area = models.ForeignKey(EvaluationArea, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["inspection", "area__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="inspection_grade_one_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"

    def clean(self):
        errors = {}
        try:
            inspection = self.inspection
        except Inspection.DoesNotExist:
            return
        framework_id = inspection.framework_id
        if self.area_id and framework_id and self.area.framework_id != framework_id:
            errors["area"] = f"“{self.area}” is not an area of the {inspection.framework}."
        if self.grade_id and framework_id and self.grade.framework_id != framework_id:
            errors["grade"] = f"“{self.grade}” is not on the grade scale of the {inspection.framework}."
        if errors:
            raise ValidationError(errors)


class InspectionRecommendation(models.Model):
    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
        PRIORITY_ACTION = "priority_action", "Priority action"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.RECOMMENDATION)
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="inspection_recommendation_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="inspection_recommendation_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.inspection.get_absolute_url()}#recommendation-{self.number}"
