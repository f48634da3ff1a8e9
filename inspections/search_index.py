"""What inspections contributes to the search index: providers and inspections.

Found by meetings' search registry (like admin.py modules): meetings never imports this app.
A provider is a public record; an inspection is public from its report's publication date
(decided when searching, so a future date needs no re-indexing), and officers see it before then.
"""

from meetings.search.services import Indexer, SearchDocument, registry

from .models import Inspection, InspectionRecommendation, Provider


@registry.register
class ProviderIndexer(Indexer):
    model = Provider
    kind = "provider"
    label = "Providers"

    def get_queryset(self):
        return Provider.objects.select_related("trust")

    def document(self, obj, previous):
        parts = [
            f"URN {obj.urn}",
            obj.type_label,
            obj.trust.name if obj.trust_id else "",
            obj.ward,
            obj.address,
            obj.postcode,
            "" if obj.is_open else "Closed",
        ]
        return SearchDocument(title=obj.name, body=". ".join(p for p in parts if p), url=obj.get_absolute_url())


@registry.register
class InspectionIndexer(Indexer):
    model = Inspection
    kind = "inspection"
    label = "Inspections"

    def get_queryset(self):
        return Inspection.objects.select_related("provider", "framework", "overall_grade").prefetch_related(
            "recommendations"
        )

    def document(self, obj, previous):
        parts = [
            obj.framework.name,
            obj.overall_grade.label if obj.overall_grade_id else "",
            f"Safeguarding {obj.get_safeguarding_display().lower()}" if obj.safeguarding else "",
            obj.summary,
        ]
        parts += [f"{r.get_kind_display()} {r.number}: {r.text}" for r in obj.recommendations.all()]
        return SearchDocument(
            title=str(obj),
            body="\n".join(p for p in parts if p),
            url=obj.get_absolute_url(),
            date=obj.published_on or obj.start_date,
            published=obj.published_on is not None,  # a draft until Ofsted's publication date is known
            public_from=obj.published_on,
        )


@registry.register
class InspectionRecommendationWatcher(Indexer):
    """Recommendations are searched as part of their inspection."""

    model = InspectionRecommendation
    kind = "inspection_recommendation"
    label = ""
    indexes = False

    def related(self, obj):
        return Inspection.objects.filter(pk=obj.inspection_id).select_related("provider", "framework", "overall_grade")
