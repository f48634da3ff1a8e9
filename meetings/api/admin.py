"""Admin for the API's bookkeeping: OParl tombstones, for superusers only (a technical record)."""

from django.contrib import admin

from meetings.admin_utils import ReadOnlyAdmin, SuperusersOnlyAdmin
from meetings.api.models import OParlTombstone


@admin.register(OParlTombstone)
class OParlTombstoneAdmin(SuperusersOnlyAdmin, ReadOnlyAdmin):
    list_display = ["kind", "object_id", "reason", "modified"]
    list_filter = ["kind", "reason"]
    search_fields = ["kind"]
