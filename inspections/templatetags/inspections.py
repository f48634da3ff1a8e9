from django import template

register = template.Library()

# Tag colours by the words Ofsted uses; the label is always printed, so colour is never alone.
TAG_COLOURS = (
    ("outstanding", "green"),
    ("exceptional", "green"),
    ("requires improvement", "yellow"),
    ("needs attention", "yellow"),
    ("strong", "turquoise"),
    ("good", "blue"),
    ("expected", "grey"),
    ("inadequate", "red"),
    ("urgent", "red"),
    ("not met", "red"),
    ("met", "green"),
)  # order matters: "requires improvement to be good" must not match "good"


@register.filter
def grade_colour(label) -> str:
    text = str(label or "").casefold()
    for word, colour in TAG_COLOURS:
        if word in text:
            return colour
    return "grey"


@register.simple_tag(takes_context=True)
def considered_inspections(context, item) -> list:
    """The visible inspections considered at an agenda item, for the meeting page.

    On first use it loads them for every item in the page's ``items`` in one query and keeps
    them on the items, so the meeting page stays at a fixed number of queries however long
    its agenda is. Unpublished inspections are shown only to those who may see drafts.
    """
    if not hasattr(item, "_inspections_considered"):
        from inspections.models import Inspection

        items = [i for i in (context.get("items") or []) if hasattr(i, "pk")]
        if item not in items:
            items.append(item)
        through = Inspection.considered_at.through
        request = context.get("request")
        user = getattr(request, "user", None)
        by_item: dict[int, list] = {i.pk: [] for i in items}
        links = (
            through.objects.filter(
                agendaitem_id__in=list(by_item), inspection__in=Inspection.objects.visible_to(user)
            )
            .select_related("inspection__provider", "inspection__overall_grade")
            .order_by("inspection__provider__name", "inspection__start_date")
        )
        for link in links:
            by_item[link.agendaitem_id].append(link.inspection)
        for i in items:
            i._inspections_considered = by_item.get(i.pk, [])
    return item._inspections_considered
