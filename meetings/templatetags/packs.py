"""{% pack_documents meeting as documents %}: the meeting's PDFs for the meeting page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def pack_documents(context, meeting):
    from meetings.packs import api

    return api.documents(meeting, context["request"].user, items=context.get("items"))
