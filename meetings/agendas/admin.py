"""Admin for meetings, agenda items and papers."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_utils import (
    LabelledSplitDateTime,
    LockedWhenMinutesApprovedMixin,
    ReadOnlyAdmin,
    TechnicalFieldsAdmin,
    badge,
    error_text,
    register_history,
)
from meetings.agendas import services
from meetings.agendas.models import AgendaItem, Despatch, Meeting, Paper, PaperVersion
from meetings.validators import NOT_ACCESSIBLE


class AgendaItemInline(LockedWhenMinutesApprovedMixin, admin.StackedInline):
    model = AgendaItem
    locked_meeting = ""  # the parent is the meeting
    locked_fields = AgendaItem.FINAL_FIELDS
    extra = 0
    show_change_link = True
    fields = [
        ("number", "kind"),
        "title",
        "purpose",
        "report_of",
        ("to_follow", "urgent", "standing"),
        "urgent_reason",
        ("exempt", "exempt_paragraph", "show_exemption"),
    ]


class DespatchInline(admin.TabularInline):
    """What was issued, and when: fixed records (read only)."""

    model = Despatch
    extra = 0
    can_delete = False
    fields = [
        "label",
        "issued_on",
        "issued_by",
        "issued_by_name",
        "clear_days",
        "reason_late",
        "reason_after_held",
        "contents",
    ]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Holds")
    def contents(self, obj):
        items = ", ".join(f"{row['number']}. {row['title']}" for row in obj.manifest.get("items", []))
        papers = ", ".join(row["title"] for row in obj.manifest.get("papers", []))
        return format_html("Items: {}<br>Papers: {}", items or "–", papers or "–")


class PublishedFilter(admin.SimpleListFilter):
    title = "agenda"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", "Issued (public)"), ("no", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.published()
        if self.value() == "no":
            return queryset.drafts()
        return queryset


_meeting_inlines: list = []


def register_meeting_inline(*inlines) -> None:
    """Other areas add their inlines to the meeting page (attendance, built packs) by registering
    them here, in the order the admin index imports them."""
    for inline in inlines:
        if inline not in _meeting_inlines:
            _meeting_inlines.append(inline)


_meeting_warnings: list = []


def register_meeting_warning(func) -> None:
    """Other areas warn on a meeting's admin page (a pack build that failed) by registering
    `func(meeting) -> list[str]`; each string is shown as a warning above the form."""
    if func not in _meeting_warnings:
        _meeting_warnings.append(func)


_meeting_views: list = []


def register_meeting_view(route: str, name: str, view) -> None:
    """Other areas add pages under a meeting's admin page (record attendance, write the minutes):
    `view(model_admin, request, pk)` is served at `<pk>/<route>/` as `admin:<name>`, behind the
    admin's sign-in."""
    if all(existing[1] != name for existing in _meeting_views):
        _meeting_views.append((route, name, view))


@admin.register(Meeting)
class MeetingAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_meeting = ""
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    locked_fields = Meeting.FINAL_FIELDS
    list_display = ["__str__", "start", "venue", "status", "published_badge", "item_count"]
    list_filter = ["committee", "status", PublishedFilter]
    date_hierarchy = "start"
    search_fields = ["committee__name", "venue", "items__title"]
    list_select_related = ["committee"]
    inlines = [AgendaItemInline, DespatchInline]
    actions = [
        "publish_agenda",
        "issue_supplement",
        "withdraw_agenda",
        "mark_held",
        "cancel_meeting",
        "postpone_meeting",
        "create_next_meeting",
    ]

    def get_inlines(self, request, obj):
        return [*self.inlines, *_meeting_inlines]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            meeting = self.get_object(request, object_id)
            if meeting is not None:
                for warn in _meeting_warnings:
                    for text in warn(meeting):
                        messages.warning(request, text)
        return super().change_view(request, object_id, form_url, extra_context)

    fieldsets = [
        (None, {"fields": ["committee", ("start", "end"), "venue", "welcome", "access_notes"]}),
        (
            "Status",
            {
                "fields": ["status", "status_note", "postponed_to"],
                "description": "Cancel or postpone with the actions: the status note is the public notice's reason.",
            },
        ),
        (
            "Publication",
            {
                "fields": ["announced", "agenda_issued_on", "issued_by", "issue_link"],
                "description": "An announced meeting's date, time and venue are public at once; its "
                "agenda (items, papers, packs) is public once issued with “Issue "
                "agenda” (the main despatch, then supplementary agendas).",
            },
        ),
        ("Papers and minutes", {"fields": ["papers_and_minutes"]}),
    ]
    readonly_fields = ["agenda_issued_on", "papers_and_minutes", "issue_link"]
    autocomplete_fields = ["committee", "postponed_to"]

    @admin.display(description="Issue")
    def issue_link(self, obj):
        if obj is None or not obj.pk:
            return "–"
        label = "Issue a supplementary agenda" if obj.agenda_issued_on else "Issue the agenda"
        return format_html(
            '<a class="button" href="{}">{}</a>', reverse("admin:meetings_meeting_issue", args=[obj.pk]), label
        )

    def get_urls(self):
        from functools import partial

        from django.urls import path

        return [
            path("<int:pk>/issue/", self.admin_site.admin_view(self.issue_view), name="meetings_meeting_issue"),
            *(
                path(f"<int:pk>/{route}/", self.admin_site.admin_view(partial(view, self)), name=name)
                for route, name, view in _meeting_views
            ),
            *super().get_urls(),
        ]

    def issue_view(self, request, pk: int):
        """Issue the agenda or a supplement, with the reasons the law asks for when late or urgent."""
        from django.http import Http404, HttpResponseRedirect
        from django.template.response import TemplateResponse

        from meetings.agendas.forms import IssueForm

        meeting = Meeting.objects.filter(pk=pk).select_related("committee").first()
        if meeting is None or not self.has_change_permission(request, meeting):
            raise Http404
        supplement = meeting.despatches.exists()
        pending = services.pending_changes(meeting) if supplement else None
        form = IssueForm(request.POST or None, meeting=meeting, new_items=pending["items"] if pending else [])
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if supplement:
                    despatch = services.despatch_supplement(
                        meeting=meeting,
                        by=request.user,
                        issued_on=data["issued_on"],
                        urgent_reasons=form.urgent_reasons(),
                        reason_after_held=data["reason_after_held"],
                    )
                else:
                    services.meeting_publish(
                        meeting=meeting,
                        by=request.user,
                        issued_on=data["issued_on"],
                        reason_late=data["reason_late"],
                        reason_after_held=data["reason_after_held"],
                    )
                    despatch = meeting.despatches.get(number=0)
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                self.message_user(
                    request, f"{despatch.label} issued on {despatch.issued_on:%-d %B %Y}.", messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Issue – {meeting}",
            "meeting": meeting,
            "form": form,
            "supplement": supplement,
            "pending": pending,
            "opts": self.model._meta,
            "latest_issue_date": services.timing.latest_issue_date(services._meeting_day(meeting)),
        }
        return TemplateResponse(request, "admin/meetings/meeting/issue.html", context)

    @admin.display(description="Next steps")
    def papers_and_minutes(self, obj):
        """Where an officer goes next: papers are attached per agenda item; minutes have their own page."""
        if obj is None or not obj.pk:
            return (
                "Save the meeting with its agenda items first; then attach papers to each item and write the minutes."
            )
        minutes = getattr(obj, "minutes", None)
        if minutes is None:
            link = format_html(
                '<a href="{}?meeting={}">Start the minutes of this meeting</a>',
                reverse("admin:meetings_meetingminutes_add"),
                obj.pk,
            )
        else:
            link = format_html(
                '<a href="{}">Minutes: {}</a>',
                reverse("admin:meetings_meetingminutes_change", args=[minutes.pk]),
                minutes.get_status_display(),
            )
        return format_html(
            'Attach papers from each agenda item\'s “Change” link below. {} · <a href="{}">Public page</a>',
            link,
            obj.get_absolute_url(),
        )

    def get_queryset(self, request):
        # Each meeting is listed under its committee's name on the day (one query for the list).
        return (
            super()
            .get_queryset(request)
            .annotate(_item_count=Count("items", distinct=True))
            .prefetch_related("committee__former_names")
        )

    @admin.display(description="Agenda items", ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count

    @admin.display(description="Agenda")
    def published_badge(self, obj):
        if obj.is_published:
            return badge(f"Issued {obj.agenda_issued_on:%-d %b %Y}", "green")
        if obj.agenda_issued_on:
            return badge(f"Issues {obj.agenda_issued_on:%-d %b %Y}", "blue")
        if obj.announced:
            return badge("Announced", "blue")
        return badge("Draft", "grey")

    @admin.action(description="Publish agenda (issue it today)", permissions=["change"])
    def publish_agenda(self, request, queryset):
        done = 0
        for meeting in queryset:
            try:
                services.meeting_publish(meeting=meeting, by=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"Issued the agenda of {done} meeting(s).", messages.SUCCESS)

    @admin.action(
        description="Issue supplementary agenda (today) with what was added or replaced", permissions=["change"]
    )
    def issue_supplement(self, request, queryset):
        for meeting in queryset:
            try:
                despatch = services.despatch_supplement(meeting=meeting, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request,
                    f"{meeting}: {error_text(exc)} Use the meeting's “Issue” page to give reasons.",
                    messages.ERROR,
                )
            else:
                self.message_user(request, f"{meeting}: {despatch.label} issued.", messages.SUCCESS)

    @admin.action(description="Mark as held", permissions=["change"])
    def mark_held(self, request, queryset):
        for meeting in queryset:
            try:
                services.meeting_mark_held(meeting=meeting, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)

    @admin.action(description="Cancel meeting (the status note is the public reason)", permissions=["change"])
    def cancel_meeting(self, request, queryset):
        for meeting in queryset:
            try:
                services.meeting_cancel(meeting=meeting, reason=meeting.status_note, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)
            else:
                self.message_user(request, f"{meeting}: cancelled.", messages.SUCCESS)

    @admin.action(description="Postpone meeting (the status note is the public reason)", permissions=["change"])
    def postpone_meeting(self, request, queryset):
        for meeting in queryset:
            try:
                services.meeting_postpone(meeting=meeting, reason=meeting.status_note, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{meeting}: postponed. Set “Postponed to” once the new meeting is entered.",
                    messages.SUCCESS,
                )

    @admin.action(description="Withdraw agenda (back to draft)", permissions=["change"])
    def withdraw_agenda(self, request, queryset):
        done = 0
        for meeting in queryset:
            try:
                services.meeting_unpublish(meeting=meeting, by=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"Withdrew the agenda of {done} meeting(s).", messages.SUCCESS)

    @admin.action(description="Create next meeting from this one", permissions=["add"])
    def create_next_meeting(self, request, queryset):
        for meeting in queryset:
            try:
                new = services.meeting_create_next(meeting=meeting)
            except ValidationError as exc:
                self.message_user(request, f"{meeting}: {error_text(exc)}", messages.ERROR)
                continue
            self.message_user(
                request,
                format_html(
                    'Created draft <a href="{}">{}</a> with {} standing item(s); check its date and time.',
                    f"../meeting/{new.pk}/change/",
                    new,
                    new.items.count(),
                ),
                messages.SUCCESS,
            )


def accessibility_badge(paper: Paper):
    """'Not accessible' on an untagged uploaded PDF (officers replace it with a tagged PDF or the
    Word file); 'Tagged' on a tagged one; nothing for officer reports, which are always tagged."""
    if paper is None or not paper.pk or paper.report_id is not None:
        return "–"
    if paper.tagged is False:
        return format_html("{} {}", badge("Not accessible", "red"), NOT_ACCESSIBLE.split(": ", 1)[1])
    if paper.tagged:
        return badge("Tagged", "green")
    return badge("Not checked", "grey")


def warn_untagged(request, papers) -> None:
    """The message an officer sees on saving an untagged upload."""
    for paper in papers:
        if paper.not_accessible:
            messages.warning(request, f"“{paper.title}” is {NOT_ACCESSIBLE}.")


class PaperInline(TechnicalFieldsAdmin, LockedWhenMinutesApprovedMixin, admin.TabularInline):
    model = Paper
    locked_meeting = "meeting"  # the parent is the agenda item
    technical_fields = ("size_bytes", "sha256")
    extra = 1
    fields = ["order", "title", "file", "report", "exempt", "page_count", "size_bytes", "accessibility", "sha256"]
    readonly_fields = ["page_count", "size_bytes", "accessibility", "sha256"]
    autocomplete_fields = ["report"]

    @admin.display(description="Accessibility")
    def accessibility(self, obj):
        return accessibility_badge(obj)


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_fields = AgendaItem.FINAL_FIELDS
    list_display = ["title", "number", "meeting", "kind", "exempt_badge", "to_follow"]
    list_filter = ["kind", "exempt", "to_follow", "meeting__committee"]
    search_fields = ["title", "purpose", "report_of"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__committee"]
    inlines = [PaperInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Paper:
            warn_untagged(request, [f.instance for f in formset.forms if "file" in f.changed_data and f.instance.pk])

    @admin.display(description="Access")
    def exempt_badge(self, obj):
        if obj.exempt:
            return badge(f"Exempt – para {obj.exempt_paragraph}", "red")
        return badge("Open", "green")


class PaperAdminForm(forms.ModelForm):
    replacement_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="When replacing the file of a paper already issued: why. The earlier version is kept "
        "and the new one goes out in the next supplementary agenda.",
    )

    class Meta:
        model = Paper
        fields = "__all__"

    def was_issued(self) -> bool:
        paper = self.instance
        if not paper.pk:
            return False
        meeting_id = Paper.objects.filter(pk=paper.pk).values_list("item__meeting_id", flat=True).first()
        return any(
            row["id"] == paper.pk
            for manifest in Despatch.objects.filter(meeting_id=meeting_id).values_list("manifest", flat=True)
            for row in manifest.get("papers", [])
        )

    def clean(self):
        data = super().clean()
        if "file" in self.changed_data and self.was_issued() and not (data.get("replacement_reason") or "").strip():
            self.add_error("replacement_reason", "Give the reason for replacing a paper that has been issued.")
        return data


@admin.register(Paper)
class PaperAdmin(TechnicalFieldsAdmin, LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    form = PaperAdminForm
    locked_meeting = "item__meeting"
    technical_fields = ("original_filename", "size_bytes", "sha256")
    list_display = ["title", "item", "page_count", "size_bytes", "exempt_badge", "accessibility", "uploaded_at"]
    list_filter = ["exempt", "item__exempt", "tagged", "item__meeting__committee"]
    search_fields = ["title", "item__title", "original_filename", "sha256"]
    autocomplete_fields = ["item", "report"]
    readonly_fields = ["original_filename", "page_count", "size_bytes", "accessibility", "sha256", "uploaded_at"]
    list_select_related = ["item__meeting__committee"]

    @admin.display(description="Accessibility", ordering="tagged")
    def accessibility(self, obj):
        return accessibility_badge(obj)

    @admin.display(description="Access")
    def exempt_badge(self, obj):
        if obj.is_exempt:
            return badge("Exempt", "red")
        return badge("Open", "green")

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get("replacement_reason") or "").strip()
        if change and "file" in form.changed_data and reason:
            stored = Paper.objects.get(pk=obj.pk)
            version = PaperVersion(
                paper=stored,
                title=stored.title,
                sha256=stored.sha256,
                page_count=stored.page_count,
                reason=reason,
                replaced_by=request.user,
            )
            version.file.name = stored.file.name
            version.full_clean()
            version.save()
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            warn_untagged(request, [obj])


register_history(Meeting, AgendaItem, Paper)


@admin.register(Despatch)
class DespatchAdmin(ReadOnlyAdmin):
    """Despatches as issued: a record, never edited (issue one from the meeting's page)."""

    list_display = ["meeting", "number", "issued_on", "issued_by_name", "clear_days"]
    list_filter = ["meeting__committee"]
    search_fields = ["meeting__committee__name", "issued_by_name"]
    list_select_related = ["meeting__committee"]
    date_hierarchy = "issued_on"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaperVersion)
class PaperVersionAdmin(ReadOnlyAdmin):
    """Earlier versions of papers replaced after issue, with the reason."""

    list_display = ["paper", "title", "replaced_at", "replaced_by", "reason"]
    search_fields = ["title", "paper__title", "reason"]
    list_select_related = ["paper", "replaced_by"]

    def has_delete_permission(self, request, obj=None):
        return False
