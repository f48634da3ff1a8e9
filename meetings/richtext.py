"""Sanitising the rich text officers write in the admin editor (minute narratives).

Minute narratives are stored already cleaned by :func:`clean_html`, so templates may render them
with ``|safe``: never pass anything else through ``|safe``.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

#: What the admin editor offers; matches ALLOWED_TAGS so nothing typed is silently dropped.
EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Heading": {"levels": [3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False},
        "History": True,
    }
}


def clean_html(value: str) -> str:
    cleaned = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
    # The editor leaves an empty paragraph behind when everything is deleted.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned
