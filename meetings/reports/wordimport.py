"""An officer report written in Word (.docx), read into the fields of an authored report.

mammoth turns the document into semantic HTML (headings, paragraphs, lists, tables, bold, italic,
images with their alt text); nh3 keeps only those elements; then the council template is read
from it: the masthead facts (report to, subject, report of — as "Label: value" paragraphs or a
two-column table), Summary, Recommendations, Wards Affected, Contact Officers (Name:/Position:/
Telephone:/E-mail:), Background documents, then sections headed "1.0 Introduction" (or Heading 1)
whose typed paragraph numbers 1.1 / 1.1.1 become the section format's numbered paragraphs and
sub-paragraphs, and whose other paragraphs stay unnumbered. Section bodies are written in the
plain-text format of meetings/reports/presenters.py, escaped so that nothing typed in Word is
read as markup.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import lxml.html
import mammoth
import nh3

from meetings.reports import presenters

WEB_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "em",
    "b",
    "i",
    "img",
    "br",
    "a",
    "sup",
    "sub",
    "u",
}
LABELS = {
    "report to": "report_to",
    "subject": "subject",
    "report of": "report_of",
    "wards affected": "wards_affected",
    "summary": "summary",
    "recommendations": "recommendations",
    "recommendation": "recommendations",
    "contact officers": "contacts",
    "contact officer": "contacts",
    "background documents": "background",
}
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")"
    r"(?:\s*\([^)]*\))?\s*(?P<colon>:)?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CONTACT = re.compile(r"^(name|position|telephone|tel|phone|e-?mail)\s*:\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^(\d{1,2})\.0\s+(.+)$")
_NUMBER = re.compile(r"^(\d{1,2})\.(\d{1,3})(?:\.(\d{1,3}))?\.?\s+")
_BACKGROUND_BOILERPLATE = ("the following documents disclose", "copies of the background documents")


class NotAWordDocument(ValueError):
    """The upload is not a .docx file mammoth can read."""


@dataclass
class ImportedImage:
    order: int
    data: bytes
    extension: str


@dataclass
class Imported:
    kind: str = "information"
    fields: dict[str, str] = field(default_factory=dict)
    contacts: list[dict[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    images: list[ImportedImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def inline(el, images_ok: bool = True) -> str:
    """An element's content in the section format: escaped text, **bold**, *italic*."""
    parts = [presenters.escape_inline(el.text or "")]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = inline(child, images_ok)
        if tag in ("strong", "b") and inner.strip():
            parts.append(f"**{inner}**")
        elif tag in ("em", "i") and inner.strip():
            parts.append(f"*{inner}*")
        elif tag == "br":
            parts.append(" ")
        elif tag != "img":
            parts.append(inner)
        parts.append(presenters.escape_inline(child.tail or ""))
    return re.sub(r"\s+", " ", "".join(parts))


def _image_ref(el) -> str | None:
    """``![alt](n)`` when a paragraph is only an image."""
    images = el.xpath(".//img")
    if len(images) != 1 or _squash(el.text_content()):
        return None
    src = images[0].get("src", "")
    if not src.startswith("#image-"):
        return None
    alt = presenters.escape_inline(_squash(images[0].get("alt", ""))).replace("]", "\\]")
    return f"![{alt}]({src.removeprefix('#image-')})"


def _masthead_lines(elements) -> list[tuple[str, str]]:
    """The masthead as (plain text, inline markup) lines; table rows read as "Label: value"."""
    lines: list[tuple[str, str]] = []
    for el in elements:
        if el.tag == "table":
            for row in el.iter("tr"):
                cells = [_squash(c.text_content()) for c in row if c.tag in ("td", "th")]
                if cells:
                    label = cells[0] if cells[0].endswith(":") else cells[0] + ":"
                    text = " ".join([label, *cells[1:]]) if len(cells) > 1 else cells[0]
                    lines.append((text, presenters.escape_inline(text)))
        elif el.tag in ("ul", "ol"):
            for li in el.iter("li"):
                lines.append((_squash(li.text_content()), "- " + inline(li).strip()))
        else:
            lines.append((_squash(el.text_content()), inline(el).strip()))
    return lines


def _masthead(doc: Imported, elements) -> None:
    current = None
    summary: dict[str, list[str]] = {"summary": [], "recommendations": [], "background": []}
    for text, markup in _masthead_lines(elements):
        if not text:
            continue
        low = text.lower()
        if "report for resolution" in low:
            doc.kind = "resolution"
            continue
        if "report for information" in low:
            doc.kind = "information"
            continue
        label = _LABEL.match(text)
        if label and (label["colon"] or not label["rest"]):
            current = LABELS[label["label"].lower()]
            rest = label["rest"].strip()
            if current in ("report_to", "subject", "report_of", "wards_affected"):
                doc.fields[current] = rest
                current = None
            elif rest and current in summary:
                summary[current].append(presenters.escape_inline(rest))
            continue
        contact = _CONTACT.match(text)
        if contact and current == "contacts":
            key = contact[1].lower()
            key = {"tel": "telephone", "phone": "telephone", "e-mail": "email"}.get(key, key)
            if key == "name" or not doc.contacts:
                doc.contacts.append({})
            doc.contacts[-1][key] = contact[2].strip()
            continue
        if current == "background":
            if not low.startswith(_BACKGROUND_BOILERPLATE):
                summary["background"].append(text)
        elif current in ("summary", "recommendations"):
            summary[current].append(markup)
        # Anything else before the first label is the letterhead (the council's name).
    doc.fields["summary"] = "\n\n".join(summary["summary"])
    doc.fields["recommendations"] = "\n\n".join(summary["recommendations"])
    doc.fields["background_documents"] = "\n".join(summary["background"])


def _section_body(elements) -> str:
    chunks: list[str] = []
    for el in elements:
        if el.tag in ("h2", "h3", "h4", "h5", "h6", "h1"):
            chunks.append("# " + presenters.escape_start(inline(el).strip()))
        elif el.tag in ("ul", "ol"):
            marker = "1. " if el.tag == "ol" else "- "
            items = [inline(li).strip() for li in el.iter("li")]
            chunks.append("\n".join(marker + item for item in items if item))
        elif el.tag == "table":
            rows = []
            for row in el.iter("tr"):
                cells = [inline(c).strip() or " " for c in row if c.tag in ("td", "th")]
                rows.append("| " + " | ".join(cells) + " |")
            if rows:
                chunks.append("\n".join(rows))
        else:
            image = _image_ref(el)
            if image:
                chunks.append(image)
                continue
            markup = inline(el).strip()
            if not markup:
                continue
            number = _NUMBER.match(markup)
            if number:
                rest = presenters.escape_start(markup[number.end() :])
                chunks.append(("+ " if number[3] else "") + rest)
            else:
                chunks.append("~ " + markup)
    return "\n\n".join(chunks)


def read_docx(data: bytes) -> Imported:
    doc = Imported()

    def keep_image(image):
        content_type = (image.content_type or "").lower()
        if content_type not in WEB_IMAGE_TYPES:
            doc.warnings.append(f"An image of type {content_type or 'unknown'} was left out: insert it as PNG or JPEG.")
            return {}
        with image.open() as handle:
            order = len(doc.images) + 1
            doc.images.append(ImportedImage(order, handle.read(), WEB_IMAGE_TYPES[content_type]))
        if not image.alt_text:
            doc.warnings.append(f"Image {order} has no alt text: describe it in the section text.")
        return {"src": f"#image-{order}"}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(keep_image))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NotAWordDocument("This is not a Word document (.docx) that can be read.") from error
    html = nh3.clean(
        result.value,
        tags=ALLOWED_TAGS,
        attributes={"img": {"src", "alt"}, "a": {"href"}},
        url_schemes={"http", "https", "mailto"},
    )
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    elements = [el for el in root if isinstance(el.tag, str)]
    starts = [
        i
        for i, el in enumerate(elements)
        if el.tag == "h1" or (el.tag in ("p", "h2") and _SECTION.match(_squash(el.text_content())))
    ]
    _masthead(doc, elements[: starts[0]] if starts else elements)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(elements)
        title = _squash(elements[start].text_content())
        section = _SECTION.match(title)
        doc.sections.append((section[2] if section else title, _section_body(elements[start + 1 : end])))
    return doc
