"""Open data API for improvement action plans with their RAG ratings (Scrutiny types).

Plans go through ``ActionPlan.objects.visible_to(user)``: unpublished plans only for officers.
"""

from django.db.models import Prefetch
from rest_framework import serializers

from meetings.api.base import SCRUTINY, DetailIdentity, DetailLink, OParlViewSet, TypeField, WebField, oparl_schema

from .models import Action, ActionPlan, Recommendation


class ActionSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:action-detail")
    type = TypeField(SCRUTINY + "Action")
    plan = serializers.SerializerMethodField()
    recommendation = serializers.CharField(source="recommendation.code")
    dueDate = serializers.DateField(source="due_date", allow_null=True)
    improvementNotice = serializers.BooleanField(source="improvement_notice")
    rag = serializers.CharField(help_text="red, amber, green, grey, blue or blank (not rated).")
    ragLabel = serializers.CharField(source="get_rag_display")
    progressOn = serializers.DateField(source="progress_on", allow_null=True)
    web = WebField()

    class Meta:
        model = Action
        fields = [
            "id",
            "type",
            "plan",
            "recommendation",
            "number",
            "activity",
            "outcome",
            "timeline",
            "dueDate",
            "lead",
            "improvementNotice",
            "rag",
            "ragLabel",
            "progress",
            "progressOn",
            "web",
        ]

    def get_plan(self, obj) -> str:
        from rest_framework.reverse import reverse

        return reverse(
            "api:actionplan-detail", kwargs={"pk": obj.recommendation.plan_id}, request=self.context.get("request")
        )


class RecommendationSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.title")
    strategicLead = serializers.CharField(source="strategic_lead")
    rating = serializers.CharField(help_text="The overall RAG rating of the recommendation.")
    action = ActionSerializer(source="actions", many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["code", "category", "section", "wording", "strategicLead", "rating", "action"]


class ActionPlanSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:actionplan-detail")
    type = TypeField(SCRUTINY + "ActionPlan")
    committee = DetailLink(view_name="api:organization-detail", read_only=True)
    inspection = DetailLink(view_name="api:inspection-detail", read_only=True)
    recommendation = RecommendationSerializer(source="recommendations", many=True, read_only=True)
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "type",
            "title",
            "description",
            "committee",
            "inspection",
            "published",
            "recommendation",
            "web",
            "modified",
        ]


@oparl_schema(
    tag="actionPlan",
    description="Improvement action plans with recommendations and RAG-rated actions. "
    "Published plans only for the public.",
)
class ActionPlanViewSet(OParlViewSet):
    serializer_class = ActionPlanSerializer

    def get_queryset(self):
        actions = Action.objects.select_related("recommendation").order_by("order", "id")
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.select_related("section").prefetch_related(
                        Prefetch("actions", queryset=actions)
                    ),
                )
            )
            .order_by("-created_at", "id")
        )


@oparl_schema(
    tag="actionPlan",
    description="Actions of the plans the caller may see, with their RAG rating. "
    "`modified_since` compares the date of the latest progress update.",
    filters={"plan": "recommendation__plan_id"},
)
class ActionViewSet(OParlViewSet):
    serializer_class = ActionSerializer
    modified_field = "progress_on"
    filters = {"plan": "recommendation__plan_id"}

    def get_queryset(self):
        plans = ActionPlan.objects.visible_to(self.request.user)
        return (
            Action.objects.filter(recommendation__plan__in=plans)
            .select_related("recommendation")
            .order_by("recommendation__plan_id", "recommendation__order", "order", "id")
        )


ROUTES = [
    ("action-plans", ActionPlanViewSet, "actionplan"),
    ("actions", ActionViewSet, "action"),
]
