"""Admin for minutes, attendance, declarations, decisions, the work programme and terms of
reference. Every change with a rule goes through meetings/minutes/services.py (attendance and
declaration rows included); the refusals (approved minutes) are the services' own messages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django_prose_editor.widgets import AdminProseEditorWidget
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

import meetings.minutes.rollcall  # noqa: F401 (registers the "Record attendance" page under a meeting)
from meetings import visibility
from meetings.admin_utils import HistoryAdmin, LockedWhenMinutesApprovedMixin, badge, error_text, register_history
from meetings.agendas.admin import register_meeting_inline
from meetings.minutes import services
from meetings.minutes.models import (
    PROCEDURAL_KINDS,
    Attendance,
    Decision,
    DecisionUpdate,
    Declaration,
    MeetingMinutes,
    Minute,
    ReportDeadline,
    TermsOfReference,
    WorkProgrammeItem,
)
from meetings.minutes.selectors import terms_of_reference
from meetings.minutes.writing import RICH_TEXT_FIELDS, OptionalNumberMixin, plain_text, rich_text
from meetings.richtext import EDITOR_CONFIG
from meetings.templatetags.scrutiny import uk_date, uk_time

STATUS_COLOURS = {"draft": "grey", "published": "blue", "approved": "green", "locked": "green"}


class LockedWhenApprovedFormSet(forms.BaseInlineFormSet):
    """Refuses any change to attendance or declarations once the minutes are approved."""

    what = "the attendance"

    def clean(self):
        super().clean()
        changed = any(form.has_changed() for form in self.forms) or bool(self.deleted_forms)
        if changed and self.instance.pk:
            try:
                services.ensure_minutes_editable(meeting=self.instance, what=self.what)
            except ValidationError as exc:
                raise ValidationError(error_text(exc)) from exc

    def save_new(self, form, commit=True):
        obj = form.save(commit=False)
        setattr(obj, self.fk.name, self.instance)
        return self.save_one(obj)

    def save_existing(self, form, obj, commit=True):
        return self.save_one(form.save(commit=False))

    def save_one(self, obj):
        raise NotImplementedError


class AttendanceFormSet(LockedWhenApprovedFormSet):
    """Each row is saved (or deleted) through the attendance services."""

    what = "the attendance"

    def save_one(self, obj):
        return services.attendance_save(attendance=obj)

    def delete_existing(self, obj, commit=True):
        services.attendance_delete(attendance=obj)


class DeclarationFormSet(LockedWhenApprovedFormSet):
    """Each row is saved (or deleted) through the declaration services."""

    what = "the declarations of interest"

    def save_one(self, obj):
        return services.declaration_save(declaration=obj)

    def delete_existing(self, obj, commit=True):
        services.declaration_delete(declaration=obj)


class AttendanceInline(LockedWhenMinutesApprovedMixin, admin.TabularInline):
    model = Attendance
    locked_meeting = ""  # the parent is the meeting; every field is locked
    formset = AttendanceFormSet
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["person", "substitute_for"]
    fields = [
        "order",
        "person",
        "name_as_minuted",
        "status",
        "in_the_chair",
        "capacity",
        "substitute_for",
        "from_minute",
        "to_minute",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("from_minute", "to_minute"):
            meeting_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Minute.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DeclarationInline(AttendanceInline):
    model = Declaration
    formset = DeclarationFormSet
    autocomplete_fields = ["person"]
    fields = ["item", "person", "name_as_minuted", "kind", "nature"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            from meetings.agendas.models import AgendaItem

            meeting_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


register_meeting_inline(AttendanceInline, DeclarationInline)


@admin.register(MeetingMinutes)
class MeetingMinutesAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_fields = ()  # every field is read-only already; the mixin refuses deleting final minutes
    list_display = [
        "meeting",
        "status_badge",
        "published_on",
        "approved_at",
        "approved_by_minute",
        "minute_count",
        "write_link",
    ]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["meeting__committee__name", "meeting__minute_set__reference", "meeting__minute_set__title"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__committee", "approved_at__committee", "approved_by_minute"]
    readonly_fields = [
        "status",
        "published_on",
        "approved_at",
        "approved_by_minute",
        "approved_on",
        "locked_on",
        "minute_links",
    ]
    actions = ["create_from_agenda", "publish", "withdraw", "approve_at_next_meeting", "lock"]

    def get_fields(self, request, obj=None):
        return ["meeting", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return ["meeting", *self.readonly_fields] if obj else self.readonly_fields

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return badge(obj.get_status_display(), STATUS_COLOURS.get(obj.status, "grey"))

    @admin.display(description="Minutes")
    def minute_count(self, obj):
        return obj.meeting.minute_set.count()

    @admin.display(description="Minutes in these minutes")
    def minute_links(self, obj):
        if not obj or not obj.pk:
            return "–"
        write = format_html(
            '<a href="{}">Write the minutes</a>', reverse("admin:meetings_meeting_minutes", args=[obj.meeting_id])
        )
        rows = [
            format_html(
                '<li><a href="{}">{} {}</a></li>',
                reverse("admin:meetings_minute_change", args=[m.pk]),
                m.reference,
                m.title,
            )
            for m in obj.meeting.minute_set.order_by("order", "number")
        ]
        if not rows:
            return format_html(
                "None yet. {}: add a minute for each agenda item there, then write them all on one page.", write
            )
        return format_html(
            "<p>{}: every minute and its decisions on one page.</p><ul>{}</ul>",
            write,
            format_html("".join(["{}"] * len(rows)), *rows),
        )

    @admin.display(description="Write")
    def write_link(self, obj):
        return format_html(
            '<a href="{}">Write the minutes<span class="scrutiny-visually-hidden"> of {}</span></a>',
            reverse("admin:meetings_meeting_minutes", args=[obj.meeting_id]),
            obj.meeting,
        )

    def _run(self, request, queryset, fn, done_message):
        done = 0
        for minutes in queryset.select_related("meeting__committee"):
            try:
                fn(minutes)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{minutes.meeting}: {error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, done_message.format(n=done), messages.SUCCESS)

    @admin.action(description="Add a minute for each agenda item", permissions=["change"])
    def create_from_agenda(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.minutes_create_from_agenda(meeting=m.meeting),
            "Added minutes for the agenda items of {n} meeting(s).",
        )

    @admin.action(description="Publish as draft (public, subject to approval)", permissions=["change"])
    def publish(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.minutes_publish(minutes=m, by=request.user),
            "Published {n} set(s) of draft minutes.",
        )

    @admin.action(description="Withdraw to draft (officers only)", permissions=["change"])
    def withdraw(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.minutes_unpublish(minutes=m, by=request.user),
            "Withdrew {n} set(s) of minutes.",
        )

    @admin.action(description="Approve as a correct record at the next meeting", permissions=["change"])
    def approve_at_next_meeting(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.minutes_approve_at_next_meeting(minutes=m, by=request.user),
            "Approved {n} set(s) of minutes as a correct record.",
        )

    @admin.action(description="Lock approved minutes", permissions=["change"])
    def lock(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.minutes_lock(minutes=m, by=request.user),
            "Locked {n} set(s) of minutes.",
        )


class MinuteForm(forms.ModelForm):
    class Meta:
        model = Minute
        fields = ["meeting", "item", "order", "title", "publicity", "narrative", "exempt_annex"]
        widgets = {
            "narrative": AdminProseEditorWidget(config=EDITOR_CONFIG, preset="configurable"),
            "exempt_annex": AdminProseEditorWidget(config=EDITOR_CONFIG, preset="configurable"),
        }

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting") or (self.instance.meeting if self.instance.pk else None)
        if self.instance.pk and self.has_changed() and meeting:
            try:
                services.ensure_minutes_editable(meeting=self.instance.meeting, what="its minutes")
            except ValidationError as exc:
                raise ValidationError(error_text(exc)) from exc
        item = data.get("item")
        if item and meeting and item.meeting_id != meeting.pk:
            self.add_error("item", "That agenda item belongs to another meeting.")
        return data


class DecisionForm(OptionalNumberMixin, forms.ModelForm):
    update_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: a dated note for the tracker's history.",
    )

    class Meta:
        model = Decision
        fields = ["minute", "number", "kind", "text", "owner", "due_date", "status", "response"]

    def clean(self):
        data = super().clean()
        wording = [f for f in ("minute", "number", "kind", "text") if f in self.changed_data]
        if self.instance.pk and wording:
            try:
                services.ensure_minutes_editable(
                    meeting=self.instance.minute.meeting, what="the wording of its decisions"
                )
            except ValidationError as exc:
                raise ValidationError(error_text(exc)) from exc
        if data.get("update_note") and data.get("kind") in PROCEDURAL_KINDS:
            self.add_error("update_note", "A procedural decision is not tracked: it takes no notes.")
        return data


def save_decision_changes(*, decision: Decision, data: dict, by, note: str = "") -> Decision:
    """A decision form's wording and tracker changes, through the services, in the order their
    rules allow: a decision made procedural leaves the tracker first (the form has cleared its
    owner, due date and response), any other change of wording comes before the tracker. A number
    left blank keeps the decision where it is; another moves it there (the service renumbers)."""
    wording = {k: data[k] for k in ("number", "kind", "text") if k in data and getattr(decision, k) != data[k]}
    if wording.get("number", 0) is None:
        del wording["number"]

    def tracker():
        services.decision_update_tracker(
            decision=decision,
            status=data.get("status"),
            response=data.get("response"),
            owner=data.get("owner"),
            due_date=data.get("due_date"),
            note=note,
            by=by,
        )

    becomes_procedural = wording.get("kind") in PROCEDURAL_KINDS
    if becomes_procedural:
        tracker()
    if wording:
        services.decision_update_wording(decision=decision, **wording)
    if not becomes_procedural:
        tracker()
    return decision


class DecisionInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        wording_changed = self.deleted_forms or any(
            form.has_changed() and (not form.instance.pk or set(form.changed_data) & {"number", "kind", "text"})
            for form in self.forms
        )
        if wording_changed and self.instance.pk:
            try:
                services.ensure_minutes_editable(meeting=self.instance.meeting, what="the wording of its decisions")
            except ValidationError as exc:
                raise ValidationError(error_text(exc)) from exc


class DecisionInlineForm(OptionalNumberMixin, forms.ModelForm):
    """A decision on its minute's page: a blank number is the next one (the service numbers it)."""


class DecisionInline(LockedWhenMinutesApprovedMixin, admin.StackedInline):
    model = Decision
    locked_meeting = "meeting"  # the parent is the minute
    locked_fields = ("number", "kind", "text")  # the tracker stays editable
    form = DecisionInlineForm
    formset = DecisionInlineFormSet
    extra = 0
    fields = [("number", "kind"), "text", ("owner", "due_date", "status"), "response"]
    show_change_link = True


class RichTextChangesAsText(HistoricalRecordContextHelper):
    """A minute's history page lists each change as old → new: its rich text as plain text."""

    def prepare_delta_change_value(self, change, value):
        if change.field in RICH_TEXT_FIELDS:
            return plain_text(value)
        return super().prepare_delta_change_value(change, value)


@admin.register(Minute)
class MinuteAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    form = MinuteForm
    list_display = ["reference", "title", "meeting", "exempt_badge", "decision_count"]
    list_filter = ["committee", "publicity", "meeting__minutes__status"]
    search_fields = ["reference", "title", "narrative"]
    autocomplete_fields = ["meeting", "item"]
    list_select_related = ["meeting__committee", "item"]
    readonly_fields = ["reference", *(f"{name}_shown" for name in RICH_TEXT_FIELDS)]
    inlines = [DecisionInline]

    def get_fields(self, request, obj=None):
        fields = ["reference", "meeting", "item", "order", "title", "publicity", "narrative", "exempt_annex"]
        if obj is not None and (self.minutes_final(obj) or not self.has_change_permission(request, obj)):
            # Shown, not edited: the rich text as sanitised HTML, never its raw tags.
            fields = [f"{name}_shown" if name in RICH_TEXT_FIELDS else name for name in fields]
        return fields

    def get_historical_record_context_helper(self, request, historical_record):
        return RichTextChangesAsText(self.model, historical_record)

    @admin.display(description="Narrative")
    def narrative_shown(self, obj):
        return (
            format_html('<div class="scrutiny-richtext">{}</div>', rich_text(obj.narrative)) if obj.narrative else "–"
        )

    @admin.display(description="Exempt annex")
    def exempt_annex_shown(self, obj):
        annex = getattr(obj, "exempt_annex", "")
        return format_html('<div class="scrutiny-richtext">{}</div>', rich_text(annex)) if annex else "–"

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)  # every field once the minutes are final
        return readonly + (["meeting"] if obj and "meeting" not in readonly else [])

    @admin.display(description="Access")
    def exempt_badge(self, obj):
        if obj.is_exempt:
            return badge("Exempt", "red")
        if obj.item_id and obj.item.exempt:  # a private item's minute published as a public summary
            return badge("Public summary + exempt annex" if obj.exempt_annex else "Public summary", "green")
        return badge("Open + exempt annex", "green") if obj.exempt_annex else badge("Open", "green")

    @admin.display(description="Decisions")
    def decision_count(self, obj):
        return obj.decisions.count()

    def save_model(self, request, obj, form, change):
        if change:
            fields = {
                k: form.cleaned_data[k]
                for k in ("item", "order", "title", "publicity", "narrative", "exempt_annex")
                if k in form.cleaned_data
            }
            if form.has_changed():  # an approved minute's form has nothing to change; its decisions' tracker may
                services.minute_update(minute=obj, **fields)
        else:
            created = services.minute_create(
                meeting=obj.meeting,
                item=obj.item,
                title=obj.title,
                narrative=obj.narrative,
                publicity=obj.publicity,
                exempt_annex=obj.exempt_annex,
                order=obj.order or None,
            )
            obj.pk = created.pk
            obj.__dict__.update(created.__dict__)

    def save_formset(self, request, form, formset, change):
        """Decisions edited inline go through the services, so tracker changes get their dated
        history entry and wording changes meet the approved-minutes refusal."""
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        minute = formset.instance
        deleted = set(formset.deleted_forms)
        for inline_form in deleted:
            if inline_form.instance.pk:
                services.decision_delete(decision=Decision.objects.get(pk=inline_form.instance.pk))
        # Numbers typed are places, applied together once every row is saved (two swapped
        # numbers swap their decisions); new decisions come last until then.
        positions = {}
        for inline_form in formset.forms:
            if inline_form in deleted or not inline_form.has_changed():
                continue
            data = {k: v for k, v in inline_form.cleaned_data.items() if k != "number"}
            number = inline_form.cleaned_data.get("number")
            if not inline_form.instance.pk:
                decision = services.decision_create(
                    minute=minute,
                    text=data["text"],
                    kind=data["kind"],
                    owner=data.get("owner", ""),
                    due_date=data.get("due_date"),
                )
                if number:
                    positions[decision.pk] = number
            else:
                decision = Decision.objects.get(pk=inline_form.instance.pk)
                if number and "number" in inline_form.changed_data:
                    positions[decision.pk] = number
            inline_form.instance = save_decision_changes(decision=decision, data=data, by=request.user)
        if positions:
            services.decisions_renumber(minute=minute, positions=positions)
        formset.new_objects = formset.changed_objects = formset.deleted_objects = []


class DecisionUpdateInline(admin.TabularInline):
    model = DecisionUpdate
    extra = 0
    fields = ["on", "status", "note", "by"]
    readonly_fields = ["on", "status", "note", "by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TrackingFilter(admin.SimpleListFilter):
    title = "tracking"
    parameter_name = "tracking"

    def lookups(self, request, model_admin):
        return [("tracked", "Tracked"), ("procedural", "Procedural (not tracked)")]

    def queryset(self, request, queryset):
        if self.value() == "tracked":
            return queryset.tracked()
        if self.value() == "procedural":
            return queryset.procedural()
        return queryset


@admin.register(Decision)
class DecisionAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_meeting = "minute__meeting"
    locked_fields = ("minute", "number", "kind", "text")  # the tracker stays editable
    form = DecisionForm
    list_display = ["__str__", "short_text", "kind", "status_badge", "owner", "due_date", "meeting_link"]
    list_filter = [TrackingFilter, "status", "kind", "minute__committee"]
    search_fields = ["text", "response", "owner", "minute__reference"]
    autocomplete_fields = ["minute"]
    list_select_related = ["minute__meeting__committee"]
    inlines = [DecisionUpdateInline]

    def get_fields(self, request, obj=None):
        return ["minute", "number", "kind", "text", "owner", "due_date", "status", "response", "update_note"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly + (["minute"] if obj and "minute" not in readonly else [])

    @admin.display(description="Decision")
    def short_text(self, obj):
        return obj.text if len(obj.text) < 90 else obj.text[:87] + "…"

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        if not obj.is_tracked:
            return "Not tracked"
        colour = {"completed": "green", "in_progress": "blue", "not_accepted": "red"}.get(obj.status, "grey")
        return badge(obj.get_status_display(), colour)

    @admin.display(description="Meeting")
    def meeting_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.minute.meeting.get_absolute_url(), obj.minute.meeting)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.decision_create(
                minute=obj.minute,
                text=obj.text,
                kind=obj.kind,
                number=obj.number,
                owner=obj.owner,
                due_date=obj.due_date,
            )
            obj.pk = created.pk
            obj.__dict__.update(created.__dict__)
            return
        save_decision_changes(
            decision=Decision.objects.get(pk=obj.pk), data=data, by=request.user, note=data.get("update_note", "")
        )


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(admin.ModelAdmin):
    list_display = ["meeting", "deadline"]
    list_filter = ["meeting__committee"]
    search_fields = ["meeting__committee__name"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__committee"]


@admin.register(WorkProgrammeItem)
class WorkProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "meeting", "lead_officer", "executive_member", "on_agenda"]
    list_filter = ["committee", "meeting"]
    search_fields = ["title", "purpose", "lead_officer", "executive_member", "comments"]
    autocomplete_fields = ["committee", "meeting"]
    list_select_related = ["committee", "meeting__committee", "agenda_item"]
    actions = ["add_to_agenda"]

    @admin.display(description="On the agenda")
    def on_agenda(self, obj):
        if obj.agenda_item_id:
            return badge(f"Item {obj.agenda_item.number}", "green")
        return badge("Not yet", "grey")

    @admin.action(description="Add to the agenda of their meeting", permissions=["change"])
    def add_to_agenda(self, request, queryset):
        done = 0
        for programme_item in queryset.select_related("meeting__committee", "agenda_item").order_by(
            "meeting__start", "order", "id"
        ):
            try:
                services.programme_item_add_to_agenda(programme_item=programme_item)
                done += 1
            except ValidationError as exc:
                self.message_user(request, error_text(exc), messages.ERROR)
        if done:
            self.message_user(request, f"Added {done} item(s) to their meetings' agendas.", messages.SUCCESS)


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(admin.ModelAdmin):
    """The one place the terms' prose is written. Membership, contact officer and schedule of
    meetings are drawn from the records (shown here read-only, edited where they are kept)."""

    list_display = ["heading", "committee", "year_label"]
    list_filter = ["committee", "municipal_year"]
    search_fields = ["title", "committee__name", "rationale_points"]
    autocomplete_fields = ["committee"]
    list_select_related = ["committee"]
    readonly_fields = ["from_the_records"]
    fieldsets = [
        (None, {"fields": ["committee", "municipal_year", "title"]}),
        (
            "From the records",
            {
                "fields": ["from_the_records"],
                "description": "Printed with the terms as the records stand: change them on the committee's "
                "page (memberships, contact officer) and on its meetings.",
            },
        ),
        ("Leads", {"fields": ["lead_executive_members", "strategic_directors", "lead_officers"]}),
        ("Rationale", {"fields": ["rationale_intro", "rationale_points"]}),
        (None, {"fields": ["operation", "access_to_information"]}),
    ]

    @admin.display(description="Title", ordering="title")
    def heading(self, obj):
        return obj.title or obj.committee.name

    @admin.display(description="Municipal year", ordering="municipal_year")
    def year_label(self, obj):
        return obj.year_label

    @admin.display(description="Membership, contact officer and schedule of meetings")
    def from_the_records(self, obj):
        if obj is None or obj.pk is None:
            return "Shown once the terms are saved."
        drawn = terms_of_reference(committee=obj.committee, user=visibility.THE_PUBLIC, record=obj)
        officer = drawn.contact_officer_line or "none recorded"
        return format_html(
            "<p>Membership {}: {}</p><p>Contact officer: {}</p><p>Schedule of meetings (public): {}</p>"
            '<p><a href="{}">Change the memberships or the contact officer</a></p>',
            drawn.year_label,
            "; ".join(
                part
                for part in (
                    drawn.councillors and f"Councillors {drawn.councillors}",
                    drawn.co_opted and f"Co-opted Members: {drawn.co_opted}",
                )
                if part
            )
            or "none recorded",
            officer,
            "; ".join(f"{uk_date(m.start)} at {uk_time(m.start)}" for m in drawn.schedule) or "no meetings",
            reverse("admin:meetings_committee_change", args=[obj.committee_id]),
        )


class ReadOnlyListAdmin(admin.ModelAdmin):
    """A searchable list across meetings; records are edited inline on their meeting or decision,
    where the approved-minutes lock applies."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyListAdmin):
    list_display = ["person", "meeting", "status", "capacity", "in_the_chair"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["person__last_name", "person__first_name", "capacity"]
    list_select_related = ["person", "meeting__committee"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyListAdmin):
    list_display = ["person", "meeting", "item", "kind", "nature"]
    list_filter = ["kind", "meeting__committee"]
    search_fields = ["person__last_name", "nature"]
    list_select_related = ["person", "meeting__committee", "item"]


@admin.register(DecisionUpdate)
class DecisionUpdateAdmin(ReadOnlyListAdmin):
    list_display = ["decision", "on", "status", "by"]
    list_filter = ["status"]
    search_fields = ["note", "decision__text"]
    list_select_related = ["decision", "by"]


class MinuteHistoryAdmin(HistoryAdmin):
    """A minute's audit trail: each version's rich text shown as sanitised HTML, never raw tags."""

    readonly_fields = [f"{name}_shown" for name in RICH_TEXT_FIELDS]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name not in self.readonly_fields]
        return [f"{name}_shown" if name in RICH_TEXT_FIELDS else name for name in fields]

    narrative_shown = MinuteAdmin.narrative_shown
    exempt_annex_shown = MinuteAdmin.exempt_annex_shown


register_history(MeetingMinutes, Decision)
admin.site.register(Minute.history.model, MinuteHistoryAdmin)
