"""Admin for email alert subscriptions, what was sent, and calendar sequences.

Imported at the bottom of meetings/admin.py. Subscriptions are created only by the address
confirming (double opt-in), so officers cannot add them here; they can look one up and delete
it (for example when someone asks by phone to stop the emails).
"""

from django.contrib import admin

from .alerts_models import AlertDelivery, AlertSubscription, MeetingCalendarEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AlertDeliveryInline(admin.TabularInline):
    model = AlertDelivery
    extra = 0
    can_delete = False
    fields = ["kind", "object_id", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["email", "topic_display", "confirmed_at", "delivery_count"]
    list_filter = ["committee", "confirmed_at"]
    search_fields = ["email", "keyword", "committee__name"]
    autocomplete_fields = ["committee"]
    date_hierarchy = "confirmed_at"
    inlines = [AlertDeliveryInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("committee").annotate(n_deliveries=Count("deliveries"))

    @admin.display(description="Alerts for", ordering="committee__name")
    def topic_display(self, obj):
        return obj.topic

    @admin.display(description="Alerts sent", ordering="n_deliveries")
    def delivery_count(self, obj):
        return obj.n_deliveries


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["subscription", "kind", "object_id", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["subscription__email", "subscription__keyword"]
    list_select_related = ["subscription__committee"]
    date_hierarchy = "sent_at"


@admin.register(MeetingCalendarEntry)
class MeetingCalendarEntryAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "sequence"]
    search_fields = ["meeting__committee__name"]
    list_select_related = ["meeting__committee"]
