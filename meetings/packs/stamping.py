"""Marks drawn onto finished pages with pypdf: page numbers, "NOT FOR PUBLICATION", blank pages.

Drawing goes straight into each page's content stream (the page's own content is wrapped in
q … Q so its graphics state cannot leak into the stamp), in the standard Helvetica fonts, with a
white box behind the text so it reads on top of any uploaded page. Rotated pages (/Rotate 90,
180, 270) are handled so the mark sits at the bottom (or top) of the page as it is displayed.
"""

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

A4 = (595.28, 841.89)
BLANK_TEXT = "This page is intentionally left blank"
NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION"

_FONT_REGULAR = "/ScrutinyHelv"
_FONT_BOLD = "/ScrutinyHelvB"

# Advance widths (per 1000 units) of the characters we draw; others count as 600.
_HELVETICA = {c: 556 for c in "0123456789"} | {
    " ": 278,
    "a": 556,
    "b": 556,
    "c": 500,
    "d": 556,
    "e": 556,
    "f": 278,
    "g": 556,
    "h": 556,
    "i": 222,
    "k": 500,
    "l": 222,
    "m": 833,
    "n": 556,
    "o": 556,
    "p": 556,
    "r": 333,
    "s": 500,
    "t": 278,
    "u": 556,
    "y": 500,
    "T": 611,
    "P": 667,
    "-": 333,
    ".": 278,
}
_HELVETICA_BOLD = {c: 556 for c in "0123456789"} | {
    " ": 278,
    "A": 722,
    "B": 722,
    "C": 722,
    "F": 611,
    "I": 278,
    "L": 611,
    "N": 722,
    "O": 778,
    "P": 667,
    "R": 722,
    "T": 611,
    "U": 722,
}


def _width(text: str, size: float, bold: bool) -> float:
    table = _HELVETICA_BOLD if bold else _HELVETICA
    return sum(table.get(c, 600) for c in text) * size / 1000


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return text.replace("\u2013", "\\226")  # the en dash, in WinAnsiEncoding


def not_for_publication(paragraph: int | None = None) -> str:
    """'NOT FOR PUBLICATION – paragraph 3 of Schedule 12A to the Local Government Act 1972'."""
    if not paragraph:
        return NOT_FOR_PUBLICATION
    return f"{NOT_FOR_PUBLICATION} \u2013 paragraph {paragraph} of Schedule 12A to the Local Government Act 1972"


def _font(base: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def _ensure_fonts(page: PageObject) -> None:
    # A damaged upload may carry a null or non-dictionary /Resources or /Font: replace it, so
    # the stamp can always be drawn (such a page has no usable resources anyway).
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    if not isinstance(fonts, DictionaryObject):
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    if _FONT_REGULAR not in fonts:
        fonts[NameObject(_FONT_REGULAR)] = _font("/Helvetica")
    if _FONT_BOLD not in fonts:
        fonts[NameObject(_FONT_BOLD)] = _font("/Helvetica-Bold")


def _geometry(page: PageObject):
    """(matrix, visual width, visual height) for drawing upright on the displayed page."""
    box = page.cropbox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    rotate = int(page.get("/Rotate", 0) or 0) % 360
    width, height = x1 - x0, y1 - y0
    if rotate == 90:
        return (0, 1, -1, 0, x1, y0), height, width
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1), width, height
    if rotate == 270:
        return (0, -1, 1, 0, x0, y1), height, width
    return (1, 0, 0, 1, x0, y0), width, height


def _text_ops(text: str, *, size: float, bold: bool, centre_x: float, y: float, box: bool) -> str:
    width = _width(text, size, bold)
    x = centre_x - width / 2
    ops = []
    if box:
        pad = 3
        ops.append(f"1 1 1 rg {x - pad:.2f} {y - pad:.2f} {width + 2 * pad:.2f} {size + 2 * pad - 2:.2f} re f")
    font = _FONT_BOLD if bold else _FONT_REGULAR
    ops.append(f"0 0 0 rg BT {font} {size} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ({_escape(text)}) Tj ET")
    return "\n".join(ops)


def _append(writer: PdfWriter, page: PageObject, ops: str) -> None:
    _ensure_fonts(page)
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(("\nQ\n" + ops + "\n").encode("latin-1"))
    existing = page.get("/Contents")
    streams = ArrayObject([writer._add_object(before)])
    if existing is not None:
        existing_obj = existing.get_object()
        if isinstance(existing_obj, ArrayObject):
            streams.extend(existing_obj)
        else:
            streams.append(existing if hasattr(existing, "idnum") else writer._add_object(existing_obj))
    streams.append(writer._add_object(after))
    page[NameObject("/Contents")] = streams


def stamp(
    writer: PdfWriter,
    page: PageObject,
    *,
    number: int | None = None,
    exempt: bool = False,
    centre_text: str | None = None,
    paragraph: int | None = None,
) -> None:
    """Draw a page number (bottom centre), a NOT FOR PUBLICATION mark (top) and/or centred text."""
    matrix, width, height = _geometry(page)
    ops = ["q {} {} {} {} {:.2f} {:.2f} cm".format(*matrix)]
    if number is not None:
        ops.append(_text_ops(str(number), size=10, bold=False, centre_x=width / 2, y=18, box=True))
    if exempt:
        text = not_for_publication(paragraph)
        size = 12 if text == NOT_FOR_PUBLICATION else min(9.0, 12 * (width - 40) / max(_width(text, 12, True), 1))
        ops.append(_text_ops(text, size=size, bold=True, centre_x=width / 2, y=height - 26, box=True))
    if centre_text:
        ops.append(_text_ops(centre_text, size=12, bold=False, centre_x=width / 2, y=height / 2, box=False))
    ops.append("Q")
    _append(writer, page, "\n".join(ops))


def add_blank_page(writer: PdfWriter, size: tuple[float, float] = A4) -> PageObject:
    """Append a 'This page is intentionally left blank' page (used to start items on odd pages)."""
    page = writer.add_blank_page(width=size[0], height=size[1])
    stamp(writer, page, centre_text=BLANK_TEXT)
    return page
