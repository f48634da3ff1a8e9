"""State changes for meetings. Admin actions, views and commands call these."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings.agendas import timing
from meetings.agendas.models import FINAL_MESSAGE, AgendaItem, Despatch, Meeting, Paper, PaperVersion
from meetings.audit import record_by

# --- despatches: issuing the agenda and its supplements --------------------------------------


def _meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.start).date()


def _refuse_if_cannot_issue(*, meeting: Meeting, issued_on: datetime.date, reason_after_held: str) -> None:
    """The rules every despatch follows: not for a cancelled meeting, never once the minutes are
    approved, not after the meeting has started (unless it has been held and the officer gives a
    reason), and never dated after the meeting."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("A cancelled meeting's agenda cannot be issued.", code="cancelled")
    if meeting.status == Meeting.Status.POSTPONED:
        raise ValidationError(
            "A postponed meeting's agenda cannot be issued; issue the new meeting's.", code="postponed"
        )
    if meeting.minutes_are_final:
        raise ValidationError(
            "The minutes of this meeting are approved: nothing more can be issued for it.", code="minutes_final"
        )
    # Judged as at the moment of issue: now, or the start of the day for a despatch recorded
    # with an earlier date (e.g. loading the history of past meetings).
    as_of = issue_moment(issued_on)
    held = meeting_has_ended(meeting, now=as_of) or (meeting.status == Meeting.Status.HELD and as_of >= meeting.start)
    started = held or issued_on > _meeting_day(meeting) or as_of >= meeting.start
    if held:
        if not reason_after_held.strip():
            raise ValidationError(
                {"reason_after_held": "This meeting has been held: give the reason for issuing anything more."},
                code="held_needs_reason",
            )
    elif started:
        raise ValidationError("The meeting has started: its agenda can no longer be issued.", code="started")
    if issued_on > _meeting_day(meeting) and not held:
        raise ValidationError("An agenda cannot be issued after its meeting.", code="after_meeting")


def issue_moment(issued_on: datetime.date) -> datetime.datetime:
    """When a despatch dated `issued_on` counts as issued: now for today or later, else the start
    of that day (local time)."""
    if issued_on >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time.min))


def _paper_row(paper: Paper) -> dict:
    return {
        "id": paper.pk,
        "item_id": paper.item_id,
        "title": paper.title,
        "order": paper.order,
        "file": paper.file.name if paper.file else "",
        "report_id": paper.report_id,
        "sha256": paper.sha256,
        "page_count": paper.page_count,
        "exempt": paper.is_exempt,
        "version": paper.versions.count() + 1,
    }


def _item_row(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "number": item.number,
        "title": item.title,
        "exempt": item.exempt,
        "exempt_paragraph": item.exempt_paragraph,
        "to_follow": item.to_follow,
        "urgent": item.urgent,
        "urgent_reason": item.urgent_reason,
    }


def _paper_version_key(row: dict) -> tuple:
    return (row["id"], row.get("version", 1), row.get("sha256", ""), row.get("file", ""))


def despatched(meeting: Meeting) -> tuple[set[int], set[tuple]]:
    """(item ids, paper version keys) already issued in the meeting's despatches."""
    items, papers = set(), set()
    for manifest in meeting.despatches.values_list("manifest", flat=True):
        items.update(row["id"] for row in manifest.get("items", []))
        papers.update(_paper_version_key(row) for row in manifest.get("papers", []))
    return items, papers


def pending_changes(meeting: Meeting) -> dict:
    """What a supplementary despatch would carry: items not yet issued, and papers added or
    replaced since the last despatch ({"items": [...], "papers": [...], "replaced": {paper id: …}})."""
    issued_items, issued_papers = despatched(meeting)
    issued_paper_ids = {key[0] for key in issued_papers}
    items = list(meeting.items.exclude(pk__in=issued_items).order_by("number"))
    papers, replaced = [], {}
    current = Paper.objects.filter(item__meeting=meeting).select_related("item").order_by("item__number", "order", "id")
    for paper in current:
        row = _paper_row(paper)
        if _paper_version_key(row) in issued_papers:
            continue
        papers.append(paper)
        if paper.pk in issued_paper_ids:
            replaced[paper.pk] = paper.versions.order_by("-replaced_at", "-id").first()
    return {"items": items, "papers": papers, "replaced": replaced}


def meeting_has_ended(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    end = meeting.end or (meeting.start + datetime.timedelta(hours=3))
    return end <= now


def _send_issued(meeting: Meeting, despatch: Despatch, by) -> None:
    from meetings.agendas.signals import agenda_published, despatch_issued

    def send():
        despatch_issued.send(sender=Despatch, despatch=despatch, by=by)
        if despatch.is_main:
            agenda_published.send(sender=Meeting, meeting=meeting, by=by)

    transaction.on_commit(send)


@transaction.atomic
def meeting_publish(
    *,
    meeting: Meeting,
    by: AbstractBaseUser | None = None,
    issued_on: datetime.date | None = None,
    reason_late: str = "",
    reason_after_held: str = "",
) -> Meeting:
    """Issue the agenda (the main despatch): the agenda becomes public on `issued_on` (default
    today). Refused when fewer than five clear working days remain before the meeting unless the
    officer records `reason_late` (s.100B(3)), after the meeting has started, for a cancelled or
    postponed meeting, and once the minutes are approved. The despatch records the date, who
    issued it and what it held; its packs are stored as issued (meetings.packs)."""
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))  # one issue at a time
    issued_on = issued_on or timezone.localdate()
    if meeting.despatches.exists():
        raise ValidationError(
            "The agenda has already been issued; issue a supplementary agenda instead.", code="already_issued"
        )
    if not meeting.items.exists():
        raise ValidationError("The agenda has no items yet; add them before issuing it.")
    _refuse_if_cannot_issue(meeting=meeting, issued_on=issued_on, reason_after_held=reason_after_held)
    days = timing.clear_days(issued_on, _meeting_day(meeting))
    if days < timing.required_clear_days() and not reason_late.strip():
        raise ValidationError(
            {
                "reason_late": (
                    f"Only {max(days, 0)} clear working day(s) before the meeting (the law asks for "
                    f"{timing.required_clear_days()}; the last day to issue was "
                    f"{timing.latest_issue_date(_meeting_day(meeting)):%-d %B %Y}). Record why the agenda is late."
                )
            },
            code="late",
        )
    items = list(meeting.items.order_by("number"))
    papers = list(
        Paper.objects.filter(item__meeting=meeting).select_related("item").order_by("item__number", "order", "id")
    )
    despatch = Despatch(
        meeting=meeting,
        number=0,
        issued_on=issued_on,
        issued_by=by if getattr(by, "pk", None) else None,
        issued_by_name=meeting.issued_by,
        reason_late=reason_late.strip(),
        reason_after_held=reason_after_held.strip(),
        clear_days=days,
        manifest={"items": [_item_row(i) for i in items], "papers": [_paper_row(p) for p in papers]},
    )
    despatch.full_clean()
    despatch.save()
    meeting.agenda_issued_on = issued_on
    meeting.announced = True
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    _send_issued(meeting, despatch, by)
    return meeting


@transaction.atomic
def despatch_supplement(
    *,
    meeting: Meeting,
    by: AbstractBaseUser | None = None,
    issued_on: datetime.date | None = None,
    urgent_reasons: dict | None = None,
    reason_after_held: str = "",
) -> Despatch:
    """Issue a supplementary agenda with everything added or replaced since the last despatch:
    new items and "to follow" papers, and replaced papers (their earlier versions stay with
    the earlier despatch). An item added fewer than five clear days before the meeting is taken
    as urgent business and needs the chair's reason (s.100B(4)(b)): given in `urgent_reasons`
    ({item id: reason}) or already on the item."""
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))  # one issue at a time
    issued_on = issued_on or timezone.localdate()
    main = meeting.despatches.filter(number=0).first()
    if main is None:
        raise ValidationError("Issue the agenda first; a supplement follows an issued agenda.", code="not_issued")
    if issued_on < main.issued_on:
        raise ValidationError("A supplement cannot be dated before the agenda it follows.")
    _refuse_if_cannot_issue(meeting=meeting, issued_on=issued_on, reason_after_held=reason_after_held)
    changes = pending_changes(meeting)
    if not changes["items"] and not changes["papers"]:
        raise ValidationError("Nothing has been added or replaced since the last despatch.", code="nothing_new")
    days = timing.clear_days(issued_on, _meeting_day(meeting))
    urgent_reasons = {int(k): v for k, v in (urgent_reasons or {}).items()}
    missing = []
    for item in changes["items"]:
        reason = (urgent_reasons.get(item.pk) or item.urgent_reason or "").strip()
        if days < timing.required_clear_days():
            if not reason:
                missing.append(f"{item.number}. {item.title}")
                continue
            item.urgent, item.urgent_reason = True, reason
            item.full_clean()
            item.save()
    if missing:
        raise ValidationError(
            {
                "urgent_reasons": (
                    "Added fewer than five clear days before the meeting, these items can be taken only as "
                    "urgent business, with the Chair's reason: " + "; ".join(missing)
                )
            },
            code="urgent_needs_reason",
        )
    number = (meeting.despatches.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    replaced = {}
    for pk, version in changes["replaced"].items():
        replaced[str(pk)] = {
            "reason": version.reason if version else "",
            "replaced_on": timezone.localtime(version.replaced_at).date().isoformat() if version else "",
        }
    despatch = Despatch(
        meeting=meeting,
        number=number,
        issued_on=issued_on,
        issued_by=by if getattr(by, "pk", None) else None,
        issued_by_name=meeting.issued_by,
        reason_after_held=reason_after_held.strip(),
        clear_days=days,
        manifest={
            "items": [_item_row(i) for i in changes["items"]],
            "papers": [_paper_row(p) for p in changes["papers"]],
            "replaced": replaced,
        },
    )
    despatch.full_clean()
    despatch.save()
    _send_issued(meeting, despatch, by)
    return despatch


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, by: AbstractBaseUser | None = None) -> Meeting:
    """Withdraw an agenda whose issue date has not come yet (nobody has seen it). An agenda that
    has been issued is a fixed record: withdraw it by cancelling or postponing the meeting."""
    if meeting.is_published and meeting.despatches.filter(issued_on__lte=timezone.localdate()).exists():
        raise ValidationError(
            "This agenda has been issued and what was issued stays issued. Cancel or postpone the "
            "meeting, or issue a supplementary agenda.",
            code="issued",
        )
    meeting.despatches.all()._raw_delete(meeting.despatches.db)  # never issued to anyone
    meeting.agenda_issued_on = None
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def paper_replace(
    *, paper: Paper, file, reason: str, by: AbstractBaseUser | None = None, title: str | None = None
) -> Paper:
    """Replace a paper's PDF; the earlier version is kept with the reason. Once the paper has been
    issued, the replacement goes out in the next supplementary agenda."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for replacing the paper."})
    if paper.item.meeting.minutes_are_final:
        raise ValidationError("The minutes of this meeting are approved: its papers cannot be replaced.")
    old_name = paper.file.name if paper.file else ""
    version = PaperVersion(
        paper=paper,
        title=paper.title,
        sha256=paper.sha256,
        page_count=paper.page_count,
        reason=reason.strip(),
        replaced_by=by if getattr(by, "pk", None) else None,
    )
    version.file.name = old_name  # the earlier file stays in storage, now referred to by the version
    version.full_clean()
    version.save()
    paper.file = file
    if title:
        paper.title = title
    paper.full_clean()
    record_by(paper, by)
    paper.save()
    return paper


# --- the order of the agenda ------------------------------------------------------------------


@transaction.atomic
def agenda_items_reorder(*, meeting: Meeting, order: list[int], by: AbstractBaseUser | None = None) -> list[AgendaItem]:
    """Number the meeting's agenda items 1, 2 … n in the order given (`order`: the id of every
    item of the meeting, once each).

    Refused once the minutes are approved (items' numbers are final, as everywhere), and when an
    item already issued would change its number: what was issued stays issued, and councillors
    hold the agenda with those numbers. Items added since the last despatch may be reordered
    among themselves and after the issued ones.

    Two passes, because the database holds (meeting, number) unique after every statement: the
    items whose number changes first step aside to numbers above any in use (no audit entry),
    then take their places one by one (each saved, so the audit trail and the packs follow)."""
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))  # one at a time
    if meeting.minutes_are_final:
        raise ValidationError(FINAL_MESSAGE.format(what="the order of its agenda items"), code="minutes_final")
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    try:
        order = [int(pk) for pk in order]
    except (TypeError, ValueError) as exc:
        raise ValidationError("The new order names something that is not an agenda item.", code="bad_order") from exc
    if len(order) != len(set(order)) or set(order) != set(items):
        raise ValidationError(
            "The new order must name every agenda item of the meeting once; reload the page and try again.",
            code="bad_order",
        )
    numbers = {pk: n for n, pk in enumerate(order, start=1)}
    moving = [items[pk] for pk in order if items[pk].number != numbers[pk]]
    if not moving:
        return [items[pk] for pk in order]
    issued_ids, _ = despatched(meeting)
    fixed = sorted((item for item in moving if item.pk in issued_ids), key=lambda item: item.number)
    if fixed:
        seen = meeting.despatches.filter(issued_on__lte=timezone.localdate()).exists()
        raise ValidationError(
            "The agenda has been issued with these items numbered as they are, and what was issued stays "
            f"issued: {'; '.join(f'{item.number}. {item.title}' for item in fixed)}. Only items added since "
            "the last despatch can change places, among themselves"
            + ("." if seen else "; or withdraw the agenda, whose issue date has not come yet, to renumber it."),
            code="issued",
        )
    spare = max([item.number for item in items.values()] + [len(order)])
    for offset, item in enumerate(moving, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=spare + offset)
    for item in moving:
        item.number = numbers[item.pk]
        item.full_clean()
        record_by(item, by)
        item.save()
    return [items[pk] for pk in order]


def agenda_item_move(*, item: AgendaItem, direction: str, by: AbstractBaseUser | None = None) -> AgendaItem:
    """Swap an agenda item with the one before it (`direction` "up") or after it ("down"), and
    number the agenda 1 … n again (agenda_items_reorder, with its refusals)."""
    if direction not in ("up", "down"):
        raise ValidationError("An item moves up or down.", code="bad_direction")
    order = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("number", "pk").values_list("pk", flat=True)
    )
    here = order.index(item.pk)
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(order):
        raise ValidationError(
            f"Item {item.number} ({item.title}) is already {'first' if direction == 'up' else 'last'} on the agenda.",
            code="at_the_end",
        )
    order[here], order[there] = order[there], order[here]
    agenda_items_reorder(meeting=item.meeting, order=order, by=by)
    item.refresh_from_db()
    return item


# --- held, cancelled, postponed --------------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: AbstractBaseUser | None = None) -> Meeting:
    """The meeting has taken place (its end time passed, or attendance was recorded)."""
    if meeting.status == Meeting.Status.HELD:
        return meeting
    if meeting.is_called_off:
        raise ValidationError(f"A {meeting.get_status_display().lower()} meeting cannot be held.")
    meeting.status = Meeting.Status.HELD
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    return meeting


def meetings_mark_held(*, now: datetime.datetime | None = None) -> list[Meeting]:
    """Every scheduled meeting whose end time (or start + 3 hours when no end is set) has passed
    becomes "held". Run by the scheduler (manage.py mark_held_meetings)."""
    now = now or timezone.now()
    done = []
    candidates = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, start__lte=now)
    ended = Q(end__lte=now) | Q(end__isnull=True, start__lte=now - datetime.timedelta(hours=3))
    for meeting in candidates.filter(ended):
        done.append(meeting_mark_held(meeting=meeting))
    return done


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by: AbstractBaseUser | None = None) -> Meeting:
    """Cancel the meeting; its page stays public with the reason."""
    if not reason.strip():
        raise ValidationError({"status_note": "Give the reason for cancelling, for the public notice."})
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError("A meeting that has been held cannot be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.status_note = reason.strip()
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_postpone(
    *,
    meeting: Meeting,
    reason: str,
    new_start: datetime.datetime | None = None,
    new_end: datetime.datetime | None = None,
    by: AbstractBaseUser | None = None,
) -> Meeting:
    """Postpone the meeting; its page stays public with the reason and, when `new_start` is given,
    a link to the new meeting (created here, announced, with the agenda items copied, unissued)."""
    if not reason.strip():
        raise ValidationError({"status_note": "Give the reason for postponing, for the public notice."})
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError("A meeting that has been held cannot be postponed.")
    new = None
    if new_start is not None:
        new = Meeting(
            committee=meeting.committee,
            start=new_start,
            end=new_end or ((new_start + (meeting.end - meeting.start)) if meeting.end else None),
            venue=meeting.venue,
            access_notes=meeting.access_notes,
            welcome=meeting.welcome,
            issued_by=meeting.issued_by,
            announced=True,
        )
        new.full_clean()
        new.save()
        for item in meeting.items.order_by("number"):
            copy = AgendaItem(
                meeting=new,
                number=item.number,
                title=item.title,
                kind=item.kind,
                purpose=item.purpose,
                report_of=item.report_of,
                to_follow=item.to_follow,
                standing=item.standing,
                exempt=item.exempt,
                exempt_paragraph=item.exempt_paragraph,
                show_exemption=item.show_exemption,
            )
            copy.full_clean()
            copy.save()
    meeting.status = Meeting.Status.POSTPONED
    meeting.status_note = reason.strip()
    meeting.postponed_to = new
    meeting.full_clean()
    record_by(meeting, by)
    meeting.save()
    return meeting


def next_meeting_start(meeting: Meeting) -> datetime.datetime:
    """When the meeting after `meeting` is proposed: four weeks later at the same time of day on
    the clock of that day (10:00 stays 10:00 across a change to or from summer time)."""
    local = timezone.localtime(meeting.start).replace(tzinfo=None)
    return timezone.make_aware(local + datetime.timedelta(weeks=4))


@transaction.atomic
def meeting_create_next(*, meeting: Meeting, start: datetime.datetime | None = None) -> Meeting:
    """A draft meeting of the same committee, with the standing items copied and renumbered;
    by default at next_meeting_start."""
    if start is None:
        start = next_meeting_start(meeting)
    new = Meeting(
        committee=meeting.committee,
        start=start,
        end=(start + (meeting.end - meeting.start)) if meeting.end else None,
        venue=meeting.venue,
        access_notes=meeting.access_notes,
        welcome=meeting.welcome,
        issued_by=meeting.issued_by,
    )
    new.full_clean()
    new.save()
    number = 0
    for item in meeting.items.filter(standing=True).order_by("number"):
        number += 1
        copy = AgendaItem(
            meeting=new,
            number=number,
            title=item.title,
            kind=item.kind,
            purpose=item.purpose,
            report_of=item.report_of,
            standing=True,
            exempt=item.exempt,
            exempt_paragraph=item.exempt_paragraph,
        )
        copy.full_clean()
        copy.save()
    return new


@transaction.atomic
def paper_create(*, item: AgendaItem, title: str, file, exempt: bool = False, order: int | None = None) -> Paper:
    """Attach an uploaded PDF to an agenda item after validating it."""
    if order is None:
        order = item.papers.count() + 1
    paper = Paper(item=item, title=title, file=file, exempt=exempt, order=order)
    paper.full_clean()
    paper.save()
    return paper


@transaction.atomic
def paper_rendered_size_set(*, paper: Paper, page_count: int, size_bytes: int) -> Paper:
    """Record the size of a paper's rendered PDF (an authored report, once built). Saved like any
    other change, so search and the pack change stamp follow it; nothing is written if unchanged."""
    if (paper.page_count, paper.size_bytes) != (page_count, size_bytes):
        paper.page_count, paper.size_bytes = page_count, size_bytes
        paper.save(update_fields=["page_count", "size_bytes"])
    return paper


@transaction.atomic
def paper_attach_report(*, item: AgendaItem, report, exempt: bool = False, by: AbstractBaseUser | None = None) -> Paper:
    """Attach an officer report written in the admin (meetings.reports) to an agenda item as its
    next paper, titled with the report's subject. Refused, as any new paper, once the meeting's
    minutes are approved."""
    limit = Paper._meta.get_field("title").max_length
    paper = Paper(item=item, title=report.subject[:limit], report=report, exempt=exempt, order=item.papers.count() + 1)
    paper.full_clean()
    record_by(paper, by)
    paper.save()
    return paper
