"""Reading and writing an officer's action plan spreadsheet (.csv or .xlsx).

Layout (see README, "Action plans"):

- one header row with the columns in HEADERS (rows above it, e.g. a title, are ignored; the
  header may repeat further down and is skipped);
- a section (theme) row has text in the first column only;
- a recommendation starts on a row whose "Identified by" is filled: "A1 Priority & Immediate
  Action" is code A1 and category "Priority & Immediate Action"; without a code ("Governance
  Leadership and Management") the code is the prefix of its first activity number (LMG.1 → LMG);
- the rows below it with a blank "Identified by" are more actions of that recommendation; its
  wording may continue on them (joined) and its RAG Rating may sit on any of them (merged cell);
- an action is an Improvement Notice action when its Activity Number ends in "(IN)" or, in
  .xlsx, its Activity Number cell is shaded;
- RAG cells hold R, A, G, B or Red, Amber, Green, Grey, Blue, Complete; blank is not rated.

Parsing never touches the database: it returns a ParsedPlan or raises SpreadsheetError listing
every problem with its row number and column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .models import Rag
from .rag import RAG_HELP, parse_rag
from .timeline import format_date_cell

HEADERS = [
    "Identified by",
    "Inspection Recommendation",
    "Activity Number",
    "Activity required",
    "Desired outcome",
    "Timeline",
    "Lead Accountability",
    "Progress Update",
    "Action RAG",
    "RAG Rating",
]
(
    C_IDENTIFIED,
    C_WORDING,
    C_NUMBER,
    C_ACTIVITY,
    C_OUTCOME,
    C_TIMELINE,
    C_LEAD,
    C_PROGRESS,
    C_ACTION_RAG,
    C_RATING,
) = range(len(HEADERS))
ACTION_COLUMNS = (C_NUMBER, C_ACTIVITY, C_OUTCOME, C_TIMELINE, C_LEAD, C_PROGRESS, C_ACTION_RAG)

IN_MARKER = re.compile(r"\s*\((?:IN|improvement notice)\)\s*$", re.IGNORECASE)
CODE = re.compile(r"^([A-Z]{1,5}\d+[a-z]?)(?:\s+|\s*[.:–-]\s*|$)(.*)$", re.DOTALL)
PREFIX = re.compile(r"^([A-Za-z0-9]+?)(?:\.|$)")

MAX_LENGTHS = {C_NUMBER: 30, C_TIMELINE: 200, C_LEAD: 300}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


class SpreadsheetError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ParsedAction:
    row: int
    number: str
    activity: str
    outcome: str
    timeline: str
    lead: str
    progress: str
    rag: Rag
    improvement_notice: bool


@dataclass
class ParsedRecommendation:
    row: int
    code: str
    code_derived: bool
    category: str
    wording_parts: list[str] = field(default_factory=list)
    rating: Rag = Rag.NOT_RATED
    rating_row: int | None = None
    actions: list[ParsedAction] = field(default_factory=list)

    @property
    def wording(self) -> str:
        return " ".join(self.wording_parts)


@dataclass
class ParsedSection:
    row: int | None
    title: str
    recommendations: list[ParsedRecommendation] = field(default_factory=list)


@dataclass
class ParsedPlan:
    sections: list[ParsedSection]

    @property
    def recommendations(self) -> list[ParsedRecommendation]:
        return [r for s in self.sections for r in s.recommendations]

    @property
    def actions(self) -> list[ParsedAction]:
        return [a for r in self.recommendations for a in r.actions]


@dataclass
class Row:
    number: int
    cells: list[str]
    shaded_number: bool = False


# Reading ---------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return format_date_cell(value.date())
    if isinstance(value, datetime.date):
        return format_date_cell(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _read_csv(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return [
        Row(number=i, cells=[_cell_text(c) for c in cells])
        for i, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    ]


def _is_shaded(cell) -> bool:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return False
    colour = fill.fgColor
    rgb = colour.rgb if colour is not None and colour.type == "rgb" else None
    return not (isinstance(rgb, str) and rgb.upper().endswith("FFFFFF"))


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    sheet = book.worksheets[0]
    rows = []
    for i, cells in enumerate(sheet.iter_rows(), start=1):
        rows.append(Row(number=i, cells=[_cell_text(c.value) for c in cells]))
        rows[-1].shaded_cells = cells  # type: ignore[attr-defined]
    book.close()
    return rows


def read_rows(data: bytes, filename: str) -> list[Row]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        try:
            return _read_xlsx(data)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
            raise SpreadsheetError([Problem(1, "", f"This is not a readable .xlsx file ({exc}).")]) from exc
    raise SpreadsheetError([Problem(1, "", f"“{filename}” is not a .csv or .xlsx file.")])


# Parsing ---------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


_HEADER_KEYS = [_norm(h) for h in HEADERS]


def _header_map(cells: list[str]) -> list[int] | None:
    """Positions of HEADERS in a row, or None if the row is not the header."""
    keys = [_norm(c) for c in cells]
    if _HEADER_KEYS[0] not in keys[:3]:
        return None
    positions = []
    for key in _HEADER_KEYS:
        if key not in keys:
            return [-1 if k not in keys else keys.index(k) for k in _HEADER_KEYS]
        positions.append(keys.index(key))
    return positions


def parse_rows(rows: list[Row]) -> ParsedPlan:
    problems: list[Problem] = []
    positions = None
    start = 0
    for index, row in enumerate(rows):
        positions = _header_map(row.cells)
        if positions is not None:
            start = index + 1
            break
    if positions is None:
        raise SpreadsheetError([Problem(1, "", "No header row found: it must name the columns " + ", ".join(HEADERS) + ".")])
    missing = [HEADERS[i] for i, p in enumerate(positions) if p < 0]
    if missing:
        header_row = rows[start - 1].number
        raise SpreadsheetError([Problem(header_row, m, "This column is missing from the header row.") for m in missing])

    sections: list[ParsedSection] = []
    current_rec: ParsedRecommendation | None = None
    numbers_seen: dict[str, int] = {}

    def finish(rec: ParsedRecommendation | None) -> None:
        if rec is None or rec.code:
            return
        first = next((a.number for a in rec.actions if a.number), "")
        match = PREFIX.match(first)
        if first and match:
            rec.code = match[1]
        else:
            problems.append(Problem(rec.row, HEADERS[C_IDENTIFIED],
                                    "No code (such as A1) before the category, and no Activity Number to take one from."))

    for row in rows[start:]:
        cells = [row.cells[p] if p < len(row.cells) else "" for p in positions]
        if not any(cells):
            continue
        if _header_map(row.cells) is not None:
            continue  # the header repeated mid-file (e.g. at a page break)
        for col, limit in MAX_LENGTHS.items():
            if len(cells[col]) > limit:
                problems.append(Problem(row.number, HEADERS[col], f"Longer than {limit} characters."))

        if cells[C_IDENTIFIED] and not any(cells[1:]):
            finish(current_rec)
            current_rec = None
            sections.append(ParsedSection(row=row.number, title=cells[C_IDENTIFIED]))
            continue

        if cells[C_IDENTIFIED]:
            finish(current_rec)
            if not sections:
                sections.append(ParsedSection(row=None, title=""))
            match = CODE.match(cells[C_IDENTIFIED])
            if match:
                code, category, derived = match[1], match[2].strip(), False
            else:
                code, category, derived = "", cells[C_IDENTIFIED], True
            if len(code) > 20 or len(category) > 200:
                problems.append(Problem(row.number, HEADERS[C_IDENTIFIED], "Too long for a code and category."))
            current_rec = ParsedRecommendation(row=row.number, code=code, code_derived=derived, category=category)
            sections[-1].recommendations.append(current_rec)
        elif current_rec is None:
            problems.append(Problem(row.number, HEADERS[C_IDENTIFIED],
                                    "This row has actions but no recommendation above it: fill in “Identified by”."))
            continue

        if cells[C_WORDING]:
            current_rec.wording_parts.append(cells[C_WORDING])
        if cells[C_RATING]:
            rating = parse_rag(cells[C_RATING])
            if rating is None:
                problems.append(Problem(row.number, HEADERS[C_RATING], f"“{cells[C_RATING]}” is not a RAG rating ({RAG_HELP})."))
            elif current_rec.rating_row is not None and rating != current_rec.rating:
                problems.append(Problem(row.number, HEADERS[C_RATING],
                                        f"A second, different RAG Rating for {current_rec.code or 'this recommendation'} "
                                        f"(row {current_rec.rating_row} says {current_rec.rating.label})."))
            else:
                current_rec.rating, current_rec.rating_row = rating, row.number

        if not any(cells[c] for c in ACTION_COLUMNS):
            continue
        number = cells[C_NUMBER]
        improvement_notice = bool(IN_MARKER.search(number))
        number = IN_MARKER.sub("", number).strip()
        shaded_cells = getattr(row, "shaded_cells", None)
        if shaded_cells is not None and positions[C_NUMBER] < len(shaded_cells):
            improvement_notice = improvement_notice or (bool(number) and _is_shaded(shaded_cells[positions[C_NUMBER]]))
        if not number and not cells[C_ACTIVITY]:
            problems.append(Problem(row.number, HEADERS[C_NUMBER], "An action needs an Activity Number or the Activity required."))
        if number:
            if number in numbers_seen:
                problems.append(Problem(row.number, HEADERS[C_NUMBER],
                                        f"Activity Number {number} is already used on row {numbers_seen[number]}."))
            else:
                numbers_seen[number] = row.number
        rag = parse_rag(cells[C_ACTION_RAG])
        if rag is None:
            problems.append(Problem(row.number, HEADERS[C_ACTION_RAG], f"“{cells[C_ACTION_RAG]}” is not a RAG rating ({RAG_HELP})."))
            rag = Rag.NOT_RATED
        current_rec.actions.append(ParsedAction(
            row=row.number, number=number, activity=cells[C_ACTIVITY], outcome=cells[C_OUTCOME],
            timeline=cells[C_TIMELINE], lead=cells[C_LEAD], progress=cells[C_PROGRESS], rag=rag,
            improvement_notice=improvement_notice,
        ))
    finish(current_rec)
    codes_seen: dict[str, int] = {}
    for rec in (r for s in sections for r in s.recommendations if r.code):
        if rec.code in codes_seen:  # e.g. "Identified by" repeated on every row of a block
            problems.append(Problem(rec.row, HEADERS[C_IDENTIFIED],
                                    f"Recommendation {rec.code} is already used on row {codes_seen[rec.code]}; "
                                    "leave “Identified by” blank on the rows of further actions."))
        else:
            codes_seen[rec.code] = rec.row
    if not problems and not any(s.recommendations for s in sections):
        problems.append(Problem(rows[start - 1].number + 1, HEADERS[C_IDENTIFIED], "No recommendations found below the header row."))
    if problems:
        problems.sort(key=lambda p: p.row)
        raise SpreadsheetError(problems)
    return ParsedPlan(sections=sections)


def parse_file(data: bytes, filename: str) -> ParsedPlan:
    return parse_rows(read_rows(data, filename))


# Writing ---------------------------------------------------------------------------------


def plan_rows(plan) -> list[tuple[str, list[str], bool]]:
    """("section"|"recommendation"|"action", cells, improvement_notice) for each row of a plan."""
    from .models import Action, Section

    sections = Section.objects.filter(plan=plan).prefetch_related("recommendations__actions").order_by("order", "id")
    out: list[tuple[str, list[str], bool]] = []
    for section in sections:
        if section.title:
            out.append(("section", [section.title] + [""] * (len(HEADERS) - 1), False))
        for rec in sorted(section.recommendations.all(), key=lambda r: (r.order, r.id)):
            actions: list[Action] = sorted(rec.actions.all(), key=lambda a: (a.order, a.id))
            first = [rec.identified_by, rec.wording] + [""] * 7 + [Rag(rec.rating).label if rec.rating else ""]
            if not actions:
                out.append(("recommendation", first, False))
            for i, action in enumerate(actions):
                cells = first if i == 0 else [""] * len(HEADERS)
                number = action.number + (" (IN)" if action.improvement_notice else "")
                cells[C_NUMBER:C_RATING] = [
                    number, action.activity, action.outcome, action.timeline, action.lead,
                    action.progress, Rag(action.rag).label if action.rag else "",
                ]
                out.append(("action", cells, action.improvement_notice))
    return out


def export_csv(plan) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for _, cells, _ in plan_rows(plan):
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    shade = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
    for kind, cells, notice in plan_rows(plan):
        sheet.append(cells)
        row = sheet[sheet.max_row]
        if kind == "section":
            row[0].font = Font(bold=True)
        if notice:
            for cell in row[C_NUMBER:C_RATING]:
                cell.fill = shade
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"
    for letter, width in zip("ABCDEFGHIJ", (28, 50, 12, 50, 40, 18, 25, 50, 10, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
