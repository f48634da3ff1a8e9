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
MAX_TEXT = 20_000  # any other cell (wording, activity, outcome, progress)
MAX_SECTION_TITLE = 400

# Limits on what an import reads: a file beyond them is refused before it is parsed, and reading
# stops at them, so a small file claiming a huge sheet (one cell at XFD1048576) costs nothing.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_XLSX_UNCOMPRESSED = 250 * 1024 * 1024  # all the parts of an .xlsx, unzipped (zip bombs)


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
    formula_columns: set[int] = field(default_factory=set)  # .xlsx cells holding a formula with no saved value


# Formula injection (OWASP "CSV injection"): a cell that starts with one of these characters
# may be run as a formula by a spreadsheet program. Exports prefix such a cell with a single
# quote; so that an import gives back exactly what was exported, a cell made of quotes followed by
# one of them is quoted once more, and the importer takes one quote off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED_TRIGGER = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """The cell as exported: prefixed with ' when a spreadsheet could read it as a formula."""
    if text and (text.startswith(FORMULA_TRIGGERS) or _QUOTED_TRIGGER.match(text)):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """The cell as written before :func:`neutralise` (one added quote taken off)."""
    return text[1:] if _QUOTED_TRIGGER.match(text) else text


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
    return unneutralise(str(value).replace("\r\n", "\n").strip())


def _too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        [
            Problem(
                MAX_ROWS + 1,
                "",
                f"The sheet has more than {MAX_ROWS:,} rows, the most an "
                "import may have. Split the plan or remove empty rows.",
            )
        ]
    )


def _too_many_columns(row: int) -> SpreadsheetError:
    return SpreadsheetError(
        [
            Problem(
                row,
                "",
                f"The sheet has more than {MAX_COLUMNS} columns, the most an import "
                "may have. Delete the columns after the plan's.",
            )
        ]
    )


def _read_csv(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for i, cells in enumerate(reader, start=1):
            if i > MAX_ROWS:
                raise _too_many_rows()
            if len(cells) > MAX_COLUMNS:
                if any(c.strip() for c in cells[MAX_COLUMNS:]):
                    raise _too_many_columns(i)
                cells = cells[:MAX_COLUMNS]
            rows.append(Row(number=i, cells=[_cell_text(c) for c in cells]))
    except csv.Error as exc:
        raise SpreadsheetError([Problem(reader.line_num, "", f"This is not a readable CSV file ({exc}).")]) from exc
    return rows


def _is_shaded(cell) -> bool:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return False
    colour = fill.fgColor
    rgb = colour.rgb if colour is not None and colour.type == "rgb" else None
    return not (isinstance(rgb, str) and rgb.upper().endswith("FFFFFF"))


def _open_sheet(data: bytes, *, data_only: bool):
    """The first sheet, opened read-only (streamed), after checking its claimed size."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    sheet = book.worksheets[0]
    if (sheet.max_row or 0) > MAX_ROWS:
        book.close()
        raise _too_many_rows()
    if (sheet.max_column or 0) > MAX_COLUMNS:
        book.close()
        raise _too_many_columns(1)
    return book, sheet


def _check_zip(data: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
            limit = MAX_XLSX_UNCOMPRESSED // (1024 * 1024)
            raise SpreadsheetError(
                [Problem(1, "", f"The .xlsx file unpacks to more than {limit} MB; it cannot be imported.")]
            )


def _read_xlsx(data: bytes) -> list[Row]:
    _check_zip(data)
    book, sheet = _open_sheet(data, data_only=True)
    rows = []
    try:
        # Bounded even if the sheet does not say how big it is (or says it wrongly).
        for i, cells in enumerate(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS), start=1):
            if i > MAX_ROWS:
                raise _too_many_rows()
            row = Row(number=i, cells=[_cell_text(c.value) for c in cells])
            row.shaded_cells = cells  # type: ignore[attr-defined]
            rows.append(row)
    finally:
        book.close()
    # Formulas whose value Excel never saved read as blank: find them to refuse them.
    book, sheet = _open_sheet(data, data_only=False)
    try:
        for i, cells in enumerate(sheet.iter_rows(max_row=min(len(rows), MAX_ROWS), max_col=MAX_COLUMNS), start=1):
            for col, cell in enumerate(cells):
                values = rows[i - 1].cells
                if getattr(cell, "data_type", None) == "f" and (col >= len(values) or values[col] == ""):
                    rows[i - 1].formula_columns.add(col)
    finally:
        book.close()
    return rows


def read_rows(data: bytes, filename: str) -> list[Row]:
    if len(data) > MAX_IMPORT_BYTES:
        raise SpreadsheetError(
            [
                Problem(
                    1, "", f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, the most an import may be."
                )
            ]
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        try:
            return _read_xlsx(data)
        except SpreadsheetError:
            raise
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


def _cell_problems(row: Row, positions: list[int], cells: list[str]) -> list[Problem]:
    """Values no plan may hold: longer than their field, a NUL byte, a formula with no value."""
    found = []
    for col, value in enumerate(cells):
        limit = MAX_LENGTHS.get(col, MAX_SECTION_TITLE if col == C_IDENTIFIED and not any(cells[1:]) else MAX_TEXT)
        if len(value) > limit:
            found.append(Problem(row.number, HEADERS[col], f"Longer than {limit:,} characters."))
        if "\x00" in value:
            found.append(Problem(row.number, HEADERS[col], "Holds a NUL character (\\x00); remove it."))
        if positions[col] in row.formula_columns:
            found.append(
                Problem(
                    row.number,
                    HEADERS[col],
                    "A formula whose value was never saved: open the "
                    "file in Excel, save it and upload it again, or paste the values.",
                )
            )
    return found


def _find_header(rows: list[Row]) -> tuple[list[int], int]:
    """The header's column positions and the index of the first row below it."""
    for index, row in enumerate(rows):
        positions = _header_map(row.cells)
        if positions is not None:
            missing = [HEADERS[i] for i, p in enumerate(positions) if p < 0]
            if missing:
                raise SpreadsheetError(
                    [Problem(row.number, m, "This column is missing from the header row.") for m in missing]
                )
            return positions, index + 1
    raise SpreadsheetError(
        [Problem(1, "", "No header row found: it must name the columns " + ", ".join(HEADERS) + ".")]
    )


class _PlanParser:
    """Reads the rows below the header into sections, recommendations and actions, collecting
    every problem (with its row and column) rather than stopping at the first."""

    def __init__(self, positions: list[int]):
        self.positions = positions
        self.problems: list[Problem] = []
        self.sections: list[ParsedSection] = []
        self.rec: ParsedRecommendation | None = None
        self.numbers_seen: dict[str, int] = {}

    def problem(self, row: int, column: int, message: str) -> None:
        self.problems.append(Problem(row, HEADERS[column], message))

    def row(self, row: Row) -> None:
        cells = [row.cells[p] if p < len(row.cells) else "" for p in self.positions]
        if not any(cells) and not any(p in row.formula_columns for p in self.positions):
            return
        if _header_map(row.cells) is not None:
            return  # the header repeated mid-file (e.g. at a page break)
        self.problems.extend(_cell_problems(row, self.positions, cells))
        if cells[C_IDENTIFIED] and not any(cells[1:]):
            self.finish_recommendation()
            self.sections.append(ParsedSection(row=row.number, title=cells[C_IDENTIFIED]))
            return
        if cells[C_IDENTIFIED]:
            self.start_recommendation(row, cells[C_IDENTIFIED])
        elif self.rec is None:
            self.problem(
                row.number,
                C_IDENTIFIED,
                "This row has actions but no recommendation above it: fill in “Identified by”.",
            )
            return
        if cells[C_WORDING]:
            self.rec.wording_parts.append(cells[C_WORDING])
        if cells[C_RATING]:
            self.rating(row, cells[C_RATING])
        if any(cells[c] for c in ACTION_COLUMNS):
            self.action(row, cells)

    def start_recommendation(self, row: Row, identified_by: str) -> None:
        self.finish_recommendation()
        if not self.sections:
            self.sections.append(ParsedSection(row=None, title=""))
        match = CODE.match(identified_by)
        if match:
            code, category, derived = match[1], match[2].strip(), False
        else:
            code, category, derived = "", identified_by, True
        if len(code) > 20 or len(category) > 200:
            self.problem(row.number, C_IDENTIFIED, "Too long for a code and category.")
        self.rec = ParsedRecommendation(row=row.number, code=code, code_derived=derived, category=category)
        self.sections[-1].recommendations.append(self.rec)

    def finish_recommendation(self) -> None:
        """A recommendation without a code takes it from its first action's number (A1.1 → A1)."""
        rec, self.rec = self.rec, None
        if rec is None or rec.code:
            return
        first = next((a.number for a in rec.actions if a.number), "")
        match = PREFIX.match(first)
        if first and match:
            rec.code = match[1]
        else:
            self.problem(
                rec.row,
                C_IDENTIFIED,
                "No code (such as A1) before the category, and no Activity Number to take one from.",
            )

    def rating(self, row: Row, text: str) -> None:
        rec = self.rec
        rating = parse_rag(text)
        if rating is None:
            self.problem(row.number, C_RATING, f"“{text}” is not a RAG rating ({RAG_HELP}).")
        elif rec.rating_row is not None and rating != rec.rating:
            self.problem(
                row.number,
                C_RATING,
                f"A second, different RAG Rating for {rec.code or 'this recommendation'} "
                f"(row {rec.rating_row} says {rec.rating.label}).",
            )
        else:
            rec.rating, rec.rating_row = rating, row.number

    def action(self, row: Row, cells: list[str]) -> None:
        number = cells[C_NUMBER]
        improvement_notice = bool(IN_MARKER.search(number))
        number = IN_MARKER.sub("", number).strip()
        shaded_cells = getattr(row, "shaded_cells", None)
        if shaded_cells is not None and self.positions[C_NUMBER] < len(shaded_cells):
            shaded = _is_shaded(shaded_cells[self.positions[C_NUMBER]])
            improvement_notice = improvement_notice or (bool(number) and shaded)
        if not number and not cells[C_ACTIVITY]:
            self.problem(row.number, C_NUMBER, "An action needs an Activity Number or the Activity required.")
        if number in self.numbers_seen:
            self.problem(
                row.number, C_NUMBER, f"Activity Number {number} is already used on row {self.numbers_seen[number]}."
            )
        elif number:
            self.numbers_seen[number] = row.number
        rag = parse_rag(cells[C_ACTION_RAG])
        if rag is None:
            self.problem(row.number, C_ACTION_RAG, f"“{cells[C_ACTION_RAG]}” is not a RAG rating ({RAG_HELP}).")
            rag = Rag.NOT_RATED
        self.rec.actions.append(
            ParsedAction(
                row=row.number,
                number=number,
                activity=cells[C_ACTIVITY],
                outcome=cells[C_OUTCOME],
                timeline=cells[C_TIMELINE],
                lead=cells[C_LEAD],
                progress=cells[C_PROGRESS],
                rag=rag,
                improvement_notice=improvement_notice,
            )
        )

    def check_codes(self) -> None:
        codes_seen: dict[str, int] = {}
        for rec in (r for s in self.sections for r in s.recommendations if r.code):
            if rec.code in codes_seen:  # e.g. "Identified by" repeated on every row of a block
                self.problem(
                    rec.row,
                    C_IDENTIFIED,
                    f"Recommendation {rec.code} is already used on row {codes_seen[rec.code]}; "
                    "leave “Identified by” blank on the rows of further actions.",
                )
            else:
                codes_seen[rec.code] = rec.row


def parse_rows(rows: list[Row]) -> ParsedPlan:
    """The plan in the rows, or SpreadsheetError listing every problem by row and column."""
    positions, start = _find_header(rows)
    parser = _PlanParser(positions)
    for row in rows[start:]:
        parser.row(row)
    parser.finish_recommendation()
    parser.check_codes()
    if not parser.problems and not any(s.recommendations for s in parser.sections):
        parser.problem(rows[start - 1].number + 1, C_IDENTIFIED, "No recommendations found below the header row.")
    if parser.problems:
        parser.problems.sort(key=lambda p: p.row)
        raise SpreadsheetError(parser.problems)
    return ParsedPlan(sections=parser.sections)


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
                    number,
                    action.activity,
                    action.outcome,
                    action.timeline,
                    action.lead,
                    action.progress,
                    Rag(action.rag).label if action.rag else "",
                ]
                out.append(("action", cells, action.improvement_notice))
    return out


def export_csv(plan) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for _, cells, _ in plan_rows(plan):
        writer.writerow([neutralise(c) for c in cells])
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
        sheet.append([neutralise(c) for c in cells])
        row = sheet[sheet.max_row]
        if kind == "section":
            row[0].font = Font(bold=True)
        if notice:
            for cell in row[C_NUMBER:C_RATING]:
                cell.fill = shade
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"
    for letter, width in zip("ABCDEFGHIJ", (28, 50, 12, 50, 40, 18, 25, 50, 10, 10), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
