"""Marks drawn onto finished pages with pikepdf: page numbers, "NOT FOR PUBLICATION", blank pages.

Every mark is a pagination artifact (``/Artifact <</Type /Pagination …>> BDC … EMC``), so it is
not read out as part of the document and a tagged page stays PDF/UA: the mark is not content
that has to be in the structure tree. Text is set in Liberation Sans (metric twins of Helvetica,
so the marks look as they always have), embedded as a small subset holding only the characters
the marks can use. The page's own content is wrapped in q … Q so its graphics state cannot leak
into the mark, and a white box behind the text makes it readable on top of any uploaded page.
Rotated pages (/Rotate 90, 180, 270) are handled so the mark sits at the bottom (or top) of the
page as it is displayed.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from django.core.exceptions import ImproperlyConfigured
from fontTools import subset
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

A4 = (595.28, 841.89)
BLANK_TEXT = "This page is intentionally left blank"
NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION"
EXEMPT_TEMPLATE = "{mark} \u2013 paragraph {paragraph} of Schedule 12A to the Local Government Act 1972"

# Every character a mark can print: the subset embedded in each PDF holds just these glyphs.
CHARACTERS = "".join(
    sorted(set("0123456789 " + BLANK_TEXT + EXEMPT_TEMPLATE.format(mark=NOT_FOR_PUBLICATION, paragraph="")))
)

FONT_FILES = {
    False: ("liberation/LiberationSans-Regular.ttf", "dejavu/DejaVuSans.ttf"),
    True: ("liberation/LiberationSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"),
}
FONT_DIRECTORIES = (Path("/usr/share/fonts/truetype"), Path("/usr/local/share/fonts"))

_FONT_REGULAR = Name("/ScrutinyStampR")
_FONT_BOLD = Name("/ScrutinyStampB")
_KEY = "/ScrutinyStampFonts"  # where a Pdf keeps the font dictionaries it already holds


def not_for_publication(paragraph: int | None = None) -> str:
    """'NOT FOR PUBLICATION – paragraph 3 of Schedule 12A to the Local Government Act 1972'."""
    if not paragraph:
        return NOT_FOR_PUBLICATION
    return EXEMPT_TEMPLATE.format(mark=NOT_FOR_PUBLICATION, paragraph=paragraph)


@dataclass(frozen=True)
class StampFont:
    """A subset TrueType font: its program, PDF name and metrics (widths per 1000 em)."""

    name: str
    program: bytes
    widths: dict[int, int]  # WinAnsi code -> advance width
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    bold: bool

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(code, 0) for code in encode(text)) * size / 1000


def encode(text: str) -> bytes:
    """The text in WinAnsiEncoding (Windows-1252: the en dash is 0x96)."""
    return text.encode("cp1252")


def _font_path(bold: bool) -> Path:
    for directory in FONT_DIRECTORIES:
        for name in FONT_FILES[bold]:
            if (directory / name).is_file():
                return directory / name
    raise ImproperlyConfigured(
        "No font for the page stamps: install fonts-liberation (or fonts-dejavu-core) so that "
        f"{FONT_FILES[bold][0]} is found under {FONT_DIRECTORIES[0]}."
    )


@functools.cache
def stamp_font(bold: bool) -> StampFont:
    """The subset font (built once per process)."""
    path = _font_path(bold)
    font = TTFont(str(path))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF", "kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARACTERS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {}
    for char in CHARACTERS:
        glyph = cmap[ord(char)]
        widths[encode(char)[0]] = round(hmtx[glyph][0] * scale)
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    postscript = font["name"].getDebugName(6) or path.stem
    return StampFont(
        name=f"SCRUTN+{postscript}",  # a subset's name carries a six-letter tag
        program=out.getvalue(),
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or round(hhea.ascent * scale),
        italic_angle=float(font["post"].italicAngle),
        bold=bold,
    )


def _font_object(pdf: pikepdf.Pdf, font: StampFont) -> pikepdf.Object:
    """The font as an indirect object of `pdf`, made once per Pdf and shared by every page."""
    cache = getattr(pdf, "_scrutiny_stamp_fonts", None)
    if cache is None:
        cache = {}
        pdf._scrutiny_stamp_fonts = cache
    if font.bold in cache:
        return cache[font.bold]
    program = pikepdf.Stream(pdf, font.program)
    program.Length1 = len(font.program)
    first, last = min(font.widths), max(font.widths)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + font.name),
        Flags=32,  # non-symbolic: the WinAnsi encoding maps each code to a Unicode character
        FontBBox=Array(list(font.bbox)),
        ItalicAngle=font.italic_angle,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=120 if font.bold else 80,
        FontFile2=program,
    )
    obj = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/" + font.name),
            Encoding=Name.WinAnsiEncoding,
            FirstChar=first,
            LastChar=last,
            Widths=Array([font.widths.get(code, 0) for code in range(first, last + 1)]),
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )
    cache[font.bold] = obj
    return obj


def _resources(page: pikepdf.Page) -> pikepdf.Dictionary:
    # A damaged upload may carry a null or non-dictionary /Resources or /Font: replace it, so
    # the stamp can always be drawn (such a page has no usable resources anyway).
    resources = page.obj.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        resources = Dictionary()
        page.obj.Resources = resources
    fonts = resources.get("/Font")
    if not isinstance(fonts, pikepdf.Dictionary):
        resources.Font = Dictionary()
    return resources


def _geometry(page: pikepdf.Page):
    """(matrix, visual width, visual height) for drawing upright on the displayed page."""
    box = page.cropbox
    x0, y0, x1, y1 = (float(v) for v in box)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    try:
        rotate = int(page.obj.get("/Rotate", 0)) % 360
    except (TypeError, ValueError):
        rotate = 0
    width, height = x1 - x0, y1 - y0
    if rotate == 90:
        return (0, 1, -1, 0, x1, y0), height, width
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1), width, height
    if rotate == 270:
        return (0, -1, 1, 0, x0, y1), height, width
    return (1, 0, 0, 1, x0, y0), width, height


def _string(data: bytes) -> str:
    return "(" + "".join(chr(b) if b not in b"()\\" else "\\" + chr(b) for b in data).replace("\x96", "\\226") + ")"


def _text_ops(text: str, *, size: float, bold: bool, centre_x: float, y: float, box: bool) -> str:
    font = stamp_font(bold)
    width = font.width(text, size)
    x = centre_x - width / 2
    ops = []
    if box:
        pad = 3
        ops.append(f"1 1 1 rg {x - pad:.2f} {y - pad:.2f} {width + 2 * pad:.2f} {size + 2 * pad - 2:.2f} re f")
    name = _FONT_BOLD if bold else _FONT_REGULAR
    ops.append(f"0 0 0 rg BT {name} {size:.2f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm {_string(encode(text))} Tj ET")
    return "\n".join(ops)


def _artifact(ops: list[str], subtype: str | None) -> str:
    """Marked content that assistive technology skips: a pagination artifact."""
    props = "/Type /Pagination" + (f" /Subtype /{subtype}" if subtype else "")
    return f"/Artifact <<{props}>> BDC\n" + "\n".join(ops) + "\nEMC"


def stamp(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    *,
    number: int | None = None,
    exempt: bool = False,
    centre_text: str | None = None,
    paragraph: int | None = None,
) -> None:
    """Draw a page number (bottom centre), a NOT FOR PUBLICATION mark (top) and/or centred text."""
    matrix, width, height = _geometry(page)
    resources = _resources(page)
    marks = []
    if number is not None:
        marks.append(
            _artifact([_text_ops(str(number), size=10, bold=False, centre_x=width / 2, y=18, box=True)], "Footer")
        )
    if exempt:
        text = not_for_publication(paragraph)
        bold = stamp_font(True)
        size = 12 if text == NOT_FOR_PUBLICATION else min(9.0, 12 * (width - 40) / max(bold.width(text, 12), 1))
        marks.append(
            _artifact([_text_ops(text, size=size, bold=True, centre_x=width / 2, y=height - 26, box=True)], "Header")
        )
    if centre_text:
        marks.append(
            _artifact([_text_ops(centre_text, size=12, bold=False, centre_x=width / 2, y=height / 2, box=False)], None)
        )
    if not marks:
        return
    resources.Font[_FONT_REGULAR] = _font_object(pdf, stamp_font(False))
    resources.Font[_FONT_BOLD] = _font_object(pdf, stamp_font(True))
    ops = "q {} {} {} {} {:.2f} {:.2f} cm\n".format(*matrix) + "\n".join(marks) + "\nQ\n"
    if "/Contents" in page.obj:
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + ops.encode("latin-1")), prepend=False)
    else:
        page.obj.Contents = pikepdf.Stream(pdf, ops.encode("latin-1"))


def add_blank_page(pdf: pikepdf.Pdf, size: tuple[float, float] = A4) -> pikepdf.Page:
    """Append a 'This page is intentionally left blank' page (used to start items on odd pages)."""
    page = pdf.add_blank_page(page_size=size)
    stamp(pdf, page, centre_text=BLANK_TEXT)
    return page
