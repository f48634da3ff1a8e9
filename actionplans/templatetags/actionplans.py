from django import template

from actionplans.models import Rag
from actionplans.presenters import RAG_STYLE

register = template.Library()


@register.inclusion_tag("actionplans/includes/rag_tag.html")
def rag(value) -> dict:
    """A RAG label: the colour with its name, never the colour alone."""
    value = value if value in Rag.values else ""
    return {"label": Rag(value).label, "tag": RAG_STYLE[value]["tag"]}


@register.inclusion_tag("actionplans/includes/item_snapshots.html", takes_context=True)
def agenda_item_snapshots(context, item) -> dict:
    """Links to the action plan reports attached to an agenda item, for the meeting page:
    `{% load actionplans %}{% agenda_item_snapshots item %}`. Goes through the one visibility rule.

    On first use it loads the snapshots of every item in the page's ``items`` in one query and
    keeps them on the items, so the meeting page's query count does not grow with the agenda.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    viewer = getattr(user, "pk", None)  # loaded per viewer: what one may see, another may not
    if getattr(item, "_visible_snapshots_for", object()) != viewer:
        from actionplans.models import Snapshot

        items = [i for i in (context.get("items") or []) if hasattr(i, "pk")]
        if item not in items:
            items.append(item)
        by_item: dict[int, list] = {i.pk: [] for i in items}
        snapshots = (
            Snapshot.objects.visible_to(user)
            .filter(agenda_item_id__in=list(by_item))
            .select_related("plan")
            .order_by("as_at", "pk")
        )
        for snapshot in snapshots:
            by_item[snapshot.agenda_item_id].append(snapshot)
        for i in items:
            i._visible_snapshots = by_item.get(i.pk, [])
            i._visible_snapshots_for = viewer
    return {"snapshots": item._visible_snapshots}
