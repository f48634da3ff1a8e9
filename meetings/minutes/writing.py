"""Write the minutes: every minute of a meeting on one admin page ("Write the minutes", under the
meeting's admin page as `admin:meetings_meeting_minutes`).

The minutes in agenda order, each with its own fields (title, who may read it, narrative and
exempt annex in the rich-text editor) and its decisions in rows (number, kind, wording; rows
added and removed). One Save saves everything through meetings/minutes/services.py in one
transaction: a refusal or a mistake anywhere saves nothing and shows the page again with each
message next to its field, the minute and decision named. Approved minutes are shown, not edited,
their rich text rendered as sanitised HTML.

Decision numbers are the services' (1, 2, … within a minute): a blank number is the next one, a
number typed for a decision moves it there, a removed decision's place is closed up.
"""

import dataclasses
import html

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django_prose_editor.widgets import AdminProseEditorWidget

from meetings.agendas.admin import register_meeting_view
from meetings.agendas.models import Meeting
from meetings.minutes import services
from meetings.minutes.models import Decision, MeetingMinutes, Minute
from meetings.richtext import EDITOR_CONFIG, clean_html

#: The minute's fields written in the editor: shown, once read-only, as sanitised HTML.
RICH_TEXT_FIELDS = ("narrative", "exempt_annex")

#: A minute's own fields on the page, those the model has, in this order.
MINUTE_FIELDS = [
    name
    for name in ("title", "exempt", "publicity", "narrative", "exempt_annex")
    if name in {field.name for field in Minute._meta.get_fields()}
]

#: What an officer needs to write the minutes (beyond seeing the meeting).
WRITE_PERMISSIONS = (
    "meetings.change_minute",
    "meetings.add_decision",
    "meetings.change_decision",
    "meetings.delete_decision",
)


def rich_text(value: str) -> SafeString:
    """Rich text shown rather than edited: the sanitised HTML (meetings/richtext.py), never its
    raw tags."""
    return mark_safe(clean_html(value))  # noqa: S308 - nh3 has just sanitised it


def plain_text(value: str) -> str:
    """Rich text as one line of plain text (a change in the audit trail, shortened)."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def editor() -> AdminProseEditorWidget:
    return AdminProseEditorWidget(config=EDITOR_CONFIG, preset="configurable")


class OptionalNumberMixin:
    """For a model form of a Decision: the number may be left blank (the service gives the next
    one), and a number already in use is not a clash but a place: the service moves the decision
    there and renumbers the others. So the form leaves (minute, number) uniqueness to the service.
    Put it before the form class in the bases."""

    number_help = "Blank: the next number. Another number moves the decision there and renumbers the others."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number" in self.fields:
            field = self.fields["number"]
            self.fields["number"] = forms.IntegerField(
                label=field.label,
                required=False,
                min_value=1,
                max_value=999,
                help_text=self.number_help,
            )

    def _get_validation_exclusions(self):
        # Django's hook for the fields a model form leaves out of model validation and of its
        # formset's uniqueness check across rows.
        return {*super()._get_validation_exclusions(), "number"}


class RichTextFormField(forms.CharField):
    """Text written in the editor, compared and kept as it will be stored (sanitised): the editor
    sends "<p></p>" for nothing and may write the same text a little differently, which is no
    change."""

    def to_python(self, value):
        return clean_html(super().to_python(value))

    def has_changed(self, initial, data):
        return clean_html(initial or "") != self.to_python(data)


class MinuteWritingForm(forms.ModelForm):
    """One minute's own fields (its decisions are a formset of their own)."""

    class Meta:
        model = Minute
        fields = MINUTE_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            **{name: editor() for name in RICH_TEXT_FIELDS if name in MINUTE_FIELDS},
        }
        field_classes = {name: RichTextFormField for name in RICH_TEXT_FIELDS if name in MINUTE_FIELDS}


class DecisionRowForm(forms.Form):
    """One decision of a minute: its number (an order field), kind and wording."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.IntegerField(
        label="No.",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "scrutiny-decision__number"}),
    )
    kind = forms.ChoiceField(choices=Decision.Kind.choices, initial=Decision.Kind.DECISION)
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the decision, or tick “Remove” to take it out."},
    )


DecisionRowFormSet = forms.formset_factory(DecisionRowForm, extra=1, can_delete=True, can_delete_extra=False)


@dataclasses.dataclass
class MinuteBlock:
    """One minute on the page (or the new one at the end, `minute` None): its form, its
    decisions' rows, and, once saved or refused, the messages to show."""

    meeting: Meeting
    minute: Minute | None
    form: MinuteWritingForm | None = None
    decisions: forms.BaseFormSet | None = None

    def __post_init__(self):
        # Named as the page showed it: a title changed in a refused save is not its name yet.
        self.prefix = f"minute-{self.minute.pk}" if self.minute else "minute-new"
        self.name = f"{self.minute.reference} {self.minute.title}" if self.minute else "New minute"

    @property
    def shown(self) -> list[tuple[str, str]]:
        """Read only: each of the minute's fields (but its title, the heading) and its value,
        rich text as sanitised HTML."""
        return minute_fields_shown(self.minute, leave_out=("title",))

    @property
    def existing(self) -> dict[int, Decision]:
        return {d.pk: d for d in self.minute.decisions.all()} if self.minute else {}

    def bind(self, data=None) -> None:
        """The minute's forms, bound to `data` if given (and if the page sent this minute)."""
        if data is not None and f"{self.prefix}-decisions-TOTAL_FORMS" not in data:
            data = None  # added since the page was loaded: not part of this save
        instance = self.minute or Minute(meeting=self.meeting)
        self.form = MinuteWritingForm(
            data,
            prefix=self.prefix,
            instance=instance,
            empty_permitted=self.minute is None,
            use_required_attribute=False,
        )
        initial = [{"id": d.pk, "number": d.number, "kind": d.kind, "text": d.text} for d in self.existing.values()]
        self.decisions = DecisionRowFormSet(data, prefix=f"{self.prefix}-decisions", initial=initial)

    @property
    def is_bound(self) -> bool:
        return self.form is not None and self.form.is_bound

    def is_valid(self) -> bool:
        if not self.is_bound:
            return True
        valid = self.form.is_valid() & self.decisions.is_valid()
        if valid and self.minute is None and not self.form.has_changed() and self.decision_rows():
            self.form.add_error("title", "Give the new minute a title, or leave its decisions empty.")
            valid = False
        return valid

    def decision_rows(self):
        deleted = set(self.decisions.deleted_forms)
        return [row for row in self.decisions.forms if row not in deleted and row.cleaned_data]

    def save(self) -> None:
        """Save this minute through the services; a refusal is added to its form or row."""
        if not self.is_bound or (self.minute is None and not self.form.has_changed()):
            return
        try:
            if self.minute is None:
                data = self.form.cleaned_data
                self.minute = services.minute_create(
                    meeting=self.meeting,
                    title=data["title"],
                    narrative=data.get("narrative", ""),
                    **{name: data[name] for name in ("exempt", "publicity", "exempt_annex") if name in data},
                )
            elif self.form.changed_data:
                services.minute_update(
                    minute=self.minute, **{name: self.form.cleaned_data[name] for name in self.form.changed_data}
                )
        except ValidationError as exc:
            attach(self.form, exc)
            return
        existing, shown = self.existing, {pk: d.number for pk, d in self.existing.items()}
        for row in self.decisions.deleted_forms:
            decision = self._decision(row, existing)
            if decision is not None:
                self._run(row, lambda d=decision: services.decision_delete(decision=d))
        positions = {}
        for row in self.decision_rows():
            data = row.cleaned_data
            if data.get("id"):
                decision = self._decision(row, existing)
                if decision is None:
                    continue
                changes = {name: data[name] for name in ("text", "kind") if getattr(decision, name) != data[name]}
                if changes:
                    self._run(row, lambda d=decision, c=changes: services.decision_update_wording(decision=d, **c))
                if data.get("number") and data["number"] != shown[decision.pk]:
                    positions[decision.pk] = data["number"]
            else:
                created = self._run(
                    row,
                    lambda data=data: services.decision_create(
                        minute=self.minute, text=data["text"], kind=data["kind"]
                    ),
                )
                if created is not None and data.get("number"):
                    positions[created.pk] = data["number"]
        if positions:
            self._run(None, lambda: services.decisions_renumber(minute=self.minute, positions=positions))

    def _decision(self, row, existing) -> Decision | None:
        decision = existing.get(row.cleaned_data.get("id"))
        if decision is None:
            row.add_error(None, "This decision has been removed since the page was loaded; reload the page.")
        return decision

    def _run(self, row, change):
        try:
            return change()
        except ValidationError as exc:
            attach(row if row is not None else self.form, exc)
            return None

    def has_errors(self) -> bool:
        return self.is_bound and (
            bool(self.form.errors)
            or any(row.errors for row in self.decisions.forms)
            or bool(self.decisions.non_form_errors())
        )

    def error_summary(self) -> list[tuple[str, str]]:
        """Each message with what it is about (minute, decision, field) and the field's id."""
        if not self.is_bound:
            return []
        found = []
        for field, errors in self.form.errors.items():
            label = self.form.fields[field].label if field in self.form.fields else ""
            anchor = self.form[field].id_for_label if field in self.form.fields else self.prefix
            found += [(_join(self.name, label, message), anchor) for message in errors]
        for message in self.decisions.non_form_errors():
            found.append((_join(self.name, "Decisions", message), f"{self.prefix}-decisions"))
        for index, row in enumerate(self.decisions.forms, start=1):
            number = row.initial.get("number")
            about = f"Decision {number}" if number else f"New decision (row {index})"
            for field, errors in row.errors.items():
                label = row.fields[field].label if field in row.fields else ""
                anchor = row[field].id_for_label if field in row.fields else f"{row.prefix}-row"
                found += [(_join(self.name, about, label, message), anchor) for message in errors]
        return found


def minute_fields_shown(minute: Minute, leave_out=()) -> list[tuple[str, str]]:
    """A minute's fields on the page as (label, value) to read: rich text as sanitised HTML,
    choices by their label, yes or no."""
    shown = []
    for name in (name for name in MINUTE_FIELDS if name not in leave_out):
        field = Minute._meta.get_field(name)
        value = getattr(minute, name)
        if name in RICH_TEXT_FIELDS:
            value = rich_text(value)
        elif field.choices:
            value = getattr(minute, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        shown.append((str(field.verbose_name).capitalize(), value))
    return shown


def _join(*parts) -> str:
    *names, message = [str(part) for part in parts if part]
    return f"{' – '.join(names)}: {message}"


def attach(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal next to the field it names (or above the form if it has no such field)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    model = form._meta.model if isinstance(form, forms.ModelForm) else Decision
    names = {f.name: f for f in model._meta.fields}
    for field, errors in exc.error_dict.items():
        messages_ = [message for error in errors for message in error.messages]
        if field in form.fields:
            form.add_error(field, messages_)
            continue
        # A field that is not on this page (a decision's owner): named, and where to change it.
        label = f"{str(names[field].verbose_name).capitalize()} (on its own page): " if field in names else ""
        form.add_error(None, [f"{label}{message}" for message in messages_])


def ordered_minutes(meeting: Meeting):
    """The meeting's minutes in agenda order (by item number; minutes with no item after those
    with one, in their own order), each with its decisions by number."""
    return (
        meeting.minute_set.select_related("item", "committee")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("number", "pk")))
        .order_by(F("item__number").asc(nulls_last=True), "order", "number")
    )


def write_minutes(model_admin, request, pk: int):
    """The "Write the minutes" page of meeting `pk` (registered under the meeting's admin page)."""
    meeting = Meeting.objects.filter(pk=pk).select_related("committee").first()
    if meeting is None or not model_admin.has_view_permission(request, meeting):
        raise Http404
    final = meeting.minutes_are_final
    can_write = not final and request.user.has_perms(WRITE_PERMISSIONS)
    can_add = can_write and request.user.has_perm("meetings.add_minute")
    here = reverse("admin:meetings_meeting_minutes", args=[meeting.pk])
    minutes = list(ordered_minutes(meeting))
    blocks = [MinuteBlock(meeting=meeting, minute=minute) for minute in minutes]
    if can_add:
        blocks.append(MinuteBlock(meeting=meeting, minute=None))

    if request.method == "POST":
        if final:  # approved since the page was loaded
            messages.error(request, "These minutes have been approved as a correct record: nothing was saved.")
            return HttpResponseRedirect(here)
        if not can_write or ("_create_from_agenda" in request.POST and not can_add):
            raise PermissionDenied
        if "_create_from_agenda" in request.POST:
            create_from_agenda(request, meeting)
            return HttpResponseRedirect(here)
        if save_all(blocks, request.POST):
            messages.success(request, f"Saved the minutes of {meeting}.")
            return HttpResponseRedirect(here)
    elif can_write:
        for block in blocks:
            block.bind()

    media = model_admin.media
    for block in blocks:
        if block.form is not None:
            media = media + block.form.media
    minuted = {minute.item_id for minute in minutes}
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Write the minutes",
        "subtitle": str(meeting),
        "meeting": meeting,
        "opts": model_admin.model._meta,
        "record": MeetingMinutes.objects.filter(meeting=meeting).first(),
        "blocks": blocks,
        "editing": can_write,
        "can_add": can_add,
        "final": final,
        "error_summary": [entry for block in blocks for entry in block.error_summary()],
        "not_minuted": [item for item in meeting.items.order_by("number") if item.pk not in minuted],
        "media": media,
    }
    return TemplateResponse(request, "admin/meetings/minutes/writing.html", context)


def create_from_agenda(request, meeting: Meeting) -> None:
    try:
        created = services.minutes_create_from_agenda(meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Added {len(created)} minute(s), one for each agenda item not yet minuted.")


def save_all(blocks: list[MinuteBlock], data) -> bool:
    """Every minute on the page, through the services, in one transaction: all saved (True) or,
    after a mistake or a refusal anywhere, none (False, each message on its form)."""
    for block in blocks:
        block.bind(data)
    if not all([block.is_valid() for block in blocks]):  # a list: every form checked, every error shown
        return False
    with transaction.atomic():
        for block in blocks:
            block.save()
        failed = any(block.has_errors() for block in blocks)
        if failed:
            transaction.set_rollback(True)
    if failed:
        for block in blocks:
            if block.prefix == "minute-new":
                block.minute = None  # made in the refused save, and not kept
    return not failed


register_meeting_view("minutes", "meetings_meeting_minutes", write_minutes)
