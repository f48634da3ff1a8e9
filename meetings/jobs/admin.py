"""Background jobs in the admin: what is waiting, running or failed, with the error.

Committee officers see this list (their group holds the app's permissions): a failed pack build,
text extraction or alert run shows here with its error and can be tried again.
"""

from django.contrib import admin, messages
from django.utils.html import format_html

from meetings.admin_utils import badge
from meetings.jobs import services
from meetings.jobs.models import BackgroundJob

COLOURS = {"done": "green", "failed": "red", "retrying": "orange", "running": "blue", "waiting": "grey"}


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("attention", "Failed or not yet done"), ("failed", "Failed"), ("open", "Waiting or running")]

    def queryset(self, request, queryset):
        if self.value() == "attention":
            return queryset.needing_attention()
        if self.value() == "failed":
            return queryset.failed()
        if self.value() == "open":
            return queryset.open()
        return queryset


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["label", "status_badge", "attempts_shown", "error_shown", "meeting", "created_at", "finished_at"]
    list_filter = [NeedsAttentionFilter, "status"]
    search_fields = ["label", "error", "key"]
    list_select_related = ["meeting__committee"]
    readonly_fields = [
        "label",
        "status",
        "attempts",
        "max_attempts",
        "meeting",
        "task_path",
        "key",
        "kwargs",
        "task_result_id",
        "run_after",
        "created_at",
        "updated_at",
        "finished_at",
        "error_shown_in_full",
    ]
    fields = readonly_fields
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return badge(obj.get_status_display(), COLOURS.get(obj.status, "grey"))

    @admin.display(description="Attempts", ordering="attempts")
    def attempts_shown(self, obj):
        return f"{obj.attempts} of {obj.max_attempts}"

    @admin.display(description="Error")
    def error_shown(self, obj):
        return obj.error_summary[:200] or "–"

    @admin.display(description="Error")
    def error_shown_in_full(self, obj):
        return format_html("<pre>{}</pre>", obj.error) if obj.error else "–"

    @admin.action(description="Try these failed jobs again", permissions=["view"])
    def try_again(self, request, queryset):
        retried = 0
        for job in queryset.failed():
            services.job_retry(job=job)
            retried += 1
        self.message_user(request, f"Sent {retried} failed job(s) again.", messages.SUCCESS)
