"""Admin for the API's bookkeeping: OParl tombstones, for superusers only (a technical record)."""

from django.contrib import admin

from meetings.admin_utils import ReadOnlyAdmin
from meetings.api.models import OParlTombstone


@admin.register(OParlTombstone)
class OParlTombstoneAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "reason", "modified"]
    list_filter = ["kind", "reason"]
    search_fields = ["kind"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
