"""State changes for minutes, attendance, declarations, decisions and the work programme.

The minutes lifecycle: draft (officers only) → published (public, "Draft – subject to
approval") → approved as a correct record at a later meeting → locked. Once approved, the
minutes' wording, their decisions' wording, the attendance and the declarations are refused
changes; the tracker fields of decisions (owner, due date, status, response) stay editable.
Admin actions and forms call these functions; the refusals live here.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.html import format_html

from meetings.agendas.models import AgendaItem, Meeting
from meetings.audit import record_by
from meetings.committees.models import Committee, Membership, Person
from meetings.minutes import selectors
from meetings.minutes.models import (
    Attendance,
    Decision,
    DecisionUpdate,
    Declaration,
    MeetingMinutes,
    Minute,
    WorkProgrammeItem,
)
from meetings.years import municipal_year_start

FINAL_MESSAGE = "The minutes of {meeting} were approved as a correct record{at}; {what} can no longer be changed."


# --- numbering -------------------------------------------------------------------------------


def minute_period(*, committee: Committee, on: datetime.date) -> int:
    """The numbering period a meeting on `on` falls in: its calendar year, or the year its
    municipal year began, as the committee is set."""
    if committee.minute_numbering == Committee.Numbering.MUNICIPAL:
        return municipal_year_start(on)
    return on.year


def minute_reference(*, committee: Committee, on: datetime.date, period: int, number: int) -> str:
    """CODE/YY/NN with the committee's short code in force on the meeting's date `on` (a renamed
    committee's earlier minutes keep the code they were given: YPC/OSG/15/01, then CYP/OSG/18/15)."""
    return f"{committee.names_on(on).short_code}/{period % 100:02d}/{number:02d}"


# --- guards ----------------------------------------------------------------------------------


def ensure_minutes_editable(*, meeting: Meeting, what: str = "they") -> None:
    """Refuse with a clear message if the meeting's minutes have been approved (or locked)."""
    minutes = MeetingMinutes.objects.filter(meeting=meeting).select_related("approved_at__committee").first()
    if minutes and minutes.is_final:
        at = ""
        if minutes.approved_at_id:
            at = f" at the meeting of {timezone.localtime(minutes.approved_at.start):%-d %B %Y}"
        raise ValidationError(FINAL_MESSAGE.format(meeting=meeting, at=at, what=what))


# --- minutes ---------------------------------------------------------------------------------


@transaction.atomic
def minutes_get_or_create(*, meeting: Meeting) -> MeetingMinutes:
    minutes, _ = MeetingMinutes.objects.get_or_create(meeting=meeting)
    return minutes


@transaction.atomic
def minute_create(
    *,
    meeting: Meeting,
    title: str,
    item: AgendaItem | None = None,
    narrative: str = "",
    publicity: str = Minute.Publicity.AS_ITEM,
    exempt_annex: str = "",
    order: int | None = None,
) -> Minute:
    """Add a minute, numbered next in its committee's period (CODE/YY/NN).

    Public or exempt as its agenda item unless `publicity` says otherwise ("public": the public
    summary of a private item, its detail in `exempt_annex`; "exempt": a private minute).

    The committee row is locked (select_for_update) for the rest of the transaction, so two
    officers adding minutes at once cannot take the same number.
    """
    ensure_minutes_editable(meeting=meeting, what="its minutes")
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "That agenda item belongs to another meeting."})
    minutes_get_or_create(meeting=meeting)
    on = timezone.localtime(meeting.start).date()
    period = minute_period(committee=committee, on=on)
    last = Minute.objects.filter(committee=committee, period=period).aggregate(n=Max("number"))["n"] or 0
    if order is None:
        order = (meeting.minute_set.aggregate(o=Max("order"))["o"] or 0) + 1
    minute = Minute(
        meeting=meeting,
        item=item,
        committee=committee,
        period=period,
        number=last + 1,
        reference=minute_reference(committee=committee, on=on, period=period, number=last + 1),
        order=order,
        title=title,
        narrative=narrative,
        publicity=publicity,
        exempt_annex=exempt_annex,
    )
    minute.full_clean()
    minute.save()
    return minute


@transaction.atomic
def minutes_create_from_agenda(*, meeting: Meeting) -> list[Minute]:
    """A minute for every agenda item not yet minuted, in agenda order."""
    done = set(meeting.minute_set.exclude(item=None).values_list("item_id", flat=True))
    created = []
    for item in meeting.items.order_by("number"):
        if item.pk not in done:
            narrative = ""
            if item.urgent and item.urgent_reason:
                # s.100B(4)(b): the reasons for taking urgent business are given in the minutes.
                narrative = format_html(
                    "<p>The Chair agreed that this item be considered as a matter of urgency: {}</p>",
                    item.urgent_reason,
                )
            created.append(minute_create(meeting=meeting, item=item, title=item.title, narrative=narrative))
    return created


@transaction.atomic
def minute_update(*, minute: Minute, **fields) -> Minute:
    """Change a minute's title, narrative, publicity, exempt annex, item or order (refused once
    approved)."""
    ensure_minutes_editable(meeting=minute.meeting, what="its minutes")
    allowed = {"title", "narrative", "publicity", "exempt_annex", "order", "item"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(minute, name, value)
    if minute.item_id and minute.item.meeting_id != minute.meeting_id:
        raise ValidationError({"item": "That agenda item belongs to another meeting."})
    minute.full_clean()
    minute.save()
    return minute


@transaction.atomic
def minute_delete(*, minute: Minute) -> None:
    ensure_minutes_editable(meeting=minute.meeting, what="its minutes")
    minute.delete()


# --- decisions -------------------------------------------------------------------------------


def _decisions_in_order(minute: Minute) -> list[Decision]:
    """The minute's decisions as numbered, its row locked (select_for_update) for the rest of the
    transaction, so two officers numbering its decisions at once take turns."""
    Minute.objects.select_for_update().filter(pk=minute.pk).first()
    return list(Decision.objects.filter(minute=minute).order_by("number", "pk"))


def _decisions_number(*, minute: Minute, ordered: list[Decision]) -> list[Decision]:
    """Number `ordered` (all the minute's decisions) 1, 2, … in that order, with no gaps.

    Two passes, because the database holds (minute, number) unique after every statement: the
    decisions whose number changes first step aside to numbers above any in use (one UPDATE),
    then take their places one by one (each saved, so the audit trail records the new number)."""
    moving = [(decision, n) for n, decision in enumerate(ordered, start=1) if decision.number != n]
    if moving:
        spare = Decision.objects.filter(minute=minute).aggregate(n=Max("number"))["n"] or 0
        Decision.objects.filter(pk__in=[d.pk for d, _ in moving]).update(number=F("number") + spare)
        for decision, number in moving:
            decision.number = number
            decision.save(update_fields=["number", "updated_at"])
    return ordered


def _position(number: int | None, *, last: int) -> int:
    """Where a number typed for a decision puts it: 1 … last (blank, 0 or beyond: the end)."""
    if not number or number < 1:
        return last
    return min(number, last)


@transaction.atomic
def decision_create(
    *,
    minute: Minute,
    text: str,
    kind: str = Decision.Kind.DECISION,
    number: int | None = None,
    owner: str = "",
    due_date: datetime.date | None = None,
) -> Decision:
    """Add a decision; a procedural one (see Decision.Kind) is recorded without a tracker.

    Decisions are numbered 1, 2, … within their minute by this service: with no `number` the new
    one comes last; with one it takes that place and those from there on move down one."""
    ensure_minutes_editable(meeting=minute.meeting, what="its decisions")
    existing = _decisions_in_order(minute)
    spare = (existing[-1].number if existing else 0) + 1
    decision = Decision(minute=minute, number=spare, kind=kind, text=text, owner=owner, due_date=due_date)
    decision.full_clean()  # sets the status: Not started, or none for a procedural decision
    decision.save()
    at = _position(number, last=len(existing) + 1) - 1
    _decisions_number(minute=minute, ordered=[*existing[:at], decision, *existing[at:]])
    return decision


@transaction.atomic
def decision_update_wording(*, decision: Decision, **fields) -> Decision:
    """Change a decision's wording, kind or number (refused once the minutes are approved).

    A new number moves the decision to that place in its minute, the others closing up around
    it (beyond the last: the end; None: where it is). Made procedural, a decision leaves the
    tracker (its owner, due date and response must be blank); made tracked, it starts as Not
    started."""
    ensure_minutes_editable(meeting=decision.minute.meeting, what="the wording of its decisions")
    unknown = set(fields) - {"text", "kind", "number"}
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    number = fields.pop("number", None)
    decision.refresh_from_db(fields=["number"])  # renumbering elsewhere may have moved it since it was read
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.full_clean()
    decision.save()
    if number is not None and number != decision.number:
        decisions_renumber(minute=decision.minute, positions={decision.pk: number})
        decision.refresh_from_db(fields=["number"])
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision) -> None:
    """Remove a decision; those after it in its minute move up one."""
    minute = decision.minute
    ensure_minutes_editable(meeting=minute.meeting, what="its decisions")
    decision.delete()
    _decisions_number(minute=minute, ordered=_decisions_in_order(minute))


@transaction.atomic
def decisions_renumber(*, minute: Minute, positions: dict[int, int | None] | None = None) -> list[Decision]:
    """Number a minute's decisions 1, 2, … with no gaps, moving some to new places.

    `positions` maps a decision's id to the number typed for it (an order field on a form): each
    decision given one takes that place (blank or beyond the last: the end; two wanting the same
    place: the next free one), and the others fill the places left, in their order. So two
    swapped numbers swap their decisions. Refused once the minutes are approved: numbers are
    part of the wording."""
    ensure_minutes_editable(meeting=minute.meeting, what="the wording of its decisions")
    current = _decisions_in_order(minute)
    positions = positions or {}
    places: list[Decision | None] = [None] * len(current)
    moved = sorted(
        (
            (_position(positions[d.pk], last=len(current)), index, d)
            for index, d in enumerate(current)
            if d.pk in positions
        ),
        key=lambda row: row[:2],
    )
    for wanted, _, decision in moved:
        free = [i for i in range(len(places)) if places[i] is None]
        at = next((i for i in free if i >= wanted - 1), free[-1])
        places[at] = decision
    staying = iter(d for d in current if d.pk not in positions)
    ordered = [place if place is not None else next(staying) for place in places]
    return _decisions_number(minute=minute, ordered=ordered)


@transaction.atomic
def decision_update_tracker(
    *,
    decision: Decision,
    status: str | None = None,
    response: str | None = None,
    owner: str | None = None,
    due_date=...,  # a date, None to clear, or ... to leave as it is
    note: str = "",
    on: datetime.date | None = None,
    by: AbstractBaseUser | None = None,
) -> Decision:
    """Update the tracker (allowed at any stage) and add a dated entry to its history when the
    status or response changes or a note is given. Procedural decisions are not tracked."""
    before = (decision.status, decision.response)
    if not decision.is_tracked:
        if note or response or owner or (due_date is not ... and due_date is not None):
            raise ValidationError(
                f"{decision} is procedural ({decision.get_kind_display().lower()}) and is not tracked; "
                "make it a decision, recommendation or request to follow it up."
            )
        return decision
    if status is not None:
        decision.status = status
    if response is not None:
        decision.response = response
    if owner is not None:
        decision.owner = owner
    if due_date is not ...:
        decision.due_date = due_date
    decision.full_clean()
    record_by(decision, by)
    decision.save(update_fields=["status", "response", "owner", "due_date", "updated_at"])
    if note or (decision.status, decision.response) != before:
        if not note and decision.response != before[1]:
            note = decision.response
        entry = DecisionUpdate(
            decision=decision,
            on=on or timezone.localdate(),
            status=decision.status,
            note=note,
            by=by if (by is not None and by.is_authenticated) else None,
        )
        entry.full_clean()
        entry.save()
    return decision


# --- attendance and declarations -------------------------------------------------------------

# What a line of attendance holds that an officer sets (attendance_update).
ATTENDANCE_FIELDS = (
    "name_as_minuted",
    "status",
    "capacity",
    "in_the_chair",
    "substitute_for",
    "from_minute",
    "to_minute",
    "order",
)


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    person: Person,
    status: str = Attendance.Status.PRESENT,
    capacity: str = "",
    in_the_chair: bool = False,
    substitute_for: Person | None = None,
    from_minute: Minute | None = None,
    to_minute: Minute | None = None,
    order: int | None = None,
    name_as_minuted: str = "",
) -> Attendance:
    """Record (or correct) one person's attendance; refused once the minutes are approved.

    The name is kept as minuted: `name_as_minuted` when given, else the line's own (a correction
    keeps it), else the person's as the minutes print it today."""
    existing = Attendance.objects.filter(meeting=meeting, person=person).first()
    if order is None:
        order = existing.order if existing else (meeting.attendance.aggregate(o=Max("order"))["o"] or 0) + 1
    attendance = existing or Attendance(meeting=meeting, person=person)
    if name_as_minuted:
        attendance.name_as_minuted = name_as_minuted
    attendance.status = status
    attendance.capacity = capacity
    attendance.in_the_chair = in_the_chair
    attendance.substitute_for = substitute_for
    attendance.from_minute = from_minute
    attendance.to_minute = to_minute
    attendance.order = order
    return attendance_save(attendance=attendance)


@transaction.atomic
def attendance_update(*, attendance: Attendance, **fields) -> Attendance:
    """Change some of a line's fields (see ATTENDANCE_FIELDS), keeping the others; refused once
    the minutes are approved."""
    unknown = set(fields) - set(ATTENDANCE_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(attendance, name, value)
    return attendance_save(attendance=attendance)


def _replaced_name(attendance: Attendance) -> str:
    """The name of the member a substitute replaced, as these minutes name them: their own line's
    when they have one, else as the minutes print them today."""
    if attendance.substitute_for_id is None:
        return ""
    own = (
        Attendance.objects.filter(meeting_id=attendance.meeting_id, person_id=attendance.substitute_for_id)
        .values_list("name_as_minuted", flat=True)
        .first()
    )
    return own or selectors.name_as_minuted(attendance.substitute_for)


@transaction.atomic
def attendance_save(*, attendance: Attendance) -> Attendance:
    """Save one line of attendance as entered (the admin's rows come here too); refused once the
    minutes are approved. Recording attendance marks a scheduled meeting as held.

    A line keeps the names as minuted: a blank name is filled from the person's record, as the
    minutes print it, and a substitute's line keeps the name of the member they replaced."""
    meeting = attendance.meeting
    ensure_minutes_editable(meeting=meeting, what="the attendance")
    for name in ("from_minute", "to_minute"):
        minute = getattr(attendance, name)
        if minute is not None and minute.meeting_id != meeting.pk:
            raise ValidationError({name: "That minute belongs to another meeting."})
    attendance.name_as_minuted = (
        attendance.name_as_minuted.strip() or selectors.name_as_minuted(attendance.person)[:200]
    )
    attendance.capacity = attendance.capacity.strip()
    attendance.substitute_for_name = _replaced_name(attendance)
    attendance.full_clean()
    attendance.save()
    if meeting.status == Meeting.Status.SCHEDULED:
        # Attendance recorded: the meeting has been held (whichever comes first of this and its
        # end time passing; see meetings.agendas.services.meetings_mark_held).
        from meetings.agendas.services import meeting_mark_held

        meeting_mark_held(meeting=meeting)
    return attendance


@transaction.atomic
def attendance_mark_all_present(*, meeting: Meeting) -> list[Attendance]:
    """The roll call's first step: every member of the committee on the meeting's day who has no
    line yet is recorded present, in roll-call order; the Chair "in the Chair" (unless someone
    already is), a co-opted member with what they represent. Lines already recorded (apologies, a
    substitute, a partial attendance) are kept as they are. Refused once the minutes are approved."""
    ensure_minutes_editable(meeting=meeting, what="the attendance")
    members = selectors.members_on(committee=meeting.committee, on=selectors.meeting_day(meeting))
    recorded = set(meeting.attendance.values_list("person_id", flat=True))
    chair_taken = meeting.attendance.filter(in_the_chair=True).exists()
    done = []
    for membership in members:
        if membership.person_id in recorded:
            continue
        chair = membership.role == Membership.Role.CHAIR and not chair_taken
        chair_taken = chair_taken or chair
        done.append(
            attendance_record(
                meeting=meeting,
                person=membership.person,
                status=Attendance.Status.PRESENT,
                in_the_chair=chair,
                capacity=membership.representing,
            )
        )
    return done


@transaction.atomic
def declaration_record(
    *,
    meeting: Meeting,
    person: Person,
    nature: str,
    kind: str = Declaration.Kind.PERSONAL,
    item: AgendaItem | None = None,
    name_as_minuted: str = "",
) -> Declaration:
    declaration = Declaration.objects.filter(meeting=meeting, person=person, item=item, nature=nature).first()
    declaration = declaration or Declaration(meeting=meeting, person=person, item=item, nature=nature)
    declaration.kind = kind
    if name_as_minuted:
        declaration.name_as_minuted = name_as_minuted
    return declaration_save(declaration=declaration)


@transaction.atomic
def declaration_save(*, declaration: Declaration) -> Declaration:
    """Save one declaration of interest as entered; refused once the minutes are approved. A blank
    name as minuted is filled from the person's record, as the minutes print it."""
    ensure_minutes_editable(meeting=declaration.meeting, what="the declarations of interest")
    if declaration.item_id is not None and declaration.item.meeting_id != declaration.meeting_id:
        raise ValidationError({"item": "That agenda item belongs to another meeting."})
    declaration.name_as_minuted = declaration.name_as_minuted.strip() or declaration.person.full_name[:200]
    declaration.full_clean()
    declaration.save()
    return declaration


@transaction.atomic
def attendance_delete(*, attendance: Attendance) -> None:
    ensure_minutes_editable(meeting=attendance.meeting, what="the attendance")
    attendance.delete()


@transaction.atomic
def declaration_delete(*, declaration: Declaration) -> None:
    ensure_minutes_editable(meeting=declaration.meeting, what="the declarations of interest")
    declaration.delete()


# --- lifecycle -------------------------------------------------------------------------------


@transaction.atomic
def minutes_publish(
    *, minutes: MeetingMinutes, on: datetime.date | None = None, by: AbstractBaseUser | None = None
) -> MeetingMinutes:
    """Draft → published: the public see them, marked "Draft – subject to approval"."""
    minutes = MeetingMinutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != MeetingMinutes.Status.DRAFT:
        raise ValidationError(
            f"The minutes of {minutes.meeting} are already published ({minutes.get_status_display().lower()})."
        )
    if not minutes.meeting.is_published:
        raise ValidationError(
            f"The minutes of {minutes.meeting} cannot be published while the meeting itself is a draft; "
            "issue its agenda first."
        )
    if minutes.meeting.start > timezone.now():
        raise ValidationError(f"The meeting of {minutes.meeting} has not taken place yet.")
    if not minutes.meeting.minute_set.exists():
        raise ValidationError(f"The minutes of {minutes.meeting} have no minutes in them yet.")
    minutes.status = MeetingMinutes.Status.PUBLISHED
    minutes.published_on = on or timezone.localdate()
    minutes.full_clean()
    record_by(minutes, by)
    minutes.save()
    return minutes


@transaction.atomic
def minutes_unpublish(*, minutes: MeetingMinutes, by: AbstractBaseUser | None = None) -> MeetingMinutes:
    """Published → draft (withdrawn, e.g. published by mistake). Refused once approved."""
    minutes = MeetingMinutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != MeetingMinutes.Status.PUBLISHED:
        raise ValidationError(
            f"Only published draft minutes can be withdrawn; the minutes of {minutes.meeting} are "
            f"{minutes.get_status_display().lower()}."
        )
    minutes.status = MeetingMinutes.Status.DRAFT
    minutes.published_on = None
    minutes.full_clean()
    record_by(minutes, by)
    minutes.save()
    return minutes


@transaction.atomic
def minutes_approve(
    *,
    minutes: MeetingMinutes,
    at: Meeting,
    minute: Minute | None = None,
    on: datetime.date | None = None,
    by: AbstractBaseUser | None = None,
) -> MeetingMinutes:
    """Published → approved as a correct record at the later meeting `at` (optionally by its
    minute `minute`, e.g. "To approve as a correct record the minutes of the meeting held on …")."""
    minutes = MeetingMinutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting = minutes.meeting
    if minutes.status == MeetingMinutes.Status.DRAFT:
        raise ValidationError(f"The minutes of {meeting} are still a draft; publish them before they are approved.")
    if minutes.is_final:
        raise ValidationError(f"The minutes of {meeting} have already been approved.")
    if at.pk == meeting.pk or at.start <= meeting.start:
        raise ValidationError({"approved_at": "Minutes are approved at a later meeting than the one they record."})
    if at.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            {"approved_at": f"The meeting of {at} was cancelled; minutes are approved at a meeting that is held."}
        )
    if at.start > timezone.now():
        raise ValidationError(
            {"approved_at": f"The meeting of {at} has not taken place yet; minutes are approved at the meeting itself."}
        )
    if at.committee_id not in (meeting.committee_id, meeting.committee.parent_id):
        raise ValidationError(
            {"approved_at": "Minutes are approved by the same committee or the committee it reports to."}
        )
    if minute is not None and minute.meeting_id != at.pk:
        raise ValidationError({"approved_by_minute": "The approving minute must belong to the approving meeting."})
    minutes.status = MeetingMinutes.Status.APPROVED
    minutes.approved_at = at
    minutes.approved_by_minute = minute
    minutes.approved_on = on or timezone.localtime(at.start).date()
    minutes.full_clean()
    record_by(minutes, by)
    minutes.save()
    return minutes


def minutes_approve_at_next_meeting(*, minutes: MeetingMinutes, by: AbstractBaseUser | None = None) -> MeetingMinutes:
    """Approve at the committee's next meeting, by its "Minutes" item's minute when there is one."""
    meeting = minutes.meeting
    at = (
        Meeting.objects.filter(committee=meeting.committee, start__gt=meeting.start)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
        .first()
    )
    if at is None:
        raise ValidationError(f"{meeting.committee} has no meeting after {meeting} to approve these minutes.")
    minute = at.minute_set.filter(item__kind=AgendaItem.Kind.MINUTES).order_by("order").first()
    return minutes_approve(minutes=minutes, at=at, minute=minute, by=by)


@transaction.atomic
def minutes_lock(
    *, minutes: MeetingMinutes, on: datetime.date | None = None, by: AbstractBaseUser | None = None
) -> MeetingMinutes:
    """Approved → locked: signed by the Chair; there is no way back."""
    minutes = MeetingMinutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != MeetingMinutes.Status.APPROVED:
        raise ValidationError(
            f"Only approved minutes can be locked; the minutes of {minutes.meeting} are "
            f"{minutes.get_status_display().lower()}."
        )
    minutes.status = MeetingMinutes.Status.LOCKED
    minutes.locked_on = on or timezone.localdate()
    minutes.full_clean()
    record_by(minutes, by)
    minutes.save()
    return minutes


# --- work programme --------------------------------------------------------------------------


@transaction.atomic
def programme_item_add_to_agenda(*, programme_item: WorkProgrammeItem) -> AgendaItem:
    """Turn a work programme item into the next agenda item of its meeting."""
    if programme_item.agenda_item_id:
        raise ValidationError(
            f"'{programme_item}' is already on the agenda as item {programme_item.agenda_item.number}."
        )
    meeting = programme_item.meeting
    if meeting is None:
        raise ValidationError(f"'{programme_item}' has no meeting yet; choose one first.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(f"'{programme_item}': the meeting of {meeting} is cancelled.")
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=programme_item.title,
        kind=AgendaItem.Kind.REPORT,
        purpose=programme_item.purpose,
        report_of=programme_item.lead_officer,
    )
    item.full_clean()
    item.save()
    programme_item.agenda_item = item
    programme_item.save(update_fields=["agenda_item"])
    return item
