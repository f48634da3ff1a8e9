"""HTML → PDF with WeasyPrint: our fetcher only, PDF/UA-1 (tagged, title, language, XMP).

Every PDF we make from HTML goes through `html_to_pdf`; every PDF we hand out, merged packs
included, ends with `finish_pdf` (or `finish_document` on an open pikepdf.Pdf), which sets what
PDF/UA-1 asks of the document as a whole. tests/pdfua.py checks the result with two validators.
"""

import io
import logging

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader
from weasyprint import HTML

from meetings.packs.fetcher import BASE_URL, PackURLFetcher

logger = logging.getLogger(__name__)

# Bump when a pack template or the stamping changes, so that every cached PDF is rebuilt.
TEMPLATE_VERSION = "packs-8"

# PDF/UA-1: WeasyPrint tags the document (structure tree, /Alt on images, table headers linked
# to cells), embeds the fonts, writes PDF 1.7 with /Lang from <html lang>, /DisplayDocTitle, and
# XMP with dc:title (from <title>) and pdfuaid:part 1. What it leaves undone (margin boxes and
# decorative images as artifacts, header scopes) `html_to_pdf` does after it.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# The language of a document that declares none (BCP 47, as in <html lang>), and the title of
# HTML without a <title> (every template has one: this only keeps a slip from refusing a reader).
DEFAULT_LANG = "en-GB"
UNTITLED = "Untitled document"
# PDF/UA-1 is built on ISO 32000-1, PDF 1.7.
PDF_VERSION = "1.7"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


def render_html(template: str, context: dict) -> str:
    context = {"COUNCIL_NAME": settings.COUNCIL_NAME, "COUNCIL_ADDRESS": settings.COUNCIL_ADDRESS, **context}
    return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    """Render HTML with WeasyPrint as PDF/UA-1. Any URL other than our static/media files is refused.

    The HTML should carry `<html lang>` and a non-empty `<title>` (the print scaffold,
    templates/print/base.html, does). Without them a warning is logged and the PDF gets
    DEFAULT_LANG and the title UNTITLED, so a reader is never refused a document for it.
    """
    fetcher = PackURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    if not (document.metadata.title or "").strip():
        logger.warning("HTML rendered to PDF has no <title>; titled %r", UNTITLED)
        document.metadata.title = UNTITLED
    with pikepdf.open(io.BytesIO(document.write_pdf(**PDF_OPTIONS))) as pdf:
        margin_boxes_as_artifacts(pdf)
        finish_document(pdf)
        out = io.BytesIO()
        pdf.save(out, min_version=PDF_VERSION)
    return out.getvalue()


def margin_boxes_as_artifacts(pdf: pikepdf.Pdf) -> None:
    """Mark WeasyPrint's running headers and footers (CSS margin boxes) as pagination artifacts,
    and images with an empty `alt` as layout (decorative) artifacts.

    WeasyPrint (70) gives margin-box text marked-content ids whose structure elements it leaves
    out of the structure tree (in PDF 1.7 it has no way to put an artifact in the tree). So a page
    number or running "Report as at …" is neither real content a screen reader reaches nor an
    artifact. Here every marked-content sequence whose element is not reachable from the
    structure tree root becomes `/Artifact <</Type /Pagination>> BDC … EMC`, and its entry in the
    parent tree is emptied. Content that is in the tree is untouched.
    """
    tree = pdf.Root.get("/StructTreeRoot")
    parent_tree = tree.get("/ParentTree") if isinstance(tree, Dictionary) else None
    nums = parent_tree.get("/Nums") if isinstance(parent_tree, Dictionary) else None
    if not isinstance(nums, Array):
        return
    _detach_decorative_figures(tree)
    reachable = {element.objgen for element in _elements(tree) if element.is_indirect}
    pages = {int(page.obj.StructParents): page for page in pdf.pages if "/StructParents" in page.obj}
    for i in range(0, len(nums) - 1, 2):
        page, elements = pages.get(int(nums[i])), nums[i + 1]
        if page is None or not isinstance(elements, Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(elements)
            if isinstance(element, Dictionary) and element.is_indirect and element.objgen not in reachable
        }
        if not orphans:
            continue
        kinds = {mcid: Name.Layout if _role(elements[mcid]) == "/Figure" else Name.Pagination for mcid in orphans}
        _artifacts_in_page(pdf, page, kinds)
        for mcid in orphans:
            elements[mcid] = None


def _detach_decorative_figures(tree) -> None:
    """Take images written with an empty `alt` (decorative, in HTML's terms) out of the structure
    tree, so that `margin_boxes_as_artifacts` marks them as layout artifacts."""
    for element in _elements(tree):
        kids = element.get("/K") if isinstance(element, Dictionary) else None
        if isinstance(kids, Array):
            keep = [k for k in kids if not (_role(k) == "/Figure" and not str(k.get("/Alt", "")).strip())]
            if len(keep) != len(kids):
                element.K = Array(keep)


def _artifacts_in_page(pdf: pikepdf.Pdf, page, kinds: dict[int, Name]) -> None:
    """Turn the marked-content sequences with these ids into artifacts of the given /Type."""
    commands = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in kinds:
                operands = [Name.Artifact, Dictionary(Type=kinds[int(mcid)])]
        commands.append(pikepdf.ContentStreamInstruction(operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(commands))


def finish_pdf(data: bytes, *, title: str | None = None, lang: str | None = None) -> bytes:
    """Return `data` (a tagged PDF) with what PDF/UA-1 asks of the whole document; see `finish_document`.

    The one post-processing step for every PDF we serve: WeasyPrint's own output (`html_to_pdf`
    calls it) and a pack merged from several parts (call it last, on the merged bytes, with the
    pack's title). Idempotent: finishing a finished PDF changes nothing a reader sees.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_document(pdf, title=title, lang=lang)
        out = io.BytesIO()
        pdf.save(out, min_version=PDF_VERSION)
    return out.getvalue()


def finish_document(pdf: pikepdf.Pdf, *, title: str | None = None, lang: str | None = None) -> None:
    """Set, in place, what PDF/UA-1 asks of a document as a whole. Save with `min_version=PDF_VERSION`.

    - title: `title`, else the one the PDF already has (Info /Title or XMP dc:title, which
      WeasyPrint takes from `<title>`); written to Info /Title and XMP dc:title. ValueError if
      there is none: an untitled document cannot be PDF/UA.
    - language: `lang`, else the catalog's /Lang, else DEFAULT_LANG; written to catalog /Lang.
    - XMP metadata: dc:title and pdfuaid:part = 1 (other XMP entries are kept).
    - /ViewerPreferences /DisplayDocTitle true (other preferences kept), so viewers show the title
      rather than the file name.
    - /MarkInfo /Marked true, only when the document has a structure tree: an untagged document
      must not claim to be tagged (it is left to fail validation).
    - a table split across pages is one table again: WeasyPrint tags the rows carried over to
      the next page as a /Table of their own, with no header cells (UA-15-003); such a /Table
      directly after another is joined to it, so the headers of its first page head it.
    - table header cells (/TH) without a /Scope get one, as HTML's "auto" scope reads them: a
      header in a row that also holds data cells (/TD) is a row header, any other a column header
      (templates say the same with `<th scope="row">` / `<th scope="col">`). Uploaded PDFs' own
      scopes are kept.

    It does not tag content, embed fonts or mark running headers and stamps as artifacts: content
    must be made that way (WeasyPrint does for its output; stamps over merged pages must be drawn
    inside `/Artifact BMC … EMC`, with an embedded font).
    """
    root = pdf.Root
    lang = lang or (str(root.Lang) if "/Lang" in root and str(root.Lang) else DEFAULT_LANG)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        title = title or _existing_title(pdf, meta)
        if not title:
            raise ValueError("A PDF/UA document needs a title: give the HTML a <title>, or pass title=.")
        meta["dc:title"] = title
        meta[f"{{{PDFUAID}}}part"] = "1"
    pdf.docinfo[Name.Title] = title
    root.Lang = lang
    preferences = root.get("/ViewerPreferences")
    if not isinstance(preferences, Dictionary):
        preferences = root.ViewerPreferences = Dictionary()
    preferences.DisplayDocTitle = True
    if "/StructTreeRoot" in root:
        mark_info = root.get("/MarkInfo")
        if not isinstance(mark_info, Dictionary):
            mark_info = root.MarkInfo = Dictionary()
        mark_info.Marked = True
        _join_split_tables(root.StructTreeRoot)
        _scope_table_headers(root.StructTreeRoot)


def _existing_title(pdf: pikepdf.Pdf, meta) -> str:
    title = str(pdf.docinfo.get("/Title", "")).strip()
    return title or str(meta.get("dc:title", "") or "").strip()


def _role(element) -> str:
    return str(element.get("/S", "")) if isinstance(element, Dictionary) else ""


def _kids(element) -> list:
    kids = element.get("/K") if isinstance(element, Dictionary) else None
    if isinstance(kids, Array):
        return [k for k in kids if isinstance(k, Dictionary)]
    return [kids] if isinstance(kids, Dictionary) else []


def _has_scope(cell) -> bool:
    attributes = cell.get("/A")
    attributes = list(attributes) if isinstance(attributes, Array) else [attributes]
    return any(isinstance(a, Dictionary) and "/Scope" in a for a in attributes)


def _set_scope(cell, scope: Name) -> None:
    attributes = cell.get("/A")
    if isinstance(attributes, Dictionary) and attributes.get("/O") == Name.Table:
        attributes.Scope = scope
    elif isinstance(attributes, Array):
        attributes.append(Dictionary(O=Name.Table, Scope=scope))
    elif isinstance(attributes, Dictionary):
        cell.A = Array([attributes, Dictionary(O=Name.Table, Scope=scope)])
    else:
        cell.A = Dictionary(O=Name.Table, Scope=scope)


def _elements(tree_root):
    """Each element of a structure tree once, a parent before its kids; a parent's /K may be
    changed while it is visited (its kids are read after)."""
    stack, seen = [tree_root], set()
    while stack:
        element = stack.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        yield element
        stack.extend(_kids(element))


def _has_header_cell(element) -> bool:
    return any(_role(current) == "/TH" for current in _elements(element))


def _join_split_tables(tree_root) -> None:
    """Join each headerless /Table that directly follows another /Table (the same parent, next
    in /K) to it: its rows move under the first, whose header cells then head them."""
    for element in _elements(tree_root):
        kids = element.get("/K") if isinstance(element, Dictionary) else None
        if isinstance(kids, Array):
            kept = []
            for kid in kids:
                previous = kept[-1] if kept else None
                if (
                    _role(kid) == "/Table"
                    and _role(previous) == "/Table"
                    and _has_header_cell(previous)
                    and not _has_header_cell(kid)
                ):
                    rows = previous.get("/K")
                    if not isinstance(rows, Array):
                        rows = previous.K = Array([rows] if rows is not None else [])
                    for part in _kids(kid):
                        part.P = previous
                        rows.append(part)
                    continue
                kept.append(kid)
            if len(kept) != len(kids):
                element.K = Array(kept)


def _scope_table_headers(tree_root) -> None:
    for element in _elements(tree_root):
        if _role(element) == "/TR":
            cells = [k for k in _kids(element) if _role(k) in ("/TH", "/TD")]
            scope = Name.Row if any(_role(c) == "/TD" for c in cells) else Name.Column
            for cell in cells:
                if _role(cell) == "/TH" and not _has_scope(cell):
                    _set_scope(cell, scope)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
