"""The text version of an uploaded PDF paper: its words in reading order, page by page, with its
headings where the PDF has them (its bookmarks), for the paper's HTML page.

pypdf reads each page's text in content order (the order a tagged PDF's author wrote it in); a
line that is one of the PDF's bookmarks on that page becomes a heading at the bookmark's depth;
other lines are joined into paragraphs, a paragraph ending where a line ends a sentence or stops
well short of the page's usual line length.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass, field

from pypdf import PdfReader

logger = logging.getLogger(__name__)


@dataclass
class TextBlock:
    kind: str  # "heading" or "para"
    text: str
    level: int = 2


@dataclass
class TextPage:
    number: int
    blocks: list[TextBlock] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _bookmarks(reader: PdfReader) -> dict[int, list[tuple[str, int]]]:
    """Page index → [(normalised title, depth)] of the PDF's outline."""
    found: dict[int, list[tuple[str, int]]] = {}

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
                continue
            try:
                page = reader.get_destination_page_number(entry)
            except Exception:  # a bookmark to nowhere: skip it
                continue
            if page is not None and page >= 0:
                found.setdefault(page, []).append((_norm(str(entry.title)), depth))

    try:
        walk(reader.outline, 0)
    except Exception:
        logger.warning("Could not read a PDF's outline", exc_info=True)
    return found


def _paragraphs(lines: list[str]) -> list[str]:
    if not lines:
        return []
    typical = statistics.median(len(line) for line in lines)
    paras: list[list[str]] = [[]]
    for line in lines:
        paras[-1].append(line)
        if re.search(r"[.:;?!]$", line) or len(line) < 0.6 * typical:
            paras.append([])
    return [" ".join(p) for p in paras if p]


def text_version(handle, max_pages: int) -> list[TextPage]:
    """The pages of an open PDF file as headings and paragraphs; empty if it cannot be read."""
    reader = PdfReader(handle, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return []
    headings = _bookmarks(reader)
    pages: list[TextPage] = []
    for index, page in enumerate(reader.pages[:max_pages]):
        titles = dict(headings.get(index, []))
        out = TextPage(number=index + 1)
        pending: list[str] = []
        # Each page opens with its own "Page N" heading (level 2); a heading is at most one level
        # deeper than the one before it, so a section carried over from the previous page never
        # skips a level (4.5 under "Page 3" is an h3, not an h4).
        previous_level = 2
        for raw in (page.extract_text() or "").splitlines():
            line = re.sub(r"\s+", " ", raw).strip()
            if not line:
                continue
            depth = titles.get(_norm(line))
            if depth is not None:
                out.blocks += [TextBlock("para", p) for p in _paragraphs(pending)]
                pending = []
                level = min(2 + depth, previous_level + 1, 6)
                out.blocks.append(TextBlock("heading", line, level=level))
                previous_level = level
            else:
                pending.append(line)
        out.blocks += [TextBlock("para", p) for p in _paragraphs(pending)]
        pages.append(out)
    return pages
