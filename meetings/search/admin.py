"""Admin for the search index: look entries up, see what the public can find, reindex some.

Imported at the bottom of meetings/admin.py. Entries are written by the indexers (signals and
`manage.py rebuild_search_index`), never by hand.
"""

from django.contrib import admin, messages
from django.utils.html import format_html

from meetings.admin_utils import SuperusersOnlyAdmin
from meetings.search.models import SearchEntry
from meetings.search.services import reindex_entries


@admin.register(SearchEntry)
class SearchEntryAdmin(SuperusersOnlyAdmin, admin.ModelAdmin):
    """The index rows (a technical record): superusers only."""

    list_display = ["title", "kind", "committee", "date", "access_badge", "updated_at"]
    list_filter = ["kind", "exempt", "published", "committee"]
    search_fields = ["title"]
    autocomplete_fields = ["committee"]
    list_select_related = ["committee"]
    date_hierarchy = "date"
    fields = ["kind", "title", "url", "committee", "meeting", "date", "exempt", "published", "body", "updated_at"]
    readonly_fields = fields
    actions = ["reindex"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Who can find it")
    def access_badge(self, obj):
        if not obj.published:
            return format_html('<strong class="govuk-tag govuk-tag--yellow">{}</strong>', "Officers (draft)")
        if obj.exempt:
            return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Exempt")
        return format_html('<strong class="govuk-tag govuk-tag--green">{}</strong>', "Public")

    @admin.action(description="Reindex the selected entries from their records")
    def reindex(self, request, queryset):
        count = reindex_entries(entries=queryset)
        self.message_user(request, f"Reindexed {count} entries.", messages.SUCCESS)
