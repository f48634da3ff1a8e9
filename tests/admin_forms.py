"""Posting admin change forms as an officer would: the form as rendered, with some fields changed."""

from django.forms import MultiWidget


def _field_data(form, name, field) -> dict:
    value = form[name].value()
    key = form.add_prefix(name)
    widget = field.widget
    if getattr(widget, "widget", None) is not None and isinstance(widget.widget, MultiWidget):
        widget = widget.widget  # the admin's related-field wrapper
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        return {
            f"{key}_{i}": sub.format_value(part) or ""
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=False))
        }
    if value is None:
        return {}
    if isinstance(value, (list, tuple)):
        return {key: [str(v) for v in value]}
    if isinstance(value, bool):
        return {key: "on"} if value else {}
    if not isinstance(value, str) and hasattr(widget, "format_value"):
        value = widget.format_value(value)
    return {key: value}


def admin_form_data(response) -> dict:
    """The POST data of an admin change form as rendered (main form, every inline, management forms)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            data.update(_field_data(form, name, field))

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return {k: v for k, v in data.items() if v is not None}
