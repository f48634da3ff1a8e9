"""Reads about action plans for other pages, through the visibility rule."""

from django.db.models import Prefetch

from .models import Action, Recommendation, Section, Snapshot


def plan_sections(plan) -> list[Section]:
    """The plan's sections with their recommendations and actions, in order, in three queries."""
    return list(
        Section.objects.filter(plan=plan)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("order", "id")),
            Prefetch("recommendations__actions", queryset=Action.objects.order_by("order", "id")),
        )
    )


def snapshots_at_items(items, user) -> dict[int, list[Snapshot]]:
    """The visible snapshots attached to each of these agenda items, in one query."""
    by_item: dict[int, list] = {item.pk: [] for item in items}
    snapshots = (
        Snapshot.objects.visible_to(user)
        .filter(agenda_item_id__in=list(by_item))
        .select_related("plan")
        .order_by("as_at", "pk")
    )
    for snapshot in snapshots:
        by_item[snapshot.agenda_item_id].append(snapshot)
    return by_item
