"""The action plan reports attached to each agenda item, as a panel on the meeting page.

Registered from ``ActionplansConfig.ready``; ``meetings`` never imports this app.
"""

from meetings import panels

from .selectors import snapshots_at_items


def item_snapshots(items, user) -> dict[int, dict]:
    return {pk: {"snapshots": found} for pk, found in snapshots_at_items(items, user).items() if found}


def register() -> None:
    panels.register_item_panel(template="actionplans/includes/item_snapshots.html", load=item_snapshots, order=10)
