"""Open data API for providers and inspections (Scrutiny types: OParl has no such objects).

Inspections go through ``Inspection.objects.visible_to(user)``: unpublished ones only for officers.
The agenda items at which an inspection was considered go through ``AgendaItem.objects.visible_to``.
"""

from django.db.models import Prefetch
from rest_framework import serializers

from meetings.api.base import SCRUTINY, DetailIdentity, DetailLink, OParlViewSet, TypeField, WebField, oparl_schema
from meetings.models import AgendaItem

from .models import Inspection, InspectionGrade, Provider


class ProviderSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:provider-detail")
    type = TypeField(SCRUTINY + "Provider")
    urn = serializers.CharField(help_text="Ofsted's unique reference number.")
    trust = serializers.CharField(source="trust.name", default=None, allow_null=True)
    isOpen = serializers.BooleanField(source="is_open")
    closedOn = serializers.DateField(source="closed_on", allow_null=True)
    inspection = serializers.SerializerMethodField()
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Provider
        fields = [
            "id",
            "type",
            "urn",
            "name",
            "kind",
            "phase",
            "trust",
            "ward",
            "postcode",
            "isOpen",
            "closedOn",
            "inspection",
            "web",
            "modified",
        ]

    def get_inspection(self, obj) -> str:
        from rest_framework.reverse import reverse

        return reverse("api:inspection-list", request=self.context.get("request")) + f"?provider={obj.pk}"


class GradeSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.name")
    grade = serializers.CharField(source="grade.label")

    class Meta:
        model = InspectionGrade
        fields = ["area", "grade"]


class InspectionSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:inspection-detail")
    type = TypeField(SCRUTINY + "Inspection")
    name = serializers.CharField(source="__str__")
    provider = DetailLink(view_name="api:provider-detail", read_only=True)
    framework = serializers.CharField(source="framework.name")
    startDate = serializers.DateField(source="start_date")
    endDate = serializers.DateField(source="end_date", allow_null=True)
    publishedOn = serializers.DateField(source="published_on", allow_null=True)
    overallGrade = serializers.CharField(source="overall_grade.label", default=None, allow_null=True)
    overallNotJudged = serializers.BooleanField(
        source="overall_not_judged",
        help_text='True when the inspection gave its framework\'s judgements but no overall grade ("Not judged").',
    )
    categoryOfConcern = serializers.CharField(
        source="category_of_concern",
        help_text="special_measures, serious_weaknesses, significant_improvement or blank.",
    )
    outcome = serializers.CharField(
        help_text="The outcome in words of an inspection without grades, as Ofsted gives it."
    )
    inspectionNumber = serializers.CharField(source="inspection_number", help_text="Ofsted's inspection number.")
    grades = GradeSerializer(many=True, read_only=True)
    recommendations = serializers.SerializerMethodField()
    reportUrl = serializers.CharField(source="report_url", help_text="Ofsted's report (a URL), or blank.")
    consideredAt = serializers.SerializerMethodField(help_text="Agenda items (that the caller may see).")
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "type",
            "name",
            "provider",
            "framework",
            "kind",
            "startDate",
            "endDate",
            "publishedOn",
            "overallGrade",
            "overallNotJudged",
            "safeguarding",
            "categoryOfConcern",
            "outcome",
            "inspectionNumber",
            "summary",
            "grades",
            "recommendations",
            "reportUrl",
            "consideredAt",
            "web",
            "modified",
        ]

    def get_recommendations(self, obj) -> list[dict]:
        return [{"number": r.number, "kind": r.kind, "text": r.text} for r in obj.recommendations.all()]

    def get_consideredAt(self, obj) -> list[str]:
        from rest_framework.reverse import reverse

        request = self.context.get("request")
        return [
            reverse("api:agendaitem-detail", kwargs={"pk": item.pk}, request=request)
            for item in obj.visible_agenda_items
        ]


@oparl_schema(
    tag="provider",
    description="Schools, early years settings, children's homes and the local authority "
    "as inspected by Ofsted (public records).",
)
class ProviderViewSet(OParlViewSet):
    serializer_class = ProviderSerializer

    def get_queryset(self):
        return Provider.objects.select_related("trust").order_by("name", "id")


@oparl_schema(
    tag="inspection",
    description="Ofsted inspections with grades and recommendations. Published inspections only for the public.",
    filters={"provider": "provider_id"},
)
class InspectionViewSet(OParlViewSet):
    serializer_class = InspectionSerializer
    filters = {"provider": "provider_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            Inspection.objects.visible_to(user)
            .select_related("provider", "framework", "overall_grade")
            .prefetch_related(
                "framework__areas",
                Prefetch("grades", queryset=InspectionGrade.objects.select_related("area", "grade")),
                "recommendations",
                Prefetch("considered_at", queryset=AgendaItem.objects.visible_to(user), to_attr="visible_agenda_items"),
            )
            .order_by("-start_date", "id")
        )


ROUTES = [
    ("providers", ProviderViewSet, "provider"),
    ("inspections", InspectionViewSet, "inspection"),
]
