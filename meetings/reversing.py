"""reverse() for the URLs lists build by the hundred: an object's page by its id.

A list of 50 meetings with 15 items each links every item several times (its API URL, its page,
its meeting), and Django's reverse() costs tens of microseconds a call. ``pk_url`` reverses each
URL name once, with a placeholder id, and fills in the real one: the same string reverse() gives.
``absolute`` makes a path absolute with the host checked once per request.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = 918273645546372819  # a valid id that no other part of a URL contains
_templates: dict[tuple, tuple[str, str]] = {}


def pk_url(name: str, pk, *, positional: bool = False) -> str:
    """``reverse(name, kwargs={"pk": pk})`` (or ``args=[pk]``), from a template kept per URL conf
    and script prefix."""
    key = (name, positional, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    parts = _templates.get(key)
    if parts is None:
        url = reverse(name, args=[_PLACEHOLDER]) if positional else reverse(name, kwargs={"pk": _PLACEHOLDER})
        head, _sep, tail = url.rpartition(str(_PLACEHOLDER))
        parts = _templates[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def absolute(request, path: str) -> str:
    """``request.build_absolute_uri(path)``; for a path from the site root, with the scheme and
    host worked out (and checked against ALLOWED_HOSTS) once per request."""
    if request is None:
        return path
    if not path.startswith("/") or path.startswith("//"):
        return request.build_absolute_uri(path)
    root = getattr(request, "_absolute_root", None)
    if root is None:
        root = request._absolute_root = request.build_absolute_uri("/")[:-1]
    return root + path
