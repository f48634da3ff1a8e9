"""Admin for committees (with their former names), people and memberships."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_utils import register_history
from meetings.committees.models import Committee, CommitteeName, Membership, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "representing", "start", "end"]


class CommitteeNameInline(admin.TabularInline):
    """Its former names: what meetings, minute references and packs of their day print."""

    model = CommitteeName
    fk_name = "committee"
    extra = 0
    autocomplete_fields = ["parent"]
    fields = ["name", "short_code", "parent", "valid_until"]
    verbose_name = "former name"
    verbose_name_plural = (
        "Former names (each in use until the date given, from the day after the one before; the name above "
        "is in use after the last)"
    )


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "parent", "contact_officer", "is_active"]
    list_filter = ["is_active", "minute_numbering"]
    search_fields = ["name", "short_code", "former_names__name", "former_names__short_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "contact_officer"]
    inlines = [CommitteeNameInline, MembershipInline]


@admin.register(CommitteeName)
class CommitteeNameAdmin(admin.ModelAdmin):
    """All former names in one list (officers edit them on their committee's page)."""

    list_display = ["name", "short_code", "committee", "parent", "valid_until"]
    list_filter = ["committee"]
    search_fields = ["name", "short_code", "committee__name"]
    autocomplete_fields = ["committee", "parent"]
    list_select_related = ["committee", "parent"]
    date_hierarchy = "valid_until"

    def delete_queryset(self, request, queryset):
        for former in queryset:  # each delete keeps its committee's record of its former names
            former.delete()


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "party", "ward", "job_title"]
    list_filter = ["kind", "party"]
    search_fields = ["first_name", "last_name", "ward", "job_title", "email"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "role", "representing", "start", "end"]
    list_filter = ["committee", "role"]
    search_fields = ["person__last_name", "person__first_name", "committee__name", "representing"]
    autocomplete_fields = ["person", "committee"]
    list_select_related = ["person", "committee"]


register_history(Membership)
