"""Reads about inspections for other pages, through the visibility rule."""

from .models import Inspection


def considered_at_items(items, user) -> dict[int, list[Inspection]]:
    """The visible inspections considered at each of these agenda items, in one query."""
    by_item: dict[int, list] = {item.pk: [] for item in items}
    through = Inspection.considered_at.through
    links = (
        through.objects.filter(agendaitem_id__in=list(by_item), inspection__in=Inspection.objects.visible_to(user))
        .select_related("inspection__provider", "inspection__overall_grade")
        .order_by("inspection__provider__name", "inspection__start_date")
    )
    for link in links:
        by_item[link.agendaitem_id].append(link.inspection)
    return by_item
