from django import template
from django.utils import timezone
from django.utils.http import urlencode

register = template.Library()


@register.filter
def uk_time(value) -> str:
    """'10.00 am', '2.30 pm', '12 noon' as councils print them."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.hour == 12 and local.minute == 0:
        return "12 noon"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}.{local.minute:02d} {suffix}"


@register.filter
def uk_date(value) -> str:
    """'Tuesday, 2 October 2018'."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%A}, {value.day} {value:%B %Y}"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def with_bold(value) -> str:
    """Plain text with **bold** spans (the access notes), as paragraphs: escaped first, so only
    the <strong> and paragraph markup it adds is HTML."""
    import re

    from django.utils.html import escape, linebreaks
    from django.utils.safestring import mark_safe

    text = escape(value or "")
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text, flags=re.S)
    return mark_safe(linebreaks(text, autoescape=False))  # escaped above; only <strong> and <p>/<br> added


@register.simple_tag
def page_links(page_obj) -> list[tuple[int | None, bool]]:
    """The pagination's entries: (number, is_current), or (None, False) for an ellipsis.

    The first, second, last-but-one and last pages and two either side of the current one: at
    most nine entries, whatever the number of pages (a loop over every page number would grow
    with the data: the decisions register of a large council has thousands).
    """
    last, current = page_obj.paginator.num_pages, page_obj.number
    candidates = sorted({1, 2, last - 1, last, *range(current - 2, current + 3)} & set(range(1, last + 1)))
    links = []
    for number in candidates:
        if number == 1 or number == last or abs(number - current) <= 2:
            links.append((number, number == current))
        else:  # the second or last-but-one page, away from the current one
            links.append((None, False))
    return links
