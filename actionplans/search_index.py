"""What action plans contribute to the search index: plans (with their recommendations) and actions.

Found by meetings' search registry (like admin.py modules): meetings never imports this app.
An unpublished plan and its actions are draft material: only officers find them.
"""

from django.utils import timezone

from meetings.search.services import Indexer, SearchDocument, registry

from .models import Action, ActionPlan, Recommendation, Section


@registry.register
class ActionPlanIndexer(Indexer):
    model = ActionPlan
    kind = "action_plan"
    label = "Action plans"

    def get_queryset(self):
        return ActionPlan.objects.prefetch_related("recommendations")

    def document(self, obj, previous):
        parts = [obj.description]
        parts += [f"{r.identified_by}: {r.wording} {r.strategic_lead}".strip() for r in obj.recommendations.all()]
        return SearchDocument(
            title=obj.title,
            body="\n".join(p for p in parts if p),
            url=obj.get_absolute_url(),
            committee_id=obj.committee_id,
            date=timezone.localtime(obj.updated_at).date() if obj.updated_at else None,
            published=obj.published,
        )

    def related(self, obj):
        # Publishing (or withdrawing) a plan does the same to its actions.
        return Action.objects.filter(recommendation__plan=obj).select_related("recommendation__plan")


@registry.register
class ActionIndexer(Indexer):
    model = Action
    kind = "action"
    label = "Actions"

    def get_queryset(self):
        return Action.objects.select_related("recommendation__plan")

    def document(self, obj, previous):
        plan = obj.recommendation.plan
        activity = " ".join(obj.activity.split())
        short = activity if len(activity) <= 150 else activity[:149].rsplit(" ", 1)[0] + "…"
        parts = [
            obj.activity,
            obj.outcome,
            obj.lead,
            obj.timeline,
            obj.get_rag_display() if obj.rag else "",
            obj.progress,
            plan.title,
        ]
        return SearchDocument(
            title=f"{obj.number} {short}".strip() or str(obj),
            body="\n".join(p for p in parts if p),
            url=obj.get_absolute_url(),
            committee_id=plan.committee_id,
            date=obj.progress_on or obj.due_date,
            published=plan.published,
        )


@registry.register
class RecommendationWatcher(Indexer):
    """A plan's recommendations are searched as part of the plan."""

    model = Recommendation
    kind = "plan_recommendation"
    label = ""
    indexes = False

    def related(self, obj):
        return ActionPlan.objects.filter(pk=obj.plan_id)


@registry.register
class SectionWatcher(Indexer):
    model = Section
    kind = "plan_section"
    label = ""
    indexes = False

    def related(self, obj):
        return ActionPlan.objects.filter(pk=obj.plan_id)
