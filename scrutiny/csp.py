"""Template tags for the Content-Security-Policy (library `csp_media`, see settings TEMPLATES).

The policy allows no inline script; an import map (the admin's rich-text editor, from
django-js-asset's Media) can only be inline, so it carries the request's nonce:

    {% load csp_media %}{% csp_media media %}   {# also media.css / media.js #}

django-csp adds the nonce to the header only on responses that used it.
"""

from django import forms, template
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_media(context, media):
    """Render form media; an import map or other inline tag gets the request's CSP nonce."""
    if not media:
        return ""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not isinstance(media, forms.Media) or getattr(media, "_importmap", None) is None:
        return media  # nothing inline: no nonce, so the header stays `script-src 'self'`
    return Media.from_media(media, nonce=nonce).render()
