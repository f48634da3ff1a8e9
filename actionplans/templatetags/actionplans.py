from django import template

from actionplans.models import Rag
from actionplans.presenters import RAG_STYLE

register = template.Library()


@register.inclusion_tag("actionplans/includes/rag_tag.html")
def rag(value) -> dict:
    """A RAG label: the colour with its name, never the colour alone."""
    value = value if value in Rag.values else ""
    return {"label": Rag(value).label, "tag": RAG_STYLE[value]["tag"]}
