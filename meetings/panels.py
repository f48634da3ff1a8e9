"""Panels: what other areas and apps add to a page, by registration.

A page asks for its panels and the view passes them, rendered, to its template; the page never
names what fills them. Each panel has a template and a loader that reads what it shows through
selectors (which apply the visibility rule). Areas and apps register their panels from
``AppConfig.ready``:

- page panels, ``register(page=..., slot=..., template=..., load=...)``: ``load(obj, user,
  **extra)`` returns the template's context, or None to show nothing;
- item panels on the meeting page, ``register_item_panel(template=..., load=...)``:
  ``load(items, user)`` returns ``{item.pk: context}`` for the whole agenda at once, so the
  page's query count does not grow with the agenda.

Pages and slots: ``meeting`` (``documents``, ``after_agenda``), ``committee`` (``terms``),
``person`` (``after_memberships``).
"""

from dataclasses import dataclass
from typing import Callable

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Panel:
    page: str
    slot: str
    template: str
    load: Callable
    order: int = 100


@dataclass(frozen=True)
class ItemPanel:
    template: str
    load: Callable
    order: int = 100


def installed(func: Callable) -> bool:
    """Whether the app that registered `func` is installed (an app removed from INSTALLED_APPS
    contributes nothing, even if it registered before)."""
    return apps.is_installed(func.__module__.split(".")[0])


_panels: list[Panel] = []
_item_panels: list[ItemPanel] = []


def register(*, page: str, slot: str, template: str, load: Callable, order: int = 100) -> None:
    panel = Panel(page, slot, template, load, order)
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def register_item_panel(*, template: str, load: Callable, order: int = 100) -> None:
    panel = ItemPanel(template, load, order)
    if panel not in _item_panels:
        _item_panels.append(panel)
        _item_panels.sort(key=lambda p: p.order)


def render_page(page: str, obj, request, **extra) -> dict[str, str]:
    """The page's panels as HTML, by slot (a slot with no panel is absent)."""
    slots: dict[str, list[str]] = {}
    for panel in _panels:
        if panel.page != page or not installed(panel.load):
            continue
        context = panel.load(obj, request.user, **extra)
        if context is not None:
            slots.setdefault(panel.slot, []).append(render_to_string(panel.template, context, request))
    return {slot: mark_safe("".join(parts)) for slot, parts in slots.items()}  # joined output of autoescaped templates


def render_items(items: list, request) -> dict[int, str]:
    """Each agenda item's panels as HTML, by item id."""
    html: dict[int, list[str]] = {item.pk: [] for item in items}
    for panel in _item_panels:
        if not installed(panel.load):
            continue
        by_item = panel.load(items, request.user)
        for item in items:
            context = by_item.get(item.pk)
            if context is not None:
                html[item.pk].append(render_to_string(panel.template, context, request))
    return {pk: mark_safe("".join(parts)) for pk, parts in html.items()}  # joined output of autoescaped templates
