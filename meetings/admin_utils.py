"""What every area's admin shares: badges, error text and the read-only admin base."""

# Minutes, attendance, decisions, work programme and terms of reference (issue 3).
# Officer reports written here, and built agenda packs with their warnings (issue 4).
# Email alerts and calendar sequences (issue 7).
# The search index (issue 7).
from django.contrib import admin
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
