"""Admin for officer reports written in the admin."""

from django.contrib import admin
from django.utils.html import format_html

from meetings.admin_utils import badge
from meetings.reports.models import (
    OfficerReport,
    ReportAlignment,
    ReportContact,
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


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 1
    fields = ["order", "heading", "body"]


@admin.register(OfficerReport)
class OfficerReportAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "report_to", "report_of", "paper_link", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "report_to", "report_of", "summary"]
    inlines = [ReportAlignmentInline, ReportContactInline, ReportSectionInline]
    fieldsets = [
        (None, {"fields": ["kind", "report_to", "subject", "report_of"]}),
        ("Summary", {"fields": ["summary", "recommendations", "wards_affected"]}),
        ("Strategy alignment", {"fields": ["alignment_heading"],
                                "description": "Add the rows of the alignment table below."}),
        ("Background documents", {"fields": ["background_documents"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paper__item__meeting__committee")

    @admin.display(description="Paper")
    def paper_link(self, obj):
        paper = getattr(obj, "paper", None)
        if paper is None:
            return badge("Not attached to an agenda item", "grey")
        return format_html('<a href="{}">{}</a>', paper.get_html_url(), f"Item {paper.item.number}, {paper.item.meeting}")


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
