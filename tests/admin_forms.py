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


def post_paper_upload(client, item, data: bytes, *, name="report.pdf", title="Officer report", follow=False):
    """An officer adds one paper (a PDF upload) to an agenda item on the item's admin page."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    form = {
        "meeting": item.meeting.pk,
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "purpose": item.purpose,
        "report_of": "",
        "exempt_paragraph": "",
        "papers-TOTAL_FORMS": "1",
        "papers-INITIAL_FORMS": "0",
        "papers-MIN_NUM_FORMS": "0",
        "papers-MAX_NUM_FORMS": "1000",
        "papers-0-order": "1",
        "papers-0-title": title,
        "papers-0-file": SimpleUploadedFile(name, data, content_type="application/pdf"),
    }
    return client.post(reverse("admin:meetings_agendaitem_change", args=[item.pk]), form, follow=follow)
