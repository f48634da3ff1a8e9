"""The RAG table of a snapshot as a page, and as printable landscape HTML for the agenda pack.

`snapshot_print_html(snapshot)` returns a complete HTML document (templates/actionplans/
snapshot_print.html on the print scaffold, a landscape named page) for the pack renderer:

    from meetings.packs import render
    pdf = render.html_to_pdf(snapshot_print_html(snapshot))

The caller decides who may see the snapshot: use Snapshot.objects.visible_to(user).
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string

from . import presenters
from .models import Rag, Snapshot


def _rag(value: str) -> dict:
    value = value if value in Rag.values else ""
    return {"value": value, "label": Rag(value).label, **presenters.RAG_STYLE[value]}


def snapshot_context(snapshot: Snapshot) -> dict:
    sections = []
    for section in snapshot.data.get("sections", []):
        recs = []
        for rec in section["recommendations"]:
            actions = []
            for action in rec["actions"]:
                due = action.get("due_date")
                actions.append(
                    {
                        **action,
                        "rag_info": _rag(action["rag"]),
                        "due": datetime.date.fromisoformat(due) if due else None,
                    }
                )
            recs.append(
                {
                    **rec,
                    "actions": actions,
                    "rating_info": _rag(rec["rating"]),
                    "rollup_info": _rag(rec.get("rollup", "")),
                }
            )
        sections.append({**section, "recommendations": recs})
    counts = snapshot.counts or snapshot.data.get("counts", {})
    return {
        "snapshot": snapshot,
        "plan": snapshot.plan,
        "sections": sections,
        "counts": presenters.count_rows(counts),
        "total": sum(counts.values()),
        "legend": presenters.legend(),
    }


def snapshot_print_html(snapshot: Snapshot) -> str:
    context = snapshot_context(snapshot)
    context["COUNCIL_NAME"] = settings.COUNCIL_NAME
    return render_to_string("actionplans/snapshot_print.html", context)
