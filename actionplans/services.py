"""State changes for action plans. Admin actions, views and commands call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.audit import record_by
from meetings.models import AgendaItem, Committee
from meetings.search.services import deferred_indexing

from .models import Action, ActionPlan, ProgressUpdate, Rag, Recommendation, Section, Snapshot
from .rag import count_rags, rollup
from .spreadsheet import ParsedPlan
from .timeline import parse_due_date as due_date_from_timeline

IMPORTED_BY = "Imported from spreadsheet"


def _author_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


@transaction.atomic
def progress_update_record(
    *,
    action: Action,
    rag: str,
    text: str,
    by: AbstractBaseUser | None = None,
    author_name: str = "",
    as_at: datetime.date | None = None,
) -> ProgressUpdate:
    """Record a progress update: it becomes the action's current RAG and progress. The update
    keeps what they were before, who gave it and when; earlier updates stay as history."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    update = ProgressUpdate(
        action=action,
        as_at=as_at or timezone.localdate(),
        text=text.strip(),
        rag=rag or "",
        author=by,
        author_name=author_name or _author_name(by),
        rag_before=action.rag,
        text_before=action.progress,
    )
    update.full_clean()
    record_by(update, by)
    update.save()
    action_current_progress_sync(action=action, by=by)
    return update


def action_current_progress_sync(*, action: Action, by: AbstractBaseUser | None = None) -> Action:
    """Make the action's current RAG and progress those of its latest progress update (or none)."""
    latest = action.updates.order_by("-as_at", "-created_at", "-id").first()
    if latest is None:
        action.rag, action.progress, action.progress_on = "", "", None
    else:
        action.rag, action.progress, action.progress_on = latest.rag, latest.text, latest.as_at
    action.full_clean()
    record_by(action, by)
    action.save(update_fields=["rag", "progress", "progress_on"])
    return action


@transaction.atomic
def progress_update_delete(*, update: ProgressUpdate, by: AbstractBaseUser | None = None) -> None:
    """Remove a progress update (superusers only, in the admin: a correction of the record). The
    action's current RAG and progress fall back to its latest remaining update."""
    action = Action.objects.select_for_update().get(pk=update.action_id)
    record_by(update, by)
    update.delete()
    action_current_progress_sync(action=action, by=by)


@transaction.atomic
def actions_set_rag(*, actions: Iterable[Action], rag: str, by: AbstractBaseUser | None, note: str = "") -> int:
    """Bulk 'set RAG': one progress update per action, keeping its current progress text
    unless a note is given."""
    done = 0
    for action in actions:
        progress_update_record(action=action, rag=rag, text=note or action.progress, by=by)
        done += 1
    return done


@transaction.atomic
@deferred_indexing()  # the plan's search text is built once, not once per recommendation
def plan_create_from_parsed(
    *,
    parsed: ParsedPlan,
    title: str,
    committee: Committee | None = None,
    description: str = "",
    imported_from: str = "",
    as_at: datetime.date | None = None,
    by: AbstractBaseUser | None = None,
) -> ActionPlan:
    """Store a parsed spreadsheet as a new (unpublished) plan. All or nothing."""
    if not title.strip():
        raise ValidationError({"title": "Give the plan a title."})
    as_at = as_at or timezone.localdate()
    plan = ActionPlan(
        title=title.strip(), committee=committee, description=description, imported_from=imported_from[:255]
    )
    plan.full_clean()
    record_by(plan, by)
    plan.save()
    rec_order = 0
    for s_order, p_section in enumerate(parsed.sections, start=1):
        section = Section(plan=plan, title=p_section.title, order=s_order)
        section.full_clean()
        section.save()
        for p_rec in p_section.recommendations:
            rec_order += 1
            rec = Recommendation(
                plan=plan,
                section=section,
                code=p_rec.code,
                code_derived=p_rec.code_derived,
                category=p_rec.category,
                wording=p_rec.wording,
                rating=p_rec.rating,
                order=rec_order,
            )
            rec.full_clean()
            rec.save()
            for a_order, p_action in enumerate(p_rec.actions, start=1):
                action = Action(
                    recommendation=rec,
                    number=p_action.number,
                    activity=p_action.activity,
                    outcome=p_action.outcome,
                    timeline=p_action.timeline,
                    due_date=due_date_from_timeline(p_action.timeline),
                    lead=p_action.lead,
                    improvement_notice=p_action.improvement_notice,
                    order=a_order,
                )
                action.full_clean()
                record_by(action, by)
                action.save()
                if p_action.progress or p_action.rag:
                    progress_update_record(
                        action=action,
                        rag=p_action.rag,
                        text=p_action.progress,
                        by=by,
                        author_name=IMPORTED_BY,
                        as_at=as_at,
                    )
    return plan


def plan_import(
    *,
    data: bytes,
    filename: str,
    title: str,
    committee: Committee | None = None,
    dry_run: bool = False,
    by: AbstractBaseUser | None = None,
) -> tuple[ParsedPlan, ActionPlan | None]:
    """Parse a spreadsheet and, unless dry_run, store it. Raises SpreadsheetError listing every
    problem (row and column) and stores nothing."""
    from .spreadsheet import parse_file

    parsed = parse_file(data, filename)
    if dry_run:
        return parsed, None
    plan = plan_create_from_parsed(parsed=parsed, title=title, committee=committee, imported_from=filename, by=by)
    return parsed, plan


def import_summary(parsed: ParsedPlan, plan: ActionPlan | None) -> str:
    counts = (
        f"{len(parsed.recommendations)} recommendations and {len(parsed.actions)} actions "
        f"in {len(parsed.sections)} sections"
    )
    if plan is None:
        return f"Dry run: would import {counts}; nothing stored"
    return f"Imported {counts} into plan {plan.pk}"


@transaction.atomic
def plan_set_published(*, plan: ActionPlan, published: bool, by: AbstractBaseUser | None = None) -> ActionPlan:
    plan.published = published
    plan.full_clean()
    record_by(plan, by)
    plan.save(update_fields=["published", "updated_at"])
    return plan


# Snapshots ---------------------------------------------------------------------------------


def plan_structure(plan: ActionPlan) -> list[Section]:
    """Sections with recommendations and actions prefetched (three queries)."""
    from django.db.models import Prefetch

    return list(
        Section.objects.filter(plan=plan)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("order", "id")),
            Prefetch("recommendations__actions", queryset=Action.objects.order_by("order", "id")),
        )
    )


def plan_state(plan: ActionPlan) -> dict:
    """The plan's state as plain data, as a snapshot freezes it."""
    sections = []
    ratings = []
    for section in plan_structure(plan):
        recs = []
        for rec in section.recommendations.all():
            actions = [
                {
                    "id": a.pk,
                    "number": a.number,
                    "activity": a.activity,
                    "outcome": a.outcome,
                    "timeline": a.timeline,
                    "due_date": a.due_date.isoformat() if a.due_date else None,
                    "lead": a.lead,
                    "improvement_notice": a.improvement_notice,
                    "rag": a.rag,
                    "progress": a.progress,
                    "progress_on": a.progress_on.isoformat() if a.progress_on else None,
                }
                for a in rec.actions.all()
            ]
            ratings.extend(a["rag"] for a in actions)
            recs.append(
                {
                    "id": rec.pk,
                    "code": rec.code,
                    "category": rec.category,
                    "wording": rec.wording,
                    "strategic_lead": rec.strategic_lead,
                    "rating": rec.rating,
                    "rollup": rollup(a["rag"] for a in actions).value,
                    "actions": actions,
                }
            )
        sections.append({"id": section.pk, "title": section.title, "recommendations": recs})
    return {"title": plan.title, "sections": sections, "counts": count_rags(ratings)}


@transaction.atomic
def snapshot_create(
    *,
    plan: ActionPlan,
    as_at: datetime.date | None = None,
    agenda_item: AgendaItem | None = None,
    title: str = "",
    by: AbstractBaseUser | None = None,
) -> Snapshot:
    """Freeze the plan's current state as a 'Report as at DATE'."""
    state = plan_state(plan)
    snapshot = Snapshot(
        plan=plan,
        as_at=as_at or timezone.localdate(),
        agenda_item=agenda_item,
        title=title,
        data=state,
        counts=state["counts"],
        created_by=by,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot


@transaction.atomic
def snapshot_attach(*, snapshot: Snapshot, agenda_item: AgendaItem | None, title: str | None = None) -> Snapshot:
    """Attach a snapshot to an agenda item (or detach it). What it froze never changes."""
    snapshot.agenda_item = agenda_item
    if title is not None:
        snapshot.title = title
    snapshot.full_clean()
    snapshot.save(update_fields=["agenda_item", "title"])
    return snapshot


def _actions_by_key(data: dict) -> dict[str, dict]:
    out = {}
    for section in data.get("sections", []):
        for rec in section["recommendations"]:
            for action in rec["actions"]:
                key = action["number"] or f"id:{action['id']}"
                out[key] = {**action, "recommendation": rec["code"]}
    return out


def _recs_by_code(data: dict) -> dict[str, dict]:
    return {rec["code"]: rec for s in data.get("sections", []) for rec in s["recommendations"]}


def snapshots_compare(*, older: Snapshot, newer: Snapshot) -> dict:
    """What changed between two snapshots: ratings, progress, actions added and removed."""
    before, after = _actions_by_key(older.data), _actions_by_key(newer.data)
    changed = []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        fields = []
        if old["rag"] != new["rag"]:
            fields.append("rating")
        if old["progress"] != new["progress"]:
            fields.append("progress")
        if old["due_date"] != new["due_date"] or old["timeline"] != new["timeline"]:
            fields.append("timeline")
        if fields:
            changed.append(
                {"number": key, "recommendation": new["recommendation"], "old": old, "new": new, "fields": fields}
            )
    recs_before, recs_after = _recs_by_code(older.data), _recs_by_code(newer.data)
    rec_changes = [
        {"code": code, "old": recs_before[code]["rating"], "new": rec["rating"]}
        for code, rec in recs_after.items()
        if code in recs_before and recs_before[code]["rating"] != rec["rating"]
    ]
    return {
        "changed": changed,
        "added": [after[k] for k in after if k not in before],
        "removed": [before[k] for k in before if k not in after],
        "recommendations": rec_changes,
    }


__all__ = [
    "Rag",
    "actions_set_rag",
    "import_summary",
    "plan_create_from_parsed",
    "plan_import",
    "plan_set_published",
    "plan_state",
    "plan_structure",
    "progress_update_delete",
    "progress_update_record",
    "snapshot_attach",
    "snapshot_create",
    "snapshots_compare",
]


def action_due_date_derive(*, action: Action) -> Action:
    """An action without a due date of its own takes it from its timeline as officers write it
    ("31/03/2015", "March 2015"); "Monthly" or "TBC" give none. Used by every form that saves actions."""
    if not action.due_date and action.timeline:
        action.due_date = due_date_from_timeline(action.timeline)
    return action
