"""reverse() for the URLs lists build by the hundred: an object's page by its id.

A list of 50 meetings with 15 items each links every item (an item's page is its meeting's, with
an anchor), and Django's reverse() costs tens of microseconds a call. ``pk_url`` reverses each URL
name once, with a placeholder id, and fills in the real one: the same string reverse() gives.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = 918273645546372819  # a valid id that no other part of a URL contains
_templates: dict[tuple, tuple[str, str]] = {}


def pk_url(name: str, pk) -> str:
    """``reverse(name, kwargs={"pk": pk})``, from a template kept per URL conf and script prefix."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    parts = _templates.get(key)
    if parts is None:
        head, _sep, tail = reverse(name, kwargs={"pk": _PLACEHOLDER}).rpartition(str(_PLACEHOLDER))
        parts = _templates[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"
