"""Admin for officer reports written in the admin."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from meetings.admin_utils import badge
from meetings.agendas import services as agenda_services
from meetings.agendas.models import AgendaItem
from meetings.reports import services
from meetings.reports.forms import WordImportForm
from meetings.reports.models import (
    OfficerReport,
    ReportAlignment,
    ReportContact,
    ReportImage,
    ReportSection,
)


class ReportAlignmentInline(admin.TabularInline):
    model = ReportAlignment
    extra = 0
    fields = ["order", "outcome", "alignment"]


class ReportContactInline(admin.TabularInline):
    model = ReportContact
    extra = 1
    fields = ["order", "name", "position", "telephone", "email"]


class ReportImageInline(admin.TabularInline):
    model = ReportImage
    extra = 0
    fields = ["order", "image"]


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 1
    fields = ["order", "heading", "body"]


@admin.register(OfficerReport)
class OfficerReportAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "report_to", "report_of", "paper_link", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "report_to", "report_of", "summary"]
    inlines = [ReportAlignmentInline, ReportContactInline, ReportImageInline, ReportSectionInline]
    fieldsets = [
        (None, {"fields": ["kind", "report_to", "subject", "report_of"]}),
        ("Summary", {"fields": ["summary", "recommendations", "wards_affected"]}),
        (
            "Strategy alignment",
            {"fields": ["alignment_heading"], "description": "Add the rows of the alignment table below."},
        ),
        ("Background documents", {"fields": ["background_documents"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paper__item__meeting__committee")

    # --- "Write a report" from an agenda item on the meeting's page: /add/?item=<id> ----------
    # The form opens filled in from the item (subject, report of, report to); saving attaches the
    # report to the item as its next paper and returns to the meeting.

    def item_for(self, request) -> AgendaItem | None:
        """The agenda item named by ?item= (kept on the form's POST, which goes to the same
        address), or None; a bad or unknown id is a 404."""
        raw = request.GET.get("item")
        if raw is None:
            return None
        try:
            return AgendaItem.objects.select_related("meeting__committee").get(pk=int(raw))
        except (ValueError, AgendaItem.DoesNotExist) as exc:
            raise Http404("No such agenda item.") from exc

    def add_view(self, request, form_url="", extra_context=None):
        item = self.item_for(request)
        if item is not None:
            meeting_url = reverse("admin:meetings_meeting_change", args=[item.meeting_id])
            if item.meeting.minutes_are_final:
                self.message_user(
                    request,
                    f"The minutes of {item.meeting} are approved: no paper can be added to item {item.number} now.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(meeting_url)
            extra_context = {
                **(extra_context or {}),
                "subtitle": f"For item {item.number}, {item.title} ({item.meeting})",
            }
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        item = self.item_for(request)
        if item is not None:
            meeting = item.meeting
            initial.setdefault("subject", item.title)
            initial.setdefault("report_of", item.report_of)
            initial.setdefault("report_to", f"{meeting.committee.name} – {timezone.localtime(meeting.start):%-d %B %Y}")
            initial.pop("item", None)
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        item = None if change else self.item_for(request)
        if item is not None:  # add_view has refused an item whose minutes are approved
            request._attached_paper = agenda_services.paper_attach_report(item=item, report=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        paper = getattr(request, "_attached_paper", None)
        if paper is None or "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            f"The report “{obj}” was added to item {paper.item.number} ({paper.item.title}) as a paper.",
            messages.SUCCESS,
        )
        meeting_url = reverse("admin:meetings_meeting_change", args=[paper.item.meeting_id])
        return HttpResponseRedirect(f"{meeting_url}#workspace-item-{paper.item_id}")

    def get_urls(self):
        return [
            path(
                "import-word/",
                self.admin_site.admin_view(self.import_word_view),
                name="meetings_officerreport_import_word",
            ),
            *super().get_urls(),
        ]

    def import_word_view(self, request):
        """Upload a Word report: it becomes an authored report (and the item's paper, if chosen)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = WordImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.officer_report_import_docx(
                    data=form.cleaned_data["document"].read(),
                    item=form.cleaned_data["item"],
                    exempt=form.cleaned_data["exempt"],
                )
            except ValidationError as error:
                form.add_error("document", error)
            else:
                messages.success(
                    request,
                    f"Imported ‘{result.report.subject}’ with {result.report.sections.count()} "
                    "sections. Check it against the Word document.",
                )
                for warning in result.warnings:
                    messages.warning(request, warning)
                return HttpResponseRedirect(reverse("admin:meetings_officerreport_change", args=[result.report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": "Import an officer report from Word",
        }
        return TemplateResponse(request, "admin/meetings/officerreport/import_word.html", context)

    @admin.display(description="Paper")
    def paper_link(self, obj):
        paper = getattr(obj, "paper", None)
        if paper is None:
            return badge("Not attached to an agenda item", "grey")
        return format_html(
            '<a href="{}">{}</a>', paper.get_html_url(), f"Item {paper.item.number}, {paper.item.meeting}"
        )


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "report", "order"]
    search_fields = ["heading", "body", "report__subject"]
    autocomplete_fields = ["report"]
    list_select_related = ["report"]


@admin.register(ReportContact)
class ReportContactAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "telephone", "email", "report"]
    search_fields = ["name", "position", "email", "report__subject"]
    autocomplete_fields = ["report"]
    list_select_related = ["report"]


@admin.register(ReportAlignment)
class ReportAlignmentAdmin(admin.ModelAdmin):
    list_display = ["outcome", "report", "order"]
    search_fields = ["outcome", "alignment", "report__subject"]
    autocomplete_fields = ["report"]
    list_select_related = ["report"]


@admin.register(ReportImage)
class ReportImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "order"]
    search_fields = ["report__subject"]
    autocomplete_fields = ["report"]
    list_select_related = ["report"]
