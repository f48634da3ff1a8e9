"""Admin for meetings, agenda items and papers."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

# Officer reports written here, and built agenda packs with their warnings (issue 4).
# Email alerts and calendar sequences (issue 7).
from meetings.admin_utils import LockedWhenMinutesApprovedMixin, badge, error_text, register_history
from meetings.agendas import services
from meetings.agendas.models import AgendaItem, Meeting, Paper

# Minutes, attendance, decisions, work programme and terms of reference (issue 3).

# The search index (issue 7).


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
        ("exempt", "exempt_paragraph"),
    ]


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


@admin.register(Meeting)
class MeetingAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_meeting = ""
    locked_fields = Meeting.FINAL_FIELDS
    list_display = ["__str__", "start", "venue", "status", "published_badge", "item_count"]
    list_filter = ["committee", "status", PublishedFilter]
    date_hierarchy = "start"
    search_fields = ["committee__name", "venue", "items__title"]
    autocomplete_fields = ["committee"]
    list_select_related = ["committee"]
    inlines = [AgendaItemInline]
    actions = ["publish_agenda", "withdraw_agenda", "create_next_meeting"]

    def get_inlines(self, request, obj):
        return [*self.inlines, *_meeting_inlines]
    fieldsets = [
        (None, {"fields": ["committee", ("start", "end"), "venue", "welcome", "access_notes"]}),
        ("Status", {"fields": ["status", "status_note"]}),
        ("Publication", {"fields": ["agenda_issued_on", "issued_by"],
                         "description": "The meeting stays a draft, seen by officers only, until its agenda is "
                                        "issued with the “Publish agenda” action; “Withdraw agenda” undoes it."}),
        ("Papers and minutes", {"fields": ["papers_and_minutes"]}),
    ]
    readonly_fields = ["agenda_issued_on", "papers_and_minutes"]

    @admin.display(description="Next steps")
    def papers_and_minutes(self, obj):
        """Where an officer goes next: papers are attached per agenda item; minutes have their own page."""
        if obj is None or not obj.pk:
            return "Save the meeting with its agenda items first; then attach papers to each item and write the minutes."
        minutes = getattr(obj, "minutes", None)
        if minutes is None:
            link = format_html('<a href="{}?meeting={}">Start the minutes of this meeting</a>',
                               reverse("admin:meetings_meetingminutes_add"), obj.pk)
        else:
            link = format_html('<a href="{}">Minutes: {}</a>',
                               reverse("admin:meetings_meetingminutes_change", args=[minutes.pk]),
                               minutes.get_status_display())
        return format_html(
            "Attach papers from each agenda item's “Change” link below. {} · "
            '<a href="{}">Public page</a>', link, obj.get_absolute_url(),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items", distinct=True))

    @admin.display(description="Agenda items", ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count

    @admin.display(description="Agenda")
    def published_badge(self, obj):
        if obj.is_published:
            return badge(f"Issued {obj.agenda_issued_on:%-d %b %Y}", "green")
        if obj.agenda_issued_on:
            return badge(f"Issues {obj.agenda_issued_on:%-d %b %Y}", "blue")
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
                    f"../meeting/{new.pk}/change/", new, new.items.count(),
                ),
                messages.SUCCESS,
            )


class PaperInline(LockedWhenMinutesApprovedMixin, admin.TabularInline):
    model = Paper
    locked_meeting = "meeting"  # the parent is the agenda item
    extra = 1
    fields = ["order", "title", "file", "report", "exempt", "page_count", "size_bytes", "sha256"]
    readonly_fields = ["page_count", "size_bytes", "sha256"]
    autocomplete_fields = ["report"]


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_fields = AgendaItem.FINAL_FIELDS
    list_display = ["title", "number", "meeting", "kind", "exempt_badge", "to_follow"]
    list_filter = ["kind", "exempt", "to_follow", "meeting__committee"]
    search_fields = ["title", "purpose", "report_of"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__committee"]
    inlines = [PaperInline]

    @admin.display(description="Access")
    def exempt_badge(self, obj):
        if obj.exempt:
            return badge(f"Exempt – para {obj.exempt_paragraph}", "red")
        return badge("Open", "green")


@admin.register(Paper)
class PaperAdmin(LockedWhenMinutesApprovedMixin, SimpleHistoryAdmin):
    locked_meeting = "item__meeting"
    list_display = ["title", "item", "page_count", "size_bytes", "exempt_badge", "uploaded_at"]
    list_filter = ["exempt", "item__exempt", "item__meeting__committee"]
    search_fields = ["title", "item__title", "original_filename", "sha256"]
    autocomplete_fields = ["item", "report"]
    readonly_fields = ["original_filename", "page_count", "size_bytes", "sha256", "uploaded_at"]
    list_select_related = ["item__meeting__committee"]

    @admin.display(description="Access")
    def exempt_badge(self, obj):
        if obj.is_exempt:
            return badge("Exempt", "red")
        return badge("Open", "green")


register_history(Meeting, AgendaItem, Paper)
