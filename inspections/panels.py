"""The inspections considered at each agenda item, as a panel on the meeting page.

Registered from ``InspectionsConfig.ready``; ``meetings`` never imports this app.
"""

from meetings import panels

from .selectors import considered_at_items


def item_inspections(items, user) -> dict[int, dict]:
    return {pk: {"inspections": found} for pk, found in considered_at_items(items, user).items() if found}


def register() -> None:
    panels.register_item_panel(template="inspections/includes/item_inspections.html", load=item_inspections, order=20)
