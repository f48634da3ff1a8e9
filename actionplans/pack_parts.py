"""Action plan snapshots attached to an agenda item, as landscape parts of its agenda pack.

Registered with the pack builder from ``ActionplansConfig.ready``; ``meetings`` never imports
this app. Snapshots of an exempt item are exempt like its papers (left out of the public pack).
"""

from meetings import visibility
from meetings.packs.registry import HtmlSource, ItemContext, Source, register_extra

from .models import Snapshot
from .printing import snapshot_print_html


def snapshot_sources(item, ctx: ItemContext) -> list[Source]:
    if item.exempt and not ctx.include_exempt:
        return []
    if "snapshots" not in ctx.shared:  # one query for the whole meeting
        by_item: dict[int, list] = {}
        snapshots = (
            Snapshot.objects.visible_to(visibility.audience(include_exempt=ctx.include_exempt))
            .filter(agenda_item__meeting=ctx.meeting)
            .select_related("plan")
            .order_by("as_at", "pk")
        )
        for snapshot in snapshots:
            by_item.setdefault(snapshot.agenda_item_id, []).append(snapshot)
        ctx.shared["snapshots"] = by_item
    return [
        HtmlSource(str(snapshot), html=snapshot_print_html(snapshot), exempt=item.exempt)
        for snapshot in ctx.shared["snapshots"].get(item.pk, [])
    ]


def register() -> None:
    register_extra(snapshot_sources)
