"""Improvement action plans: plan → sections → recommendations → actions → progress updates.

An action's current RAG rating and progress text are those of its latest progress update; the
`rag`, `progress` and `progress_on` fields on Action are a copy of that update, kept in step by
`services.progress_update_record` (the only writer), so that lists, filters and counts need no
subquery. The history stays in ProgressUpdate.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .querysets import ActionPlanQuerySet, SnapshotQuerySet


class Rag(models.TextChoices):
    """The RAG scale of the council's action plans. Blank means not rated."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    GREY = "grey", "Grey"
    BLUE = "blue", "Blue"
    NOT_RATED = "", "Not rated"


RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY, Rag.BLUE, Rag.NOT_RATED]

RAG_MEANING = {
    Rag.RED: "Tasks or outcomes not met, or timescale slipped",
    Rag.AMBER: "On track: milestones met but not completed",
    Rag.GREEN: "Completed, performance on target",
    Rag.GREY: "Not yet started",
    Rag.BLUE: "Complete",
    Rag.NOT_RATED: "No rating given yet",
}


def rag_field(**kwargs):
    return models.CharField(max_length=5, choices=Rag.choices, blank=True, default="", **kwargs)


class ActionPlan(models.Model):
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    committee = models.ForeignKey(
        "meetings.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
        help_text="The committee that oversees this plan.",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
        help_text="The inspection whose recommendations this plan answers.",
    )
    published = models.BooleanField(default=False, help_text="Only published plans are shown to the public.")
    imported_from = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = "action plan"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", kwargs={"pk": self.pk})


class Section(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=400, blank=True, help_text="The theme, e.g. 'Leadership'.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="actionplans_section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title or "(untitled section)"


class Recommendation(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="recommendations")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="recommendations")
    code = models.CharField(max_length=20, help_text="As in the inspection report: A1, B17, LMG.")
    code_derived = models.BooleanField(
        default=False,
        help_text="The spreadsheet gave no code; it was taken from the first activity number.",
    )
    category = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Priority & Immediate Action', 'Area for Improvement'."
    )
    wording = models.TextField(blank=True, help_text="The inspection's recommendation, as written.")
    inspection_recommendation = models.ForeignKey(
        "inspections.InspectionRecommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plan_recommendations",
        help_text="The recommendation in the inspection report that this answers.",
    )
    strategic_lead = models.CharField(max_length=300, blank=True)
    measure = models.TextField(blank=True, help_text="How success will be measured.")
    governance = models.TextField(blank=True, help_text="Where progress is overseen.")
    impact = models.TextField(blank=True, help_text="The difference made for children and families.")
    rating = rag_field(help_text="Overall rating set by officers.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="actionplans_recommendation_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.category}".strip()

    @property
    def identified_by(self) -> str:
        """The 'Identified by' cell of the spreadsheet."""
        if self.code_derived:
            return self.category
        return f"{self.code} {self.category}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#rec-{self.pk}"


class Action(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=30, blank=True, help_text="Activity number, e.g. A1.1 or A1.1b.")
    activity = models.TextField("activity required", blank=True)
    outcome = models.TextField("desired outcome", blank=True)
    timeline = models.CharField(
        max_length=200, blank=True, help_text="As written: '31/03/15', 'Ongoing', 'start 31/01/15 end 10/04/15'."
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="Worked out from the timeline when it gives a date or a range."
    )
    lead = models.CharField("lead accountability", max_length=300, blank=True)
    lead_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="lead_actions",
        help_text="Users who may update this action's progress on the site.",
    )
    improvement_notice = models.BooleanField(
        default=False, help_text="An Improvement Notice action (shaded in the RAG table)."
    )
    order = models.PositiveIntegerField(default=0)
    # Copy of the latest progress update (see module docstring).
    rag = rag_field(editable=False)
    progress = models.TextField(blank=True, editable=False)
    progress_on = models.DateField(null=True, blank=True, editable=False)

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords(m2m_fields=[lead_users])  # lead users' changes too

    class Meta:
        ordering = ["recommendation__order", "order", "id"]
        indexes = [models.Index(fields=["rag"]), models.Index(fields=["due_date"])]

    def __str__(self) -> str:
        return self.number or f"Action {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse(
            "actionplans:action-detail",
            kwargs={"pk": self.recommendation.plan_id, "action_pk": self.pk},
        )

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.rag not in (Rag.BLUE, Rag.GREEN))


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    as_at = models.DateField(help_text="The date the update describes.")
    text = models.TextField(blank=True)
    rag = rag_field()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Who gave the update.")
    rag_before = rag_field()
    text_before = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # The audit trail: who changed what and when (django-simple-history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_at", "-created_at", "-id"]
        get_latest_by = ["as_at", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} – {self.get_rag_display()} ({self.as_at:%-d %b %Y})"


class Snapshot(models.Model):
    """The plan 'as at' a date, frozen for a report to a meeting."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="snapshots")
    as_at = models.DateField()
    title = models.CharField(max_length=300, blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plan_snapshots",
        help_text="The agenda item this report is a paper for.",
    )
    data = models.JSONField(default=dict, editable=False)
    counts = models.JSONField(default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "as_at", "id"]

    def __str__(self) -> str:
        return self.title or f"{self.plan} – report as at {self.as_at:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:snapshot-detail", kwargs={"pk": self.plan_id, "snapshot_pk": self.pk})
