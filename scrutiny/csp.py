"""Template tags for the Content-Security-Policy (library `csp_media`, see settings TEMPLATES).

The policy allows no inline script or style. The admin's rich-text editor (django-prose-editor)
needs two inline elements, and they carry the request's nonce (django-csp then adds the nonce to
the header, on those responses only):

- its import map, which can only be an inline <script type="importmap">;
- an empty <style data-tiptap-style>: TipTap injects its base stylesheet as an inline <style>
  unless one with that attribute exists. Its rules are served as a file (static/css/tiptap.css).

    {% load csp_media %}{% csp_media media %}
"""

from django import forms, template
from django.templatetags.static import static
from django.utils.html import format_html
from js_asset import Media

register = template.Library()

PROSE_EDITOR_SCRIPT = "django_prose_editor/editor.js"


@register.simple_tag(takes_context=True)
def csp_media(context, media):
    """Render form media; inline tags (an import map) get the request's CSP nonce."""
    if not media:
        return ""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not isinstance(media, forms.Media) or getattr(media, "_importmap", None) is None:
        return media  # nothing inline: no nonce, so the header stays `script-src 'self'`
    html = Media.from_media(media, nonce=nonce).render()
    if PROSE_EDITOR_SCRIPT in html:
        html += format_html(
            '\n<link rel="stylesheet" href="{}">\n<style data-tiptap-style nonce="{}"></style>',
            static("css/tiptap.css"),
            nonce,
        )
    return html
