"""Admin for email alert subscriptions (read-only: subscribers manage their own)."""

from django.contrib import admin

from meetings.admin_utils import ReadOnlyAdmin, SuperusersOnlyAdmin
from meetings.alerts.models import AlertDelivery, AlertSubscription


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
class AlertDeliveryAdmin(SuperusersOnlyAdmin, ReadOnlyAdmin):
    """The delivery log (a technical record, superusers only); officers see a subscription's
    deliveries on its own page."""

    list_display = ["subscription", "kind", "object_id", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["subscription__email", "subscription__keyword"]
    list_select_related = ["subscription__committee"]
    date_hierarchy = "sent_at"
