"""Numbers for pages: RAG counts per section, overdue actions and the snapshot chart geometry.
No HTML here: templates draw the SVG from these numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .models import RAG_MEANING, RAG_ORDER, Rag
from .rag import count_rags, rollup

# Fill colours of the chart bars (all at least 4.5:1 against white) and GOV.UK tag modifiers
# used for the text labels. Colour is never used alone: each label carries its name.
RAG_STYLE = {
    "red": {"fill": "#d4351c", "tag": "govuk-tag--red"},
    "amber": {"fill": "#a35200", "tag": "govuk-tag--orange"},
    "green": {"fill": "#00703c", "tag": "govuk-tag--green"},
    "grey": {"fill": "#505a5f", "tag": "govuk-tag--grey"},
    "blue": {"fill": "#1d70b8", "tag": "govuk-tag--blue"},
    "": {"fill": "#ffffff", "tag": "scrutiny-tag--not-rated"},
}


def legend() -> list[dict]:
    return [{"value": r.value, "label": r.label, "meaning": RAG_MEANING[r], **RAG_STYLE[r.value]} for r in RAG_ORDER]


def count_rows(counts: dict[str, int]) -> list[dict]:
    """[{value, label, count, fill}] in scale order."""
    return [
        {"value": r.value, "label": Rag(r).label, "count": counts.get(r.value, 0), **RAG_STYLE[r.value]}
        for r in RAG_ORDER
    ]


@dataclass
class ChartBar:
    label: str
    x: int
    total: int
    segments: list[dict]


def snapshot_chart(snapshots, *, bar_width: int = 48, gap: int = 32, height: int = 200) -> dict:
    """Stacked bars of RAG counts, one per snapshot, scaled to the largest total."""
    snapshots = list(snapshots)
    totals = [sum(s.counts.values()) for s in snapshots]
    top = max(totals or [0]) or 1
    left, bottom = 48, height + 16
    bars = []
    for i, (snap, total) in enumerate(zip(snapshots, totals, strict=False)):
        x = left + gap + i * (bar_width + gap)
        y = bottom
        segments = []
        for r in RAG_ORDER:
            n = snap.counts.get(r.value, 0)
            if not n:
                continue
            h = round(n * height / top)
            y -= h
            segments.append(
                {
                    "value": r.value,
                    "label": Rag(r).label,
                    "count": n,
                    "y": y,
                    "h": h,
                    "fill": RAG_STYLE[r.value]["fill"],
                }
            )
        bars.append(ChartBar(label=f"{snap.as_at:%-d %b %Y}", x=x, total=total, segments=segments))
    ticks = [{"value": round(top * f), "y": bottom - round(height * f)} for f in (0, 0.25, 0.5, 0.75, 1)]
    return {
        "bars": bars,
        "width": left + gap + len(bars) * (bar_width + gap) + 10,
        "height": bottom + 40,
        "bottom": bottom,
        "left": left,
        "bar_width": bar_width,
        "ticks": ticks,
        "rows": [
            {"snapshot": s, "cells": count_rows(s.counts), "total": t} for s, t in zip(snapshots, totals, strict=False)
        ],
    }


def summarise_sections(sections, today) -> tuple[list[dict], list, dict[str, int]]:
    """Per-section RAG counts, overdue actions and overall counts from prefetched sections."""
    section_rows, overdue, every = [], [], []
    for section in sections:
        ratings = []
        for rec in section.recommendations.all():
            for action in rec.actions.all():
                ratings.append(action.rag)
                if action.is_overdue(today):
                    overdue.append(action)
        every.extend(ratings)
        section_rows.append({"section": section, "cells": count_rows(count_rags(ratings)), "total": len(ratings)})
    return section_rows, overdue, count_rags(every)


@dataclass(frozen=True)
class ActionFilters:
    """The plan page's filters as the visitor chose them (unknown values are ignored)."""

    rag: str = ""  # as in the query string: a Rag value, "none" for not rated, or "" for any
    lead: str = ""
    section: str = ""

    @classmethod
    def from_params(cls, params) -> "ActionFilters":
        from meetings.params import text

        return cls(rag=text(params, "rag"), lead=text(params, "lead"), section=text(params, "section"))

    @property
    def rag_value(self) -> str | None:
        """The rating to show, or None for any."""
        value = None if self.rag == "" else ("" if self.rag == "none" else self.rag)
        return value if value in Rag.values else None

    def matches(self, action) -> bool:
        rag = self.rag_value
        return (rag is None or action.rag == rag) and (not self.lead or action.lead == self.lead)

    @property
    def narrows_actions(self) -> bool:
        return self.rag_value is not None or bool(self.lead)


def action_table(sections, filters: ActionFilters) -> tuple[list[dict], int]:
    """Sections → recommendations → the actions that pass the filters, and how many are shown."""
    table, shown = [], 0
    for section in sections:
        if filters.section and str(section.pk) != filters.section:
            continue
        recs = []
        for rec in section.recommendations.all():
            all_actions = list(rec.actions.all())
            actions = [a for a in all_actions if filters.matches(a)]
            if not actions and filters.narrows_actions:
                continue
            shown += len(actions)
            recs.append({"rec": rec, "actions": actions, "rollup": rollup(a.rag for a in all_actions)})
        if recs:
            table.append({"section": section, "recs": recs})
    return table, shown
