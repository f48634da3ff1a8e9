"""Admin for committees, people and memberships."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_utils import register_history
from meetings.committees.models import Committee, Membership, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "representing", "start", "end"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "parent", "contact_officer", "is_active"]
    list_filter = ["is_active", "minute_numbering"]
    search_fields = ["name", "short_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "contact_officer"]
    inlines = [MembershipInline]


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
