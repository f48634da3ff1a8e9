"""What every area's admin shares: badges, error text and the read-only admin base."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils.html import format_html


def badge(text: str, colour: str):
    return format_html('<strong class="scrutiny-badge scrutiny-badge--{}">{}</strong>', colour, text)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LockedWhenMinutesApprovedMixin:
    """The admin side of "approved minutes are final" (the rule itself is enforced by the models:
    meetings.agendas.models.refuse_if_final and the minutes services).

    Once the minutes of the meeting an object belongs to are approved (or locked), its
    `locked_fields` are shown read-only ("__all__": every field), nothing can be added inline
    and nothing can be deleted. Use it on a ModelAdmin or an InlineModelAdmin, before the admin
    class in the bases:

    - `locked_meeting`: the path from the object the admin is given to its meeting, with "__"
      between steps ("" when it is the meeting). For an inline, the admin is given the parent
      object, so the path starts there.
    """

    locked_fields: tuple | str = "__all__"
    locked_meeting: str = "meeting"
    locked_message = "{n} record(s) belong to a meeting whose minutes are approved and were kept."

    @staticmethod
    def _follow(obj, path: str):
        for step in filter(None, path.split("__")):
            if obj is None:
                return None
            obj = getattr(obj, step, None)
        return obj

    def minutes_final(self, obj) -> bool:
        """True if `obj` (for an inline: the parent) belongs to a meeting with final minutes."""
        if obj is None or obj.pk is None:
            return False
        meeting = self._follow(obj, self.locked_meeting)
        return bool(meeting is not None and meeting.pk and meeting.minutes_are_final)

    def _all_field_names(self, request, obj) -> list[str]:
        from django.contrib.admin.utils import flatten, flatten_fieldsets

        if self.fieldsets:
            return flatten_fieldsets(self.fieldsets)
        if self.fields:
            return flatten(self.fields)
        if "get_fields" in type(self).__dict__:  # a fixed list written by the admin class
            return flatten(self.get_fields(request, obj))
        opts = self.model._meta
        return [f.name for f in [*opts.fields, *opts.many_to_many] if f.editable and not f.auto_created]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.minutes_final(obj):
            locked = self._all_field_names(request, obj) if self.locked_fields == "__all__" else self.locked_fields
            readonly += [name for name in locked if name not in readonly]
        return readonly

    def has_add_permission(self, request, *args, **kwargs):
        # ModelAdmin: (request); InlineModelAdmin: (request, obj) where obj is the parent.
        obj = args[0] if args else kwargs.get("obj")
        return super().has_add_permission(request, *args, **kwargs) and not self.minutes_final(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.minutes_final(obj)

    def delete_queryset(self, request, queryset):
        """Bulk delete: one by one through the model (whose delete() applies the rules), keeping
        whatever belongs to approved minutes."""
        kept = 0
        for obj in queryset:
            if self.minutes_final(obj):
                kept += 1
            else:
                self.delete_model(request, obj)
        if kept:
            from django.contrib import messages

            self.message_user(request, self.locked_message.format(n=kept), messages.ERROR)


class HistoryAdmin(ReadOnlyAdmin):
    """The audit trail of one model (django-simple-history's Historical* model): read-only for
    everyone; only a superuser may delete entries. Each object's own trail is also its
    "History" page (SimpleHistoryAdmin on its admin)."""

    list_display = ["history_object_label", "history_type", "history_date", "history_user", "history_change_reason"]
    list_filter = ["history_type"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]
    search_fields = ["history_user__username", "history_change_reason"]

    @admin.display(description="Record")
    def history_object_label(self, obj):
        return str(obj.instance) if obj.instance is not None else f"#{obj.pk}"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


def register_history(*models, site=None) -> None:
    """Register the audit trail of each model (one with `history = HistoricalRecords()`)."""
    site = site or admin.site
    for model in models:
        site.register(model.history.model, HistoryAdmin)


def is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperusersOnlyAdmin:
    """For technical records (index rows, change counters, built files, delivery logs): listed
    and opened by superusers only; committee officers never see them in the admin. Put it
    before the admin class in the bases. Inlines of such models shown on officers' pages (a
    meeting's built packs and their warnings) are separate classes and stay."""

    def has_module_permission(self, request):
        return is_superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return is_superuser(request) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return is_superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request) and super().has_delete_permission(request, obj)


class TechnicalFieldsAdmin:
    """Technical fields of an officer's record (a file's hash, storage name and size in bytes)
    are shown to superusers only: `technical_fields` leave the form, the list and the search
    for everyone else. Works on a ModelAdmin or an inline; put it before the admin class."""

    technical_fields: tuple[str, ...] = ()

    def _officer_view(self, names):
        return [name for name in names if name not in self.technical_fields]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if is_superuser(request) else self._officer_view(fields)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if is_superuser(request) else self._officer_view(readonly)

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return columns if is_superuser(request) else self._officer_view(columns)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if is_superuser(request) else self._officer_view(fields)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date-and-time widget, its two boxes named ("Start date", "Start time"): Django
    prints "Date:" and "Time:" as bare text, which labels neither box for assistive technology."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = name.rsplit("-", 1)[-1].replace("_", " ").capitalize()
        for subwidget, part in zip(context["widget"]["subwidgets"], ("date", "time"), strict=True):
            subwidget["attrs"]["aria-label"] = f"{field} {part}"
        return context
