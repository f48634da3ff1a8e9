"""The body of a report section, from the plain text officers write (or the Word import writes)
to blocks the templates print: numbered paragraphs to three levels, unnumbered paragraphs,
sub-headings, bulleted and numbered lists, tables and images, with bold and italic inside.

The text format (shown to officers in the admin's help text):

- paragraphs are separated by a blank line and numbered 1.1, 1.2 …;
- ``+ `` starts a sub-paragraph, numbered 1.2.1, 1.2.2 … under the paragraph before it;
- ``~ `` starts a paragraph that is not numbered;
- ``# `` starts an unnumbered sub-heading;
- lines starting ``- `` (or ``• ``) are a bulleted list, ``1. `` a numbered list;
- lines starting ``|`` are a table, cells separated by ``|``, the first row the headings;
- ``![alt text](2)`` on its own is image 2 of the report, described by its alt text;
- ``**bold**`` and ``*italic*`` inside any text; a backslash prints the next character as it is
  (``\\*`` is an asterisk).

No HTML is stored and none is built here: blocks carry runs of plain text with their emphasis,
and the templates escape and mark them up. A marker without its partner prints as the character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPABLE = "\\*_|#+~-!()[]•.0123456789"
_TOKEN = re.compile(r"\\(.)|(\*{1,3})", re.DOTALL)
_IMAGE = re.compile(r"^!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<ref>\d+)\)$")
_ORDERED = re.compile(r"^\d{1,3}[.)] ")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    kind: str  # "para", "heading", "list", "table" or "image"
    number: str = ""
    level: int = 2  # 2 for n.m, 3 for n.m.k; 0 for an unnumbered paragraph
    runs: list[Run] = field(default_factory=list)
    items: list[list[Run]] = field(default_factory=list)
    ordered: bool = False
    header: list[list[Run]] = field(default_factory=list)
    rows: list[list[list[Run]]] = field(default_factory=list)
    alt: str = ""
    image: object = None

    @property
    def text(self) -> str:
        return plain(self.runs)


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def runs(text: str) -> list[Run]:
    """Inline text as runs; ``*``/``**``/``***`` toggle italic/bold/both when they have a partner."""
    tokens: list[tuple[str, str]] = []  # ("text", s) or ("mark", "*"/"**"/"***")
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            tokens.append(("text", text[pos : m.start()]))
        if m.group(1) is not None:
            tokens.append(("text", m.group(1)))
        else:
            tokens.append(("mark", m.group(2)))
        pos = m.end()
    if pos < len(text):
        tokens.append(("text", text[pos:]))
    # A marker kind that occurs an odd number of times: its last occurrence is a literal character.
    for mark in ("*", "**", "***"):
        where = [i for i, (kind, value) in enumerate(tokens) if kind == "mark" and value == mark]
        if len(where) % 2:
            tokens[where[-1]] = ("text", mark)
    out: list[Run] = []
    bold = italic = False
    for kind, value in tokens:
        if kind == "mark":
            if value in ("**", "***"):
                bold = not bold
            if value in ("*", "***"):
                italic = not italic
            continue
        if out and out[-1].bold == bold and out[-1].italic == italic:
            out[-1] = Run(out[-1].text + value, bold, italic)
        elif value:
            out.append(Run(value, bold, italic))
    return out


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def _is_rule(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells)


def parse(body: str, section: int, images: dict[int, object] | None = None) -> list[Block]:
    """The blocks of a section numbered `section`; `images` maps an image's number to the image."""
    images = images or {}
    blocks: list[Block] = []
    para = sub = 0
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        while lines and lines[0].startswith("# "):
            blocks.append(Block(kind="heading", runs=runs(lines.pop(0)[2:].strip())))
        if not lines:
            continue
        first = lines[0]
        if all(line.startswith("|") for line in lines):
            table = [_cells(line) for line in lines]
            table = [row for row in table if not _is_rule(row)]
            blocks.append(
                Block(
                    kind="table", header=[runs(c) for c in table[0]], rows=[[runs(c) for c in row] for row in table[1:]]
                )
            )
            continue
        image = _IMAGE.match(first)
        if image and len(lines) == 1:
            alt = plain(runs(image["alt"]))
            blocks.append(Block(kind="image", alt=alt, image=images.get(int(image["ref"]))))
            continue
        text_lines, bullets, ordered = [], [], False
        for line in lines:
            if line.startswith(("- ", "• ")):
                bullets.append(line[2:].strip())
            elif _ORDERED.match(line):
                bullets.append(_ORDERED.sub("", line, count=1).strip())
                ordered = True
            elif bullets:
                bullets[-1] += " " + line  # a bullet that runs on to the next line
            else:
                text_lines.append(line)
        if text_lines:
            text = " ".join(text_lines)
            if text.startswith("+ "):
                para = para or 1
                sub += 1
                blocks.append(Block(kind="para", level=3, number=f"{section}.{para}.{sub}", runs=runs(text[2:])))
            elif text.startswith("~ "):
                blocks.append(Block(kind="para", level=0, runs=runs(text[2:])))
            else:
                para += 1
                sub = 0
                blocks.append(Block(kind="para", level=2, number=f"{section}.{para}", runs=runs(text)))
        if bullets:
            blocks.append(Block(kind="list", ordered=ordered, items=[runs(b) for b in bullets]))
    return blocks


def escape_inline(text: str) -> str:
    """Text that prints as it is inside a paragraph: the inline markers backslash-escaped."""
    return re.sub(r"([\\*|])", r"\\\1", text)


def escape_start(text: str) -> str:
    """A paragraph's text that must not be read as a block marker (``- ``, ``# ``, ``1. `` …)."""
    return re.sub(r"^([#+~\-•!]|\d{1,3}[.)] )", r"\\\1", text)


def paragraphs(text: str) -> list[list[Run]]:
    """Free text (a summary, recommendations) as paragraphs of runs: blank lines separate them."""
    chunks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return [runs(" ".join(line.strip() for line in chunk.split("\n"))) for chunk in chunks if chunk.strip()]


@dataclass(frozen=True)
class ImageSource:
    """Where the page and the PDF find a report image: the page inlines it (media is never served by
    URL, and the page's visibility then covers the image); the PDF renderer reads pack-assets/."""

    data_uri: str
    print_url: str


def image_sources(images) -> dict[int, ImageSource]:
    import base64
    import mimetypes

    sources = {}
    for image in images:
        name = image.image.name
        try:
            with image.image.open("rb") as handle:
                data = handle.read()
        except (FileNotFoundError, ValueError):
            continue
        kind = mimetypes.guess_type(name)[0] or "image/png"
        sources[image.order] = ImageSource(
            data_uri=f"data:{kind};base64,{base64.b64encode(data).decode()}",
            print_url="/media/" + name.removeprefix("pack-assets/"),
        )
    return sources
