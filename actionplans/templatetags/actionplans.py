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
    `{% load actionplans %}{% agenda_item_snapshots item %}`. Goes through the one visibility rule."""
    from actionplans.models import Snapshot

    request = context.get("request")
    user = getattr(request, "user", None)
    snapshots = list(Snapshot.objects.visible_to(user).filter(agenda_item=item).select_related("plan"))
    return {"snapshots": snapshots}
