"""The roll call: a meeting's attendance recorded on one page, "Record attendance".

Served under the meeting's admin page as ``admin:meetings_meeting_attendance``
(meetings.agendas.admin.register_meeting_view). The page lists the committee's members on the
meeting's day with their roles; "Mark everyone present" records them all present (the Chair
"in the Chair"); then the officer notes the exceptions member by member (apologies, absent, a
substitute, a partial attendance, the name as minuted) and adds the others attending (executive
members, ward councillors, officers), whose capacity is filled from what they represent or their
post. Every change goes through the attendance services (meetings/minutes/services.py), in one
transaction: a form with any error saves nothing and says which line and which field. Once the
minutes are approved the page is read only.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from meetings.admin_utils import error_text
from meetings.agendas.admin import register_meeting_view
from meetings.agendas.models import Meeting
from meetings.committees.models import Membership, Person
from meetings.minutes import selectors, services
from meetings.minutes.models import Attendance, Minute

S = Attendance.Status

MEMBER_STATUSES = [("", "Not recorded"), (S.PRESENT, "Present"), (S.APOLOGIES, "Apologies"), (S.ABSENT, "Absent")]
OTHER_STATUSES = [
    (S.IN_ATTENDANCE, "Also in attendance"),
    (S.PRESENT, "Present"),
    (S.APOLOGIES, "Apologies"),
    (S.ABSENT, "Absent"),
]
TEMPLATE = "admin/meetings/attendance/rollcall.html"


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects read once for the whole page (every line offers the same
    councillors and minutes), so that neither showing nor checking a line queries again."""

    def __init__(self, *, empty_label: str, **kwargs):
        self.empty_label = empty_label
        self.objects: dict[str, object] = {}
        super().__init__(choices=[("", empty_label)], **kwargs)

    def set_objects(self, objects: dict[str, object], labels: list[tuple[str, str]]) -> None:
        self.objects = objects
        self.choices = [("", self.empty_label), *labels]

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def to_python(self, value):
        value = super().to_python(value)
        return self.objects.get(value) if value else None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        if value not in self.empty_values and str(value) not in self.objects:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return super().clean(value)


def minute_label(minute: Minute) -> str:
    # Short, so that the roll's table fits the page: the reference and the title's start.
    title = minute.title if len(minute.title) <= 20 else minute.title[:19].rstrip() + "…"
    return f"{minute.reference} {title}"


@dataclass
class Choices:
    """The objects a page's lines choose among, read once."""

    objects: dict[str, object]
    labels: list[tuple[str, str]]

    @classmethod
    def of(cls, queryset, label=str) -> "Choices":
        rows = list(queryset)
        return cls({str(o.pk): o for o in rows}, [(str(o.pk), label(o)) for o in rows])


class RowForm(forms.Form):
    """One line of the roll: the name as minuted, a status and a capacity; each field is named for
    screen readers with its line ("Status, Councillor T Judge")."""

    name_as_minuted = forms.CharField(
        label="Name as minuted", max_length=200, required=False, widget=forms.TextInput(attrs={"size": 18})
    )
    capacity = forms.CharField(
        label="Capacity", max_length=200, required=False, widget=forms.TextInput(attrs={"size": 18})
    )

    def __init__(self, *args, row_label: str = "", minutes: "Choices | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_label = row_label
        if minutes is not None and "from_minute" in self.fields:
            for name in ("from_minute", "to_minute"):
                self.fields[name].set_objects(minutes.objects, minutes.labels)
        elif "from_minute" in self.fields:
            del self.fields["from_minute"], self.fields["to_minute"]

    def clean_partial(self, data: dict) -> None:
        first, last = data.get("from_minute"), data.get("to_minute")
        if (first or last) and data.get("status") not in (S.PRESENT, S.SUBSTITUTE):
            self.add_error("from_minute", "A partial attendance is for someone present.")
        if first and last and (first.order, first.number) > (last.order, last.number):
            self.add_error("to_minute", f"The last minute comes before the first ({first.reference}).")


class MemberRowForm(RowForm):
    """A member of the committee on the day: their status and the exceptions."""

    status = forms.ChoiceField(label="Status", choices=MEMBER_STATUSES, required=False)
    in_the_chair = forms.BooleanField(label="In the Chair", required=False)
    substitute = ObjectChoiceField(
        label="Substitute",
        required=False,
        empty_label="None",
        help_text="The councillor who attended in their place; they are recorded with apologies unless absent.",
    )
    from_minute = ObjectChoiceField(label="From minute", required=False, empty_label="From the start")
    to_minute = ObjectChoiceField(label="To minute", required=False, empty_label="To the end")

    def __init__(self, *args, person: Person, councillors: Choices, extra_status: tuple | None = None, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)
        self.fields["substitute"].set_objects(councillors.objects, councillors.labels)
        if extra_status:
            self.fields["status"].choices = [*MEMBER_STATUSES, extra_status]

    def clean(self):
        data = super().clean()
        status, substitute = data.get("status"), data.get("substitute")
        if data.get("in_the_chair") and status not in (S.PRESENT, S.SUBSTITUTE):
            self.add_error("in_the_chair", "Only someone present can be in the Chair.")
        if substitute is not None:
            if substitute.pk == self.person.pk:
                self.add_error("substitute", "A member cannot substitute for themselves.")
            elif status in (S.PRESENT, S.SUBSTITUTE, S.IN_ATTENDANCE):
                self.add_error(
                    "substitute", "A member whose substitute attended was not present: choose Apologies or Absent."
                )
            elif not status:
                data["status"] = S.APOLOGIES
        self.clean_partial(data)
        return data


class OtherRowForm(RowForm):
    """Someone already recorded who is not a member on the day: a substitute, an executive member,
    a ward councillor, an officer."""

    status = forms.ChoiceField(label="Status", choices=OTHER_STATUSES)
    remove = forms.BooleanField(label="Remove", required=False)

    def __init__(self, *args, line: Attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.line, self.line_id = line, line.pk  # the id outlives a delete, which forgets it on the line
        if line.status == S.SUBSTITUTE:
            # Whom they replaced is chosen on the member's line, above.
            del self.fields["status"]
        elif line.status not in dict(OTHER_STATUSES):
            self.fields["status"].choices = [*OTHER_STATUSES, (line.status, line.get_status_display())]


class NewOtherForm(forms.Form):
    """Someone else attending, added to the list; their capacity is filled from what they represent
    or their post when left blank."""

    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.all(), required=False)
    status = forms.ChoiceField(label="Status", choices=OTHER_STATUSES, initial=S.IN_ATTENDANCE)
    capacity = forms.CharField(
        label="Capacity",
        max_length=200,
        required=False,
        help_text="Leave blank to use what they represent or their post (e.g. 'Executive Member for …').",
    )

    def __init__(self, *args, admin_site, row_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.row_label = row_label
        self.fields["person"].widget = AutocompleteSelect(Attendance._meta.get_field("person"), admin_site)
        self.fields["person"].widget.choices = self.fields["person"].choices

    def clean(self):
        data = super().clean()
        if data.get("person") is None and data.get("capacity"):
            self.add_error("person", "Choose who attended, or leave the capacity blank.")
        return data


@dataclass
class MemberRow:
    membership: Membership
    line: Attendance | None
    form: MemberRowForm
    substitute_line: Attendance | None = None

    @property
    def role(self) -> str:
        role = self.membership.get_role_display()
        return f"{role} – {self.membership.representing}" if self.membership.representing else role


@dataclass
class RollCall:
    """The page's forms, built from the meeting's members and lines (bound to `data` on a POST)."""

    meeting: Meeting
    members: list[MemberRow]
    others: list[tuple[Attendance, OtherRowForm]]
    new: list[NewOtherForm]
    has_minutes: bool
    errors: list[str] = field(default_factory=list)

    def all_forms(self):
        yield from (row.form for row in self.members)
        yield from (form for _, form in self.others)
        yield from self.new

    @property
    def media(self):
        media = forms.Media()
        for form in self.new[:1]:
            media += form.media
        return media


NEW_ROWS = 3


def build(meeting: Meeting, *, data=None, admin_site) -> RollCall:
    day = selectors.meeting_day(meeting)
    memberships = selectors.members_on(committee=meeting.committee, on=day)
    lines = list(
        meeting.attendance.select_related("person", "substitute_for", "from_minute", "to_minute").order_by(
            "order", "id"
        )
    )
    by_person = {line.person_id: line for line in lines}
    substitutes = {line.substitute_for_id: line for line in lines if line.status == S.SUBSTITUTE}
    minutes = Choices.of(
        Minute.objects.filter(meeting=meeting).order_by("order", "number"),
        minute_label,
    )
    has_minutes = bool(minutes.objects)
    # Substitutes: councillors who are not members on the day.
    councillors = Choices.of(
        Person.objects.filter(kind=Person.Kind.COUNCILLOR)
        .exclude(pk__in=[m.person_id for m in memberships])
        .order_by("last_name", "initials", "first_name")
    )
    members = []
    for membership in memberships:
        person, line = membership.person, by_person.get(membership.person_id)
        sub = substitutes.get(membership.person_id)
        if line is not None:
            initial = {
                "name_as_minuted": selectors.minuted_name(line),
                "status": line.status,
                "in_the_chair": line.in_the_chair,
                "capacity": line.capacity,
                "from_minute": line.from_minute_id,
                "to_minute": line.to_minute_id,
            }
        else:
            initial = {"name_as_minuted": selectors.name_as_minuted(person), "capacity": membership.representing}
        initial["substitute"] = sub.person_id if sub else None
        extra = None
        if line is not None and line.status not in dict(MEMBER_STATUSES):
            extra = (line.status, line.get_status_display())
        form = MemberRowForm(
            data,
            prefix=f"member-{person.pk}",
            initial=initial,
            person=person,
            councillors=councillors,
            extra_status=extra,
            row_label=initial["name_as_minuted"],
            minutes=minutes if has_minutes else None,
        )
        members.append(MemberRow(membership=membership, line=line, form=form, substitute_line=sub))
    on_roll = {m.person_id for m in memberships}
    others = []
    for line in lines:
        if line.person_id in on_roll:
            continue
        form = OtherRowForm(
            data,
            prefix=f"line-{line.pk}",
            line=line,
            initial={"name_as_minuted": selectors.minuted_name(line), "capacity": line.capacity, "status": line.status},
            row_label=selectors.minuted_name(line),
        )
        others.append((line, form))
    new = [
        NewOtherForm(data, prefix=f"new-{n}", admin_site=admin_site, row_label=f"Others attending, new line {n}")
        for n in range(1, NEW_ROWS + 1)
    ]
    return RollCall(meeting=meeting, members=members, others=others, new=new, has_minutes=has_minutes)


def _field_label(form: forms.Form, name: str) -> str:
    return form.fields[name].label if name in form.fields else ""


def collect_errors(roll: RollCall) -> list[str]:
    """Every form error as 'line – field: message', in page order."""
    found = []
    for form in roll.all_forms():
        for name, errors in form.errors.items():
            where = _field_label(form, name) if name != "__all__" else ""
            for message in errors:
                found.append(f"{form.row_label} – {where}: {message}" if where else f"{form.row_label}: {message}")
    return found


def check_people(roll: RollCall) -> None:
    """Checks across lines, after each form's own: a person is recorded once at a meeting (a
    member on their line, a substitute for one member, anyone else once)."""
    on_roll = {row.membership.person_id: row for row in roll.members}
    lines = {line.person_id: line for line in roll.meeting.attendance.all()}
    # Lines this submission removes: others marked "Remove", and substitutes replaced or cleared.
    leaving = {form.line.person_id for _, form in roll.others if form.cleaned_data.get("remove")}
    for row in roll.members:
        chosen = row.form.cleaned_data.get("substitute")
        if row.substitute_line and (chosen is None or chosen.pk != row.substitute_line.person_id):
            leaving.add(row.substitute_line.person_id)
    chosen_by: dict[int, forms.Form] = {}
    for row in roll.members:
        sub = row.form.cleaned_data.get("substitute")
        if sub is None:
            continue
        line = lines.get(sub.pk)
        if sub.pk in on_roll:
            row.form.add_error("substitute", f"{sub} is a member of the committee: record them on their own line.")
        elif sub.pk in chosen_by:
            row.form.add_error("substitute", f"{sub} is already the substitute for {chosen_by[sub.pk].row_label}.")
        elif line is not None and sub.pk not in leaving and line.substitute_for_id != row.membership.person_id:
            row.form.add_error(
                "substitute", f"{sub} is already recorded at this meeting ({line.get_status_display().lower()})."
            )
        chosen_by[sub.pk] = row.form
    for form in roll.new:
        person = form.cleaned_data.get("person")
        if person is None:
            continue
        if person.pk in on_roll:
            form.add_error("person", f"{person} is a member of the committee: their line is above.")
        elif person.pk in chosen_by:
            form.add_error("person", f"{person} is already on this page ({chosen_by[person.pk].row_label}).")
        elif person.pk in lines and person.pk not in leaving:
            form.add_error("person", f"{person} is already recorded at this meeting: change their line above.")
        chosen_by[person.pk] = form


class RollCallRefused(Exception):
    """A service refused a line: the transaction is rolled back and the messages shown."""


def _apply(call, form: forms.Form, errors: list[str]):
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, messages_ in exc.message_dict.items():
                where = _field_label(form, name) or name.replace("_", " ").capitalize()
                errors.extend(f"{form.row_label} – {where}: {m}" for m in messages_)
        else:
            errors.append(f"{form.row_label}: {error_text(exc)}")
        return None


def _changed(line: Attendance, values: dict) -> dict:
    return {name: value for name, value in values.items() if getattr(line, name) != value}


def _removals(roll: RollCall, errors: list[str]) -> set[int]:
    """Lines removed first, so that a person may move between lines in one save: others marked
    "Remove", and substitutes replaced or cleared on their member's line. Returns their ids."""
    removed: set[int] = set()

    def remove(line: Attendance, form: forms.Form) -> None:
        if line.pk is None or line.pk in removed:  # a delete forgets the line's id: removed already
            return
        removed.add(line.pk)
        _apply(lambda: services.attendance_delete(attendance=line), form, errors)

    for line, form in roll.others:
        if form.cleaned_data.get("remove"):
            remove(line, form)
    for row in roll.members:
        sub, chosen = row.substitute_line, row.form.cleaned_data.get("substitute")
        if sub and (chosen is None or chosen.pk != sub.person_id):
            remove(sub, row.form)
    return removed


def _members(roll: RollCall, errors: list[str]) -> int:
    meeting, done = roll.meeting, 0
    for row in roll.members:
        data, line, member = row.form.cleaned_data, row.line, row.membership.person
        values = {
            "status": data["status"],
            "name_as_minuted": data["name_as_minuted"],
            "capacity": data["capacity"],
            "in_the_chair": data["in_the_chair"],
            "from_minute": data.get("from_minute"),
            "to_minute": data.get("to_minute"),
        }
        if not data["status"]:
            if line is not None:  # "Not recorded": the line goes
                _apply(lambda line=line: services.attendance_delete(attendance=line), row.form, errors)
                done += 1
        elif line is None:
            _apply(
                lambda v=values, m=member: services.attendance_record(meeting=meeting, person=m, **v), row.form, errors
            )
            done += 1
        elif changes := _changed(line, values):
            _apply(lambda c=changes, line=line: services.attendance_update(attendance=line, **c), row.form, errors)
            done += 1
        chosen = data.get("substitute")
        if chosen is not None and not (row.substitute_line and row.substitute_line.person_id == chosen.pk):
            _apply(
                lambda s=chosen, m=member: services.attendance_record(
                    meeting=meeting, person=s, status=S.SUBSTITUTE, substitute_for=m
                ),
                row.form,
                errors,
            )
            done += 1
    return done


def _others(roll: RollCall, errors: list[str], removed: set[int]) -> int:
    done = 0
    for line, form in roll.others:
        data = form.cleaned_data
        if form.line_id in removed:
            continue
        values = {"name_as_minuted": data["name_as_minuted"], "capacity": data["capacity"]}
        if "status" in data:
            values["status"] = data["status"]
        if changes := _changed(line, values):
            _apply(lambda c=changes, line=line: services.attendance_update(attendance=line, **c), form, errors)
            done += 1
    meeting, day = roll.meeting, selectors.meeting_day(roll.meeting)
    for form in roll.new:
        person = form.cleaned_data.get("person")
        if person is None:
            continue
        capacity = form.cleaned_data["capacity"] or selectors.capacity_of(
            person=person, on=day, committee=meeting.committee
        )
        _apply(
            lambda p=person, c=capacity, s=form.cleaned_data["status"]: services.attendance_record(
                meeting=meeting, person=p, status=s, capacity=c
            ),
            form,
            errors,
        )
        done += 1
    return done


@transaction.atomic
def save(roll: RollCall) -> int:
    """Record the page through the attendance services: every line or none (RollCallRefused,
    which rolls the transaction back). Returns how many lines were recorded, changed or removed."""
    errors: list[str] = []
    removed = _removals(roll, errors)
    done = len(removed) + _members(roll, errors) + _others(roll, errors, removed)
    if errors:
        raise RollCallRefused(errors)
    return done


def _locked_message(meeting: Meeting) -> str:
    try:
        services.ensure_minutes_editable(meeting=meeting, what="the attendance")
    except ValidationError as exc:
        return error_text(exc)
    return ""


def attendance_view(model_admin, request, pk: int):
    """Record attendance: the roll call of a meeting (GET shows it, POST records it)."""
    meeting = Meeting.objects.filter(pk=pk).select_related("committee").first()
    if meeting is None or not model_admin.has_view_or_change_permission(request, meeting):
        raise Http404
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    locked = _locked_message(meeting)
    if not locked and not model_admin.has_change_permission(request, meeting):
        locked = "You can see the attendance of this meeting but not change it."
    roll = None
    if request.method == "POST" and not locked:
        if "mark_all" in request.POST:
            try:
                done = services.attendance_mark_all_present(meeting=meeting)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _marked_message(done))
            return HttpResponseRedirect(url)
        roll = build(meeting, data=request.POST, admin_site=model_admin.admin_site)
        for form in roll.all_forms():
            form.is_valid()
        check_people(roll)
        roll.errors = collect_errors(roll)
        if not roll.errors:
            try:
                done = save(roll)
            except RollCallRefused as exc:
                roll.errors = exc.args[0]
            else:
                messages.success(request, f"Attendance saved ({done} line(s) recorded or changed).")
                return HttpResponseRedirect(url)
    # Locked: a POST changes nothing, and the page says why (read only).
    if roll is None:
        roll = build(meeting, admin_site=model_admin.admin_site)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Record attendance",
        "subtitle": str(meeting),
        "meeting": meeting,
        "roll": roll,
        "locked": locked,
        "media": roll.media,
        "opts": model_admin.model._meta,
        "is_nav_sidebar_enabled": False,  # the roll's table needs the page's width
        "day": selectors.meeting_day(meeting),
        "unrecorded": sum(1 for row in roll.members if row.line is None),
    }
    return TemplateResponse(request, TEMPLATE, context, status=200)


def _marked_message(done: list[Attendance]) -> str:
    if not done:
        return "Every member is already recorded; note any change on their line."
    chair = next((line for line in done if line.in_the_chair), None)
    text = f"Recorded {len(done)} member(s) present"
    return f"{text}; {chair.name_as_minuted} in the Chair." if chair else f"{text}."


register_meeting_view("attendance", "meetings_meeting_attendance", attendance_view)
