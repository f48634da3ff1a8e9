from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_utils import register_history

from . import services
from .models import (
    EvaluationArea,
    Framework,
    Grade,
    Inspection,
    InspectionGrade,
    InspectionRecommendation,
    Provider,
    Trust,
)

TAG_COLOURS = {1: "green", 2: "blue", 3: "amber", 4: "red", 5: "red"}
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "group_id", "website"]
    search_fields = ["name", "group_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "kind", "phase", "ward", "trust", "open_badge"]
    list_filter = ["kind", "phase", "is_open", "ward"]
    search_fields = ["name", "urn", "postcode", "ward", "trust__name"]
    autocomplete_fields = ["trust", "predecessor"]
    list_select_related = ["trust"]

    @admin.display(description="Status", ordering="is_open")
    def open_badge(self, obj):
        colour, text = ("green", "Open") if obj.is_open else ("grey", "Closed")
        return format_html('<strong class="scrutiny-badge scrutiny-badge--{}">{}</strong>', colour, text)


class EvaluationAreaInline(admin.TabularInline):
    model = EvaluationArea
    extra = 1
    fields = ["order", "name", "code", "is_overall", "where_applicable", "import_headers"]
    prepopulated_fields = {"code": ["name"]}


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 1
    fields = ["rank", "label", "is_good_or_better", "description"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Officers add a new framework here, with its areas and grade scale, without code."""

    list_display = ["name", "scope", "in_force_from", "in_force_until", "judges_safeguarding"]
    list_filter = ["scope", "judges_safeguarding"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EvaluationAreaInline, GradeInline]


@admin.register(EvaluationArea)
class EvaluationAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "framework", "order", "is_overall", "where_applicable"]
    list_filter = ["framework", "is_overall", "where_applicable"]
    search_fields = ["name", "code", "framework__name", "import_headers"]
    autocomplete_fields = ["framework"]
    list_select_related = ["framework"]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["label", "framework", "rank", "is_good_or_better"]
    list_filter = ["framework", "is_good_or_better"]
    search_fields = ["label", "framework__name"]
    autocomplete_fields = ["framework"]
    list_select_related = ["framework"]


class InspectionGradeForm(forms.ModelForm):
    class Meta:
        model = InspectionGrade
        fields = ["area", "grade"]


class InspectionGradeInline(admin.TabularInline):
    """Grades per area. The model refuses areas and grades from another framework."""

    model = InspectionGrade
    form = InspectionGradeForm
    extra = 0
    fields = ["area", "grade"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("area", "grade"):
            field.queryset = field.queryset.select_related("framework")
            field.label_from_instance = lambda obj: f"{obj.framework.short_name}: {obj}"
        return field


class InspectionRecommendationInline(admin.StackedInline):
    model = InspectionRecommendation
    extra = 0
    fields = [("number", "kind"), "text"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["provider", "kind", "framework", "start_date", "published_on", "overall_badge"]
    list_filter = ["framework", "kind", "provider__kind", "safeguarding", "category_of_concern"]
    search_fields = ["provider__name", "provider__urn", "inspection_number", "outcome", "summary"]
    autocomplete_fields = ["provider", "considered_at"]
    date_hierarchy = "start_date"
    list_select_related = ["provider", "framework", "overall_grade"]
    inlines = [InspectionGradeInline, InspectionRecommendationInline]
    readonly_fields = ["overall_grade"]
    actions = ["refresh_overall"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "provider",
                    "framework",
                    "kind",
                    ("start_date", "end_date", "published_on"),
                    "inspection_number",
                ]
            },
        ),
        (
            "Outcome",
            {
                "fields": [
                    "overall_grade",
                    "safeguarding",
                    "category_of_concern",
                    "outcome",
                    "summary",
                    "report_url",
                    "report_file",
                ]
            },
        ),
        ("Meetings", {"fields": ["considered_at"]}),
    ]

    @admin.display(description="Overall", ordering="overall_grade__rank")
    def overall_badge(self, obj):
        if not obj.overall_grade:
            return format_html('<span class="scrutiny-badge scrutiny-badge--grey">{}</span>', "—")
        return format_html(
            '<strong class="scrutiny-badge scrutiny-badge--{}">{}</strong>',
            TAG_COLOURS.get(obj.overall_grade.rank, "grey"),
            obj.overall_grade.label,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.inspection_refresh_overall(inspection=form.instance)

    @admin.action(description="Recalculate the overall grade from the grades")
    def refresh_overall(self, request, queryset):
        for inspection in queryset:
            try:
                services.inspection_refresh_overall(inspection=inspection)
            except ValidationError as exc:
                self.message_user(request, f"{inspection}: {' '.join(exc.messages)}", messages.ERROR)
                return
        self.message_user(request, f"Recalculated {queryset.count()} inspections.", messages.SUCCESS)


@admin.register(InspectionGrade)
class InspectionGradeAdmin(admin.ModelAdmin):
    """Usually edited inline on the inspection; listed here to search grades across the register."""

    list_display = ["inspection", "area", "grade"]
    list_filter = ["area__framework", "grade__label"]
    search_fields = ["inspection__provider__name", "inspection__provider__urn", "area__name", "grade__label"]
    autocomplete_fields = ["inspection", "area", "grade"]
    list_select_related = ["inspection__provider", "area", "grade"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.inspection_refresh_overall(inspection=obj.inspection)

    def delete_model(self, request, obj):
        inspection = obj.inspection
        super().delete_model(request, obj)
        services.inspection_refresh_overall(inspection=inspection)


@admin.register(InspectionRecommendation)
class InspectionRecommendationAdmin(admin.ModelAdmin):
    list_display = ["inspection", "number", "kind", "short_text"]
    list_filter = ["kind", "inspection__framework"]
    search_fields = ["text", "inspection__provider__name"]
    autocomplete_fields = ["inspection"]
    list_select_related = ["inspection__provider"]

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text[:100]


register_history(Inspection)
