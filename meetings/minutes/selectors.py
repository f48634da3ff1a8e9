"""Reads for minutes, attendance records, the work programme and terms of reference.

Every read goes through the one visibility rule (meetings/visibility.py and the ``visible_to``
queryset methods): these functions are what pages, print templates and the PDF pack share.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from meetings import visibility
from meetings.agendas.models import Meeting
from meetings.committees.models import Committee, Membership, Person
from meetings.committees.selectors import join_names, member_lines, memberships_on
from meetings.minutes.models import (
    Attendance,
    Decision,
    Declaration,
    MeetingMinutes,
    Minute,
    ReportDeadline,
    TermsOfReference,
    WorkProgrammeItem,
)
from meetings.years import (
    municipal_year_bounds,
    municipal_year_label,
    municipal_year_start,
)


def name_as_minuted(person: Person) -> str:
    """'Councillor T Judge', 'Mrs B Kellner', 'Rachel McKeon': how the minutes name a person.

    A line of attendance keeps this wording from when it was recorded (Attendance.name_as_minuted);
    this gives it for a line not yet given one."""
    if person.kind == Person.Kind.COUNCILLOR:
        return f"Councillor {person.short_name}"
    return person.short_name or person.full_name


# A councillor is minuted 'Councillor T Judge'; several plain ones share one line,
# 'Councillors Hewitson, T Judge and Stone'.
COUNCILLOR = "Councillor "


def minuted_name(entry: Attendance) -> str:
    """The name a line of attendance prints: as minuted, or the person's for a line not given one."""
    return entry.name_as_minuted or name_as_minuted(entry.person)


@dataclass
class AttendanceLines:
    """The attendance as the minutes print it, one string per line (escaped by templates)."""

    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _with_extras(entry: Attendance, name: str, names: dict[int, str]) -> str:
    text = name
    if entry.partial_range:
        text = f"{text} {entry.partial_range}"
    if entry.substitute_for_id:
        # The replaced member as these minutes name them: their own line, else as kept with this one.
        replaced = (
            names.get(entry.substitute_for_id) or entry.substitute_for_name or name_as_minuted(entry.substitute_for)
        )
        text = f"{text} (substitute for {replaced})"
    if entry.capacity:
        text = f"{text}, {entry.capacity}"
    return text


def attendance_lines(entries: list[Attendance]) -> AttendanceLines:
    """Lines as minuted: the Chair, then the plain councillors together, then everyone else one a
    line, in the recorded order. Names are those kept with each line, never today's records."""
    lines = AttendanceLines()
    names = {e.person_id: minuted_name(e) for e in entries}
    chair = [e for e in entries if e.in_the_chair]
    for e in chair:
        lines.present.append(f"{_with_extras(e, names[e.person_id], names)} – in the Chair")
    present = [e for e in entries if e.attended and not e.in_the_chair]
    plain_councillors = [
        e
        for e in present
        if names[e.person_id].startswith(COUNCILLOR)
        and len(names[e.person_id]) > len(COUNCILLOR)
        and not e.capacity
        and not e.substitute_for_id
    ]
    if plain_councillors:
        short = [_with_extras(e, names[e.person_id][len(COUNCILLOR) :], names) for e in plain_councillors]
        prefix = "Councillors" if len(short) > 1 else "Councillor"
        lines.present.append(f"{prefix} {join_names(short)}")
    for e in present:
        if e not in plain_councillors:
            lines.present.append(_with_extras(e, names[e.person_id], names))
    for e in entries:
        if e.status == Attendance.Status.IN_ATTENDANCE:
            lines.present.append(_with_extras(e, names[e.person_id], names))
        elif e.status == Attendance.Status.APOLOGIES:
            lines.apologies.append(_with_extras(e, names[e.person_id], names))
        elif e.status == Attendance.Status.ABSENT:
            lines.absent.append(_with_extras(e, names[e.person_id], names))
    return lines


# The roll call: members listed Chair first, then Vice-Chair, members and co-opted members.
ROLL_ORDER = [
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.CO_OPTED,
]


def members_on(*, committee: Committee, on: datetime.date) -> list[Membership]:
    """The committee's members on the day `on` (begun by then, not ended before), one membership
    a person (the senior role when two overlap), in roll-call order. Named substitutes are not
    members expected at the meeting and are left out."""
    memberships = (
        Membership.objects.filter(committee=committee, start__lte=on, role__in=ROLL_ORDER)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
    )
    by_person: dict[int, Membership] = {}
    for m in memberships:
        held = by_person.get(m.person_id)
        if held is None or ROLL_ORDER.index(m.role) < ROLL_ORDER.index(held.role):
            by_person[m.person_id] = m
    return sorted(
        by_person.values(),
        key=lambda m: (ROLL_ORDER.index(m.role), m.person.last_name, m.person.first_name, m.person_id),
    )


def capacity_of(*, person: Person, on: datetime.date, committee: Committee | None = None) -> str:
    """What the minutes print after someone's name, from their records on the day `on`: what they
    represent on a committee (this one first; "Parent Governor Representative"), else their post
    ("Executive Member for Children's Services", "Scrutiny Support Officer")."""
    representing = (
        Membership.objects.filter(person=person, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .exclude(representing="")
        .values_list("committee_id", "representing")
    )
    ordered = sorted(representing, key=lambda row: (committee is None or row[0] != committee.pk, row[0]))
    return ordered[0][1] if ordered else person.job_title


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.start).date()


@dataclass
class MinuteView:
    minute: Minute
    text_visible: bool
    decisions: list[Decision]
    declarations: list[Declaration]
    # The minute's exempt annex is shown (to someone who may read exempt material): the detail
    # kept exempt from a public summary, marked as exempt with `exempt_paragraph`.
    annex_visible: bool = False

    @property
    def exempt_paragraph(self) -> int | None:
        return visibility.minute_exempt_paragraph(self.minute)

    @property
    def prints_exempt_text(self) -> bool:
        """Whether this entry shows anything exempt: an exempt minute's text, or an annex."""
        return (self.text_visible and visibility.minute_is_exempt(self.minute)) or self.annex_visible

    @property
    def decisions_heading(self) -> str:
        return "Decision" if len(self.decisions) == 1 else "Decisions"


def minutes_for(*, meeting: Meeting, user) -> MeetingMinutes | None:
    """The meeting's minutes if the user may read them (None otherwise)."""
    return (
        MeetingMinutes.objects.visible_to(user)
        .select_related("approved_at__committee", "approved_by_minute")
        .filter(meeting=meeting)
        .first()
    )


def minutes_context(*, meeting: Meeting, user) -> dict | None:
    """Everything a minutes page, the meeting page or the printed minutes show.

    Returns None when the user may not read these minutes (draft minutes are for officers;
    the meeting itself must be visible). Exempt minutes (visibility.minute_is_exempt) keep their
    reference and title, but ``text_visible`` is False and their decisions are left out unless
    the user may see exempt material; ``annex_visible`` says an exempt annex is shown (only to
    those who may see exempt material). Keys: meeting, minutes, attendance (AttendanceLines),
    general_declarations, entries (list of MinuteView), is_draft (True until approved),
    can_view_exempt.
    """
    # MeetingMinutes.objects.visible_to applies the whole rule, the meeting's agenda stage included.
    minutes = minutes_for(meeting=meeting, user=user)
    if minutes is None:
        return None
    can_exempt = visibility.can_view_exempt(user)
    entries = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "substitute_for", "from_minute", "to_minute")
        .order_by("order", "id")
    )
    declarations = list(Declaration.objects.filter(meeting=meeting).select_related("person").order_by("id"))
    by_item = defaultdict(list)
    general = []
    for d in declarations:
        (by_item[d.item_id] if d.item_id else general).append(d)
    minute_list = list(
        Minute.objects.filter(meeting=meeting)
        .select_related("item", "committee")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("number")))
        .order_by("order", "number")
    )
    views = []
    for m in minute_list:
        visible = visibility.can_read_minute_text(user, m)
        views.append(
            MinuteView(
                minute=m,
                text_visible=visible,
                decisions=list(m.decisions.all()) if visible else [],
                declarations=by_item.get(m.item_id, []) if m.item_id else [],
                annex_visible=visibility.can_read_exempt_annex(user, m),
            )
        )
    return {
        "meeting": meeting,
        "minutes": minutes,
        "attendance": attendance_lines(entries),
        "general_declarations": general,
        "entries": views,
        "is_draft": not minutes.is_final,
        "can_view_exempt": can_exempt,
    }


# --- attendance record of a person -----------------------------------------------------------


@dataclass
class AttendanceRow:
    year: str
    committee: Committee
    expected: int = 0
    attended: int = 0
    apologies: int = 0

    @property
    def percentage(self) -> int | None:
        if not self.expected:
            return None
        return round(100 * self.attended / self.expected)


def person_attendance(*, person: Person, user) -> list[AttendanceRow]:
    """Expected vs attended meetings per municipal year and committee.

    Counted over meetings whose minutes the user may read (the attendance is part of the
    minutes). Expected: meetings of a committee the person was a member of on the day (not as
    a substitute), plus meetings they attended as a substitute. Attended: present or
    substitute, including partial attendance. Also-in-attendance (e.g. an Executive Member)
    is neither.
    """
    memberships = list(
        Membership.objects.filter(person=person)
        .exclude(role=Membership.Role.SUBSTITUTE)
        .values("committee_id", "start", "end")
    )
    records = {a.meeting_id: a.status for a in Attendance.objects.filter(person=person).only("meeting_id", "status")}
    committee_ids = {m["committee_id"] for m in memberships}
    substitute_meetings = [mid for mid, status in records.items() if status == Attendance.Status.SUBSTITUTE]
    if not committee_ids and not substitute_meetings:
        return []
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(Q(committee_id__in=committee_ids) | Q(pk__in=substitute_meetings))
        .filter(minutes__in=MeetingMinutes.objects.visible_to(user))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("start")
    )
    rows: dict[tuple[int, int], AttendanceRow] = {}
    for meeting in meetings:
        day = timezone.localtime(meeting.start).date()
        status = records.get(meeting.pk)
        member = any(
            m["committee_id"] == meeting.committee_id and m["start"] <= day and (m["end"] is None or m["end"] >= day)
            for m in memberships
        )
        if not member and status != Attendance.Status.SUBSTITUTE:
            continue
        year = municipal_year_start(day)
        row = rows.setdefault(
            (year, meeting.committee_id),
            AttendanceRow(year=municipal_year_label(municipal_year_bounds(year)[0]), committee=meeting.committee),
        )
        row.expected += 1
        if status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE):
            row.attended += 1
        elif status == Attendance.Status.APOLOGIES:
            row.apologies += 1
    return [rows[key] for key in sorted(rows, key=lambda k: (-k[0], rows[k].committee.name))]


# --- work programme and terms of reference ---------------------------------------------------


@dataclass
class ProgrammeMeeting:
    meeting: Meeting | None
    deadline: datetime.date | None
    items: list[WorkProgrammeItem]


def work_programme(*, committee: Committee, user, year: int | None = None) -> list[ProgrammeMeeting]:
    """The committee's work programme, meeting by meeting, for the municipal year starting in
    `year` (all years when None). Only meetings the user may see are listed; items not yet
    given a meeting come last."""
    meetings = Meeting.objects.visible_to(user).filter(committee=committee).exclude(status=Meeting.Status.CANCELLED)
    if year is not None:
        first, last = municipal_year_bounds(year)
        meetings = meetings.filter(start__date__gte=first, start__date__lte=last)
    items = list(
        WorkProgrammeItem.objects.filter(committee=committee)
        .filter(Q(meeting__in=meetings) | Q(meeting__isnull=True))
        .select_related("meeting", "agenda_item")
        .order_by("order", "id")
    )
    deadlines = dict(ReportDeadline.objects.filter(meeting__in=meetings).values_list("meeting_id", "deadline"))
    grouped = defaultdict(list)
    unscheduled = []
    for item in items:
        (grouped[item.meeting_id] if item.meeting_id else unscheduled).append(item)
    result = []
    for meeting in meetings.order_by("start").filter(pk__in=list(grouped)):
        result.append(ProgrammeMeeting(meeting=meeting, deadline=deadlines.get(meeting.pk), items=grouped[meeting.pk]))
    if unscheduled:
        result.append(ProgrammeMeeting(meeting=None, deadline=None, items=unscheduled))
    return result


def programme_years(*, committee: Committee, user) -> list[int]:
    starts = (
        Meeting.objects.visible_to(user)
        .filter(committee=committee, programme_items__isnull=False)
        .values_list("start", flat=True)
        .distinct()
    )
    return sorted({municipal_year_start(timezone.localtime(s).date()) for s in starts}, reverse=True)


def current_terms(*, committee: Committee, on: datetime.date | None = None) -> TermsOfReference | None:
    """The terms for the municipal year containing `on` (default today), else the latest."""
    on = on or timezone.localdate()
    terms = list(TermsOfReference.objects.filter(committee=committee).order_by("-municipal_year"))
    year = municipal_year_start(on)
    for t in terms:
        if t.municipal_year == year:
            return t
    earlier = [t for t in terms if t.municipal_year <= year]
    return earlier[0] if earlier else (terms[-1] if terms else None)


@dataclass
class Terms:
    """Terms of reference as shown and printed: the officers' prose (`prose`, a TermsOfReference)
    with what the records hold for its municipal year, as they stand on `as_at`."""

    prose: TermsOfReference
    title: str
    year_label: str
    as_at: datetime.date
    members: list[Membership]  # in force on as_at, in the order councils print them
    councillors: str  # 'Alijah, Collins, … Lovecy (Chair) and Stone'
    co_opted: str  # 'Mrs B Kellner (Representative of the Diocese of Manchester) and …'
    contact_officer: Person | None
    schedule: list[Meeting]

    @property
    def contact_officer_line(self) -> str:
        """'Rachel McKeon - Scrutiny Support Officer', as terms of reference print it."""
        officer = self.contact_officer
        if officer is None:
            return ""
        return " - ".join(part for part in (officer.full_name, officer.job_title) if part)


def terms_of_reference(
    *,
    committee: Committee,
    user,
    on: datetime.date | None = None,
    from_meeting: Meeting | None = None,
    record: TermsOfReference | None = None,
) -> Terms | None:
    """The committee's terms of reference for the municipal year containing `on` (default today;
    else its latest earlier terms, see current_terms), or those of `record`; None if it has none.

    Drawn from the records for that year, never retyped: the membership in force on `on` (kept
    within the year: for an earlier year, as it ended), the committee's contact officer, and its
    meetings that year that the user may see and that will take place, from `from_meeting` on
    when printed in that meeting's pack (as the published terms list the meetings to come)."""
    on = on or timezone.localdate()
    prose = record or current_terms(committee=committee, on=on)
    if prose is None:
        return None
    first, last = prose.year_bounds
    as_at = min(max(on, first), last)
    members = memberships_on(committee, as_at)
    councillors, co_opted = member_lines(members, representing=True)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(committee=committee, start__date__gte=first, start__date__lte=last)
        .going_ahead()
        .order_by("start")
    )
    if from_meeting is not None:
        meetings = meetings.filter(start__gte=from_meeting.start)
    officer = committee.contact_officer if committee.contact_officer_id else None
    return Terms(
        prose=prose,
        title=prose.title or committee.names_on(as_at).name,
        year_label=prose.year_label,
        as_at=as_at,
        members=members,
        councillors=councillors,
        co_opted=co_opted,
        contact_officer=officer,
        schedule=list(meetings),
    )


# The decisions register lists (and counts) at most this many decisions, newest first: a
# large council's register has 100,000, and counting or sorting them all would cost time in
# proportion to the archive on every page. The filters reach older ones.
REGISTER_LIMIT = 1000


class NewestDecisions:
    """The decisions of `decisions` (a filtered, visible queryset), newest meeting first, as a
    sequence a Paginator can page through without sorting or counting the whole register.

    A page is found by walking the meetings newest first, 16 at a time, fetching only their
    decisions (by the minute and decision indexes: a batch small enough that PostgreSQL keeps to
    them), until the page is full: the work grows with the page number, not with the size of the
    register. After ROUNDS batches (a filter that few decisions pass) the rest comes in one
    sorted query. The length is the exact count up to REGISTER_LIMIT (a count that stops there);
    `truncated` says more matched.
    """

    BATCH, ROUNDS = 16, 8
    ORDER = ("-minute__meeting__start", "-minute__meeting_id", "minute__order", "minute__number", "number")

    def __init__(self, decisions, *, meetings, limit: int | None = None):
        limit = limit or REGISTER_LIMIT
        self.decisions = decisions.order_by()
        self.meetings = meetings
        counted = self.decisions[: limit + 1].count()
        self.truncated = counted > limit
        self.length = min(counted, limit)
        self._meeting_ids: list[int] | None = None

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: slice) -> list[Decision]:
        start, stop = key.start or 0, min(key.stop if key.stop is not None else self.length, self.length)
        if stop <= start:
            return []
        if self._meeting_ids is None:
            self._meeting_ids = list(self.meetings.order_by("-start", "-id").values_list("pk", flat=True))
        ids: list[int] = []
        done, batch, rounds = 0, self.BATCH, 0
        while done < len(self._meeting_ids) and len(ids) < stop:
            rounds += 1
            if rounds > self.ROUNDS:  # a sparse filter: the rest in one (sorted, limited) query
                rest = self.decisions.filter(minute__meeting_id__in=self._meeting_ids[done:]).order_by(*self.ORDER)
                ids += rest.values_list("pk", flat=True)[: stop - len(ids)]
                break
            chunk = self._meeting_ids[done : done + batch]
            ids += (
                self.decisions.filter(minute__meeting_id__in=chunk).order_by(*self.ORDER).values_list("pk", flat=True)
            )
            done += batch
        wanted = ids[start:stop]
        found = (
            self.decisions.select_related("minute__meeting__committee")
            .prefetch_related("minute__meeting__committee__former_names")  # names on each meeting's day
            .in_bulk(wanted)
        )
        return [found[pk] for pk in wanted if pk in found]
