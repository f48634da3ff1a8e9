"""Admin for built packs: what was built, its warnings, and a rebuild action."""

from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from meetings.admin_utils import SuperusersOnlyAdmin, badge
from meetings.agendas.admin import register_meeting_inline, register_meeting_warning
from meetings.packs.models import BuildClaim, PackBuild, PackGeneration
from meetings.packs.tasks import failed_work_warnings


class HasWarningsFilter(admin.SimpleListFilter):
    title = "warnings"
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("yes", "With warnings"), ("no", "Without warnings")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(warnings="")
        if self.value() == "no":
            return queryset.filter(warnings="")
        return queryset


@admin.register(PackBuild)
class PackBuildAdmin(SuperusersOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "meeting",
        "variant",
        "status_badge",
        "page_count",
        "size",
        "warnings_badge",
        "build_seconds",
        "built_at",
    ]
    list_filter = ["status", "variant", HasWarningsFilter, "meeting__committee"]
    search_fields = ["meeting__committee__name", "key", "warnings"]
    list_select_related = ["meeting__committee"]
    readonly_fields = [
        "meeting",
        "variant",
        "key",
        "status",
        "path",
        "page_count",
        "size_bytes",
        "warnings",
        "build_seconds",
        "built_at",
    ]
    autocomplete_fields = ["meeting"]
    actions = ["rebuild"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        colour = {"ready": "green", "failed": "red"}.get(obj.status, "blue")
        return badge(obj.get_status_display(), colour)

    @admin.display(description="Size", ordering="size_bytes")
    def size(self, obj):
        return filesizeformat(obj.size_bytes)

    @admin.display(description="Warnings")
    def warnings_badge(self, obj):
        count = len(obj.warning_list)
        if not count:
            return badge("None", "green")
        return format_html(
            '{} <span title="{}">{}</span>',
            badge(f"{count} warning(s)", "orange"),
            obj.warnings,
            obj.warning_list[0][:120],
        )

    @admin.action(description="Build the packs of these meetings again", permissions=["change"])
    def rebuild(self, request, queryset):
        """Enqueue the builds (background tasks); with the immediate backend they run now."""
        from meetings.packs import tasks

        for meeting in {b.meeting for b in queryset.select_related("meeting__committee")}:
            job = tasks.packs_enqueue(meeting, audience=tasks.audience_of(request.user, meeting))
            if job.status == job.Status.DONE:
                self.message_user(request, f"{meeting}: the packs are built.", messages.SUCCESS)
            elif job.status == job.Status.FAILED:
                self.message_user(
                    request, f"{meeting}: the pack could not be built ({job.error_summary}).", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    f"{meeting}: the packs are being prepared in the background; see Background jobs.",
                    messages.SUCCESS,
                )


class PackBuildInline(admin.TabularInline):
    """Built PDFs of a meeting, so officers see warnings (e.g. a corrupt paper) where they work."""

    model = PackBuild
    extra = 0
    can_delete = False
    fields = ["variant", "status", "page_count", "size_bytes", "warnings", "built_at"]
    readonly_fields = fields
    verbose_name_plural = "built agenda packs and their warnings"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PackGeneration)
class PackGenerationAdmin(SuperusersOnlyAdmin, admin.ModelAdmin):
    """The change counter behind cached packs (read-only; bumped by signals on every change)."""

    list_display = ["pk", "value"]
    search_fields = ["value"]
    readonly_fields = ["value"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BuildClaim)
class BuildClaimAdmin(SuperusersOnlyAdmin, admin.ModelAdmin):
    """Builds in progress on SQLite (read-only; a claim is removed when its build ends). Deleting
    a claim left by a builder that died lets the next request build at once."""

    list_display = ["name", "claimed_at"]
    search_fields = ["name"]
    readonly_fields = ["name", "token", "claimed_at"]

    def has_add_permission(self, request):
        return False


register_meeting_inline(PackBuildInline)
register_meeting_warning(failed_work_warnings)
