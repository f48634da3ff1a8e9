"""Import Ofsted's management-information CSV files (state-funded schools, early years).

A row may carry several inspections, each in its own group of columns (a *slot*; see
``ofsted_layout``); older and hand-made files have one inspection per row, in the graded
slot's columns. Columns are found by header name (any order; other columns are ignored).

The import parses every row first, writing nothing; only a file without problems is stored,
in one transaction: providers through ``services.provider_upsert`` (by URN), inspections
through ``services.inspection_record`` (by URN and start date). Every problem is reported with
its row and column, and then nothing is stored.
"""

import csv
import dataclasses
import datetime
import io
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Framework, Inspection, Provider
from .ofsted_layout import (
    CATEGORIES,
    CLAIM_ORDER,
    DATE_FORMATS,
    GRADED,
    INSPECTION_TYPES,
    NO,
    NO_VALUE,
    OUTCOME_PREFIXES,
    PHASES,
    PROVIDER_COLUMNS,
    PROVIDER_FIELD_COLUMNS,
    PROVIDER_TYPES,
    REDACTED,
    SAFEGUARDING,
    SLOTS,
    UNGRADED,
    YES,
    Slot,
)


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", (header or "").replace("\ufeff", "")).strip().casefold()


def is_blank(text: str) -> bool:
    return text.strip().casefold() in NO_VALUE


@dataclasses.dataclass
class ImportResult:
    providers_created: int = 0
    providers_updated: int = 0
    inspections_created: int = 0
    inspections_updated: int = 0
    inspections_unchanged: int = 0
    rows: int = 0

    @property
    def summary(self) -> str:
        """Always exactly `Imported: X providers created, Y updated, Z inspections created, W unchanged`.

        Y counts providers updated: their own details or their inspection history (an existing
        inspection re-graded or re-dated) changed. W counts inspections already up to date.
        """
        return (
            f"Imported: {self.providers_created} providers created, {self.providers_updated} updated, "
            f"{self.inspections_created} inspections created, {self.inspections_unchanged} unchanged"
        )


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class _DryRunRollback(Exception):
    pass


def _decode(raw: bytes) -> str:
    if raw[:4] == b"PK\x03\x04":
        raise ImportFailed(["Row 1: this is a spreadsheet workbook, not a CSV file. Save it as CSV and import that."])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(["Row 1: the file is not text in UTF-8 or Windows-1252. Save it as CSV and import that."])


def read_csv(raw: bytes) -> tuple[list[str], list[list[str]], int]:
    """Decode a CSV file and find its header row (Ofsted's files may have title lines above it).

    Returns the header, the data rows and the spreadsheet row number of the header.
    """
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportFailed([f"Row {reader.line_num}: the file cannot be read as CSV ({exc})."]) from None
    urn_headers = {normalise(h) for h in PROVIDER_COLUMNS["urn"]}
    for index, row in enumerate(rows[:20]):
        if any(normalise(cell) in urn_headers for cell in row):
            return row, rows[index + 1 :], index + 1
    raise ImportFailed(
        [
            "Row 1: no header row found. The file needs a URN column headed one of: "
            + ", ".join(PROVIDER_COLUMNS["urn"])
            + "."
        ]
    )


def _choose(text: str, table) -> str | None:
    lowered = text.casefold()
    for needle, value in table:
        if needle in lowered:
            return value
    return None


def _date(text: str) -> datetime.date:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (use DD/MM/YYYY or YYYY-MM-DD)")


class _Row:
    """One data row, with the header names to name in errors."""

    def __init__(self, number: int, cells: list[str], headers: list[str]):
        self.number, self.cells, self.headers = number, cells, headers
        self.errors: list[str] = []

    def value(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def error(self, column: int | str, message: str) -> None:
        """Record a problem in a column, given by index or (when the file lacks it) by name."""
        name = self.headers[column].strip() if isinstance(column, int) else column
        self.errors.append(f"Row {self.number}, column “{name}”: {message}")

    def validation_errors(self, exc: ValidationError, columns: dict[str, int | str], default: int | str) -> None:
        """Record a model's validation errors against the columns that carry its fields."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.error(default, message)
            return
        for field, messages in exc.message_dict.items():
            for message in messages:
                self.error(columns.get(field, default), message)


@dataclasses.dataclass
class ParsedInspection:
    slot: Slot
    columns: dict[str, int]  # inspection field → column index, to name columns in errors
    framework: Framework
    kind: str
    start_date: datetime.date
    values: dict  # the optional fields of services.inspection_record the file gives
    grades: dict | None  # area code → Grade, or None for "no grade"; None when no grade columns
    owner: dict | None = None  # services.provider_upsert arguments of the predecessor it belongs to


@dataclasses.dataclass
class ParsedRow:
    row: _Row
    provider: dict  # the arguments of services.provider_upsert
    provider_columns: dict[str, int | str]
    inspections: list[ParsedInspection]


class Layout:
    """Where a file's columns are: the provider's, and each slot's fields and grades."""

    def __init__(self, headers: list[str], frameworks: list[Framework]):
        self.headers = headers
        self.by_header: dict[str, int] = {}
        for index, header in enumerate(headers):
            self.by_header.setdefault(normalise(header), index)
        self.provider = self.find_all(PROVIDER_COLUMNS)
        self.slots = {slot.key: self.find_all(slot.columns) for slot in SLOTS}
        self.present = [slot for slot in SLOTS if "start_date" in self.slots[slot.key]]
        self.grades = self._claim_grade_columns(frameworks)

    def find(self, names: Iterable[str]) -> int | None:
        """The column of the first of these header names that the file has."""
        for name in names:
            index = self.by_header.get(normalise(name))
            if index is not None:
                return index
        return None

    def find_all(self, columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
        found = {field: self.find(names) for field, names in columns.items()}
        return {field: index for field, index in found.items() if index is not None}

    def _claim_grade_columns(self, frameworks: list[Framework]) -> dict[tuple[str, int], dict[str, int]]:
        """(slot key, framework id) → {area code: column}. A column holds one slot's grades only."""
        claimed = {index for columns in self.slots.values() for index in columns.values()}
        claimed |= set(self.provider.values())
        found: dict[tuple[str, int], dict[str, int]] = {}
        for slot in CLAIM_ORDER:
            if slot not in self.present:
                continue
            taken: set[int] = set()
            for framework in frameworks:
                if slot.report_cards_only and _has_overall(framework):
                    continue
                columns = self._area_columns(framework, slot.grade_prefixes, claimed)
                found[(slot.key, framework.pk)] = columns
                taken |= set(columns.values())
            claimed |= taken
        return found

    def _area_columns(self, framework: Framework, prefixes: tuple[str, ...], claimed: set[int]) -> dict[str, int]:
        columns: dict[str, int] = {}
        for area in framework.areas.all():
            for name in area.header_names:
                for prefix in prefixes:
                    index = self.by_header.get(normalise(prefix + name))
                    if index is not None and index not in claimed:
                        columns.setdefault(area.code, index)
        return columns

    def grade_columns(self, slot: Slot, framework: Framework) -> dict[str, int]:
        return self.grades.get((slot.key, framework.pk), {})

    def all_grade_columns(self, slot: Slot) -> set[int]:
        return {i for (key, _), columns in self.grades.items() if key == slot.key for i in columns.values()}


def _has_overall(framework: Framework) -> bool:
    return any(area.is_overall for area in framework.areas.all())


class OfstedImporter:
    def __init__(self, headers: list[str], header_row: int = 1):
        self.headers = headers
        self.header_row = header_row
        self.frameworks = list(Framework.objects.prefetch_related("areas", "grades"))
        self.layout = Layout(headers, self.frameworks)
        self.created_urns: set[str] = set()
        self.updated_urns: set[str] = set()

    def check_headers(self) -> None:
        missing = [PROVIDER_COLUMNS[field] for field in ("urn", "name") if field not in self.layout.provider]
        if not self.layout.present:
            missing.append(GRADED.columns["start_date"])
        if missing:
            raise ImportFailed(
                [
                    f"Row {self.header_row}: the file has no column " + " or ".join(f"“{n}”" for n in names) + "."
                    for names in missing
                ]
            )

    def run(self, rows: Iterable[list[str]], *, dry_run: bool = False, progress=None) -> ImportResult:
        """Parse every row, then store them all; raise ImportFailed listing every problem."""
        self.check_headers()
        parsed = self.parse(rows)
        result = ImportResult(rows=len(parsed))
        try:
            with transaction.atomic():
                errors = []
                for row in parsed:
                    errors.extend(self.store_row(row, result))
                    if progress is not None:
                        progress.update(1)
                if errors:
                    raise ImportFailed(errors)
                if dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        return result

    # Parsing: reads the database (frameworks) but never writes.

    def parse(self, rows: Iterable[list[str]]) -> list[ParsedRow]:
        parsed, errors = [], []
        for offset, cells in enumerate(rows, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            row = _Row(self.header_row + offset, cells, self.headers)
            result = self.parse_row(row)
            errors.extend(row.errors)
            if result is not None:
                parsed.append(result)
        if errors:
            raise ImportFailed(errors)
        return parsed

    def parse_row(self, row: _Row) -> ParsedRow | None:
        provider = self.parse_provider(row)
        if provider is None:
            return None
        inspections = []
        for slot in self.layout.present:
            inspection = self.parse_slot(row, slot, provider)
            if inspection is not None:
                inspections.append(inspection)
        inspections = self._one_per_start_date(row, inspections)
        if row.errors:
            return None
        return ParsedRow(row=row, provider=provider, provider_columns=self._provider_columns(), inspections=inspections)

    def _provider_columns(self) -> dict[str, int | str]:
        columns: dict[str, int | str] = {}
        for field, column in PROVIDER_FIELD_COLUMNS.items():
            columns[field] = self.layout.provider.get(column, PROVIDER_COLUMNS[column][0])
        return columns

    def parse_provider(self, row: _Row) -> dict | None:
        columns = self.layout.provider
        urn = row.value(columns["urn"]).upper()
        if not urn:
            row.error(columns["urn"], "the URN is missing.")
            return None
        name = row.value(columns["name"])
        if not name:
            row.error(columns["name"], "the provider's name is missing.")
        kind = self._provider_kind(row, urn)
        phase = self._provider_phase(row, kind) if kind else ""
        values = {"urn": urn, "name": name, "kind": kind, "phase": phase}
        for field in ("ward", "address", "postcode"):
            if field in columns:
                text = row.value(columns[field])
                values[field] = "" if is_blank(text) or text.casefold() == REDACTED else text
        if "trust" in columns:
            values["trust_name"] = "" if is_blank(row.value(columns["trust"])) else row.value(columns["trust"])
        if row.errors:
            return None
        candidate = Provider(**{k: v for k, v in values.items() if k != "trust_name"})
        try:
            candidate.clean_fields(exclude=["trust", "predecessor"])
            candidate.clean()
        except ValidationError as exc:
            row.validation_errors(exc, self._provider_columns(), columns["urn"])
            return None
        return values

    def _provider_kind(self, row: _Row, urn: str) -> str | None:
        text = row.value(self.layout.provider.get("type"))
        if text:
            kind = _choose(text, PROVIDER_TYPES)
            if kind is None:
                row.error(self.layout.provider["type"], f"“{text}” is not a provider type this register knows.")
            return kind
        if urn.startswith("EY"):
            return Provider.Kind.EARLY_YEARS
        if urn.startswith("SC"):
            return Provider.Kind.CHILDRENS_HOME
        return Provider.Kind.SCHOOL

    def _provider_phase(self, row: _Row, kind: str) -> str:
        if kind not in Provider.SCHOOL_KINDS:
            return ""
        column = self.layout.provider.get("phase", PROVIDER_COLUMNS["phase"][0])
        text = row.value(self.layout.provider.get("phase"))
        phase = _choose(text, PHASES) if text else None
        if phase is None and text:
            row.error(
                column,
                f"“{text}” is not a school phase (nursery, primary, secondary, special, "
                "all-through, alternative provision).",
            )
        elif phase is None:
            row.error(column, "a school needs its phase.")
        return phase or ""

    def parse_slot(self, row: _Row, slot: Slot, provider: dict) -> ParsedInspection | None:
        """One inspection from a slot's columns, or None when the row has none there."""
        columns = self.layout.slots[slot.key]
        text = row.value(columns["start_date"])
        if row.value(columns.get("converted")).casefold() in YES:
            return None  # the graded slot holds the inspection it converted into
        if is_blank(text):
            if self._slot_has_results(row, slot):
                row.error(columns["start_date"], f"the {slot.label} has results but no start date.")
            return None
        try:
            start = _date(text)
        except ValueError as exc:
            row.error(columns["start_date"], f"{exc}.")
            return None
        errors_before = len(row.errors)
        owner = self._slot_owner(row, slot, provider)
        framework = self._slot_framework(row, slot, (owner or provider)["kind"], start)
        if framework is None or len(row.errors) > errors_before:
            return None
        grades, grade_outcome = self._slot_grades(row, slot, framework)
        values = self._slot_values(row, slot, framework)
        if grade_outcome and not values.get("outcome"):
            values["outcome"] = grade_outcome
        kind = self._slot_kind(row, slot, framework)
        if len(row.errors) > errors_before:
            return None
        parsed = ParsedInspection(slot, columns, framework, kind, start, values, grades, owner)
        return parsed if self._slot_valid(row, parsed) else None

    def _slot_owner(self, row: _Row, slot: Slot, provider: dict) -> dict | None:
        """The predecessor an inspection belongs to when the file says it is not the current
        school's (a new academy shows the inspection of the school it replaced); else None."""
        columns = self.layout.slots[slot.key]
        relates = row.value(columns.get("relates")).casefold()
        urn = row.value(columns.get("urn_at_time")).upper()
        urn = "" if is_blank(urn) else urn
        if relates in YES or urn in ("", provider["urn"]):
            if relates in NO:
                row.error(
                    columns.get("urn_at_time", slot.columns["urn_at_time"][0]),
                    f"the {slot.label} is of another school, but its URN is missing.",
                )
            return None
        name = row.value(columns.get("name_at_time"))
        owner = {"urn": urn, "name": provider["name"] if is_blank(name) else name, "kind": provider["kind"]}
        type_text = row.value(columns.get("type_at_time"))
        if not is_blank(type_text):
            owner["kind"] = _choose(type_text, PROVIDER_TYPES)
            if owner["kind"] is None:
                row.error(columns["type_at_time"], f"“{type_text}” is not a provider type this register knows.")
                return None
        owner["phase"] = provider["phase"] if owner["kind"] in Provider.SCHOOL_KINDS else ""
        try:
            Provider(**owner).clean_fields(exclude=["trust", "predecessor"])
        except ValidationError as exc:
            names = {"urn": columns["urn_at_time"], "name": columns.get("name_at_time", columns["urn_at_time"])}
            row.validation_errors(exc, names, columns["urn_at_time"])
            return None
        return owner

    def _slot_has_results(self, row: _Row, slot: Slot) -> bool:
        columns = self.layout.slots[slot.key]
        indexes = self.layout.all_grade_columns(slot)
        indexes |= {columns[f] for f in ("outcome", "category_of_concern", "safeguarding") if f in columns}
        return any(not is_blank(row.value(index)) for index in indexes)

    def _slot_framework(self, row: _Row, slot: Slot, provider_kind: str, start: datetime.date) -> Framework | None:
        columns = self.layout.slots[slot.key]
        slug = row.value(columns.get("framework"))
        if slug:
            framework = next((f for f in self.frameworks if f.slug == slug), None)
            if framework is None:
                row.error(
                    columns["framework"],
                    f"there is no framework “{slug}”; use one of: " + ", ".join(f.slug for f in self.frameworks) + ".",
                )
            return framework
        try:
            framework = services.framework_in_force(self.frameworks, kind=provider_kind, on=start)
        except ValidationError as exc:
            row.error(columns["start_date"], " ".join(exc.messages))
            return None
        if slot.report_cards_only and _has_overall(framework):
            row.error(
                columns["start_date"],
                f"{start:%-d %B %Y} is before report card inspections began: the {framework.name} was in force then.",
            )
            return None
        return framework

    def _slot_grades(self, row: _Row, slot: Slot, framework: Framework) -> tuple[dict | None, str]:
        """Area code → Grade (None for no grade) for each grade column; and an outcome in words."""
        columns = self.layout.grade_columns(slot, framework)
        if not columns:
            return None, ""
        areas = {area.code: area for area in framework.areas.all()}
        grades: dict = {}
        outcome = ""
        for code, index in columns.items():
            text = row.value(index)
            grades[code] = None
            if is_blank(text):
                continue
            if areas[code].is_overall and text.casefold().startswith(OUTCOME_PREFIXES):
                outcome = text
                continue
            try:
                [(_, grades[code])] = services.resolve_grades(framework=framework, grades={code: text})
            except ValidationError as exc:
                for message in exc.messages:
                    row.error(index, message.removeprefix(f"{areas[code].name}: "))
        return grades, outcome

    def _slot_values(self, row: _Row, slot: Slot, framework: Framework) -> dict:
        """The optional inspection fields this slot's columns give."""
        columns = self.layout.slots[slot.key]
        values: dict = {}
        for field in ("end_date", "published_on"):
            if field in columns:
                values[field] = self._optional_date(row, columns[field])
        for field in ("inspection_number", "outcome", "report_url"):
            if field in columns:
                text = row.value(columns[field])
                values[field] = "" if is_blank(text) else text
        if "safeguarding" in columns and framework.judges_safeguarding:
            values["safeguarding"] = self._choice(
                row, columns["safeguarding"], SAFEGUARDING, "is not Yes or No (met or not met)."
            )
        if "category_of_concern" in columns:
            values["category_of_concern"] = self._choice(
                row,
                columns["category_of_concern"],
                CATEGORIES,
                "is not a category of concern (special measures, serious weaknesses, "
                "requires significant improvement).",
            )
        return values

    @staticmethod
    def _optional_date(row: _Row, index: int) -> datetime.date | None:
        text = row.value(index)
        if is_blank(text):
            return None
        try:
            return _date(text)
        except ValueError as exc:
            row.error(index, f"{exc}.")
            return None

    @staticmethod
    def _choice(row: _Row, index: int, table: dict, problem: str) -> str:
        text = row.value(index)
        if is_blank(text):
            return ""
        value = table.get(normalise(text))
        if value is None:
            row.error(index, f"“{text}” {problem}")
            return ""
        return value

    def _slot_kind(self, row: _Row, slot: Slot, framework: Framework) -> str:
        has_overall = _has_overall(framework)
        kind = slot.kind or (Inspection.Kind.GRADED if has_overall else Inspection.Kind.REPORT_CARD)
        index = self.layout.slots[slot.key].get("inspection_type")
        text = row.value(index)
        if slot.kind is None and not is_blank(text):
            kind = _choose(text, INSPECTION_TYPES)
            if kind is None:
                row.error(index, f"“{text}” is not an inspection type this register knows.")
                return Inspection.Kind.GRADED
        if not has_overall and kind == Inspection.Kind.GRADED:
            kind = Inspection.Kind.REPORT_CARD
        return kind

    def _slot_valid(self, row: _Row, parsed: ParsedInspection) -> bool:
        """Check the inspection's own fields as the model will, without the database."""
        candidate = Inspection(
            framework=parsed.framework, kind=parsed.kind, start_date=parsed.start_date, **parsed.values
        )
        try:
            candidate.clean_fields(exclude=["provider", "framework", "overall_grade", "report_file"])
            candidate.clean()
        except ValidationError as exc:
            row.validation_errors(exc, parsed.columns, parsed.columns["start_date"])
            return False
        return True

    def _one_per_start_date(self, row: _Row, inspections: list[ParsedInspection]) -> list[ParsedInspection]:
        """An ungraded inspection that shares its start date with another is the one it turned into."""
        kept: dict[datetime.date, ParsedInspection] = {}
        for inspection in inspections:
            other = kept.get(inspection.start_date)
            if other is None:
                kept[inspection.start_date] = inspection
            elif inspection.slot is not UNGRADED:
                row.error(
                    inspection.columns["start_date"],
                    f"the {inspection.slot.label} starts on the same day "
                    f"as the {other.slot.label} (column “{self.headers[other.columns['start_date']].strip()}”).",
                )
        return list(kept.values())

    # Storing: only rows that parsed without a problem.

    def store_row(self, parsed: ParsedRow, result: ImportResult) -> list[str]:
        """Store one row in a savepoint; return its problems (then nothing of it is kept)."""
        row = parsed.row
        with transaction.atomic():
            try:
                provider, status = services.provider_upsert(**parsed.provider)
            except ValidationError as exc:
                row.validation_errors(exc, parsed.provider_columns, parsed.provider_columns["urn"])
                transaction.set_rollback(True)
                return row.errors
            self.count_provider(provider.urn, status, result)
            for inspection in parsed.inspections:
                try:
                    owner = self.store_owner(provider, inspection, result)
                    _, status = services.inspection_record(
                        provider=owner,
                        framework=inspection.framework,
                        kind=inspection.kind,
                        start_date=inspection.start_date,
                        grades=inspection.grades,
                        grades_partial=True,
                        **inspection.values,
                    )
                except ValidationError as exc:
                    row.validation_errors(exc, self._store_columns(inspection), inspection.columns["start_date"])
                    transaction.set_rollback(True)
                    return row.errors
                self.count_inspection(owner.urn, status, result)
        return []

    @staticmethod
    def _store_columns(inspection: ParsedInspection) -> dict[str, int]:
        """Columns to name in a storing error: the inspection's, and its predecessor's URN and name."""
        columns = dict(inspection.columns)
        if inspection.owner is not None:
            columns["urn"] = columns["urn_at_time"]
            columns["name"] = columns.get("name_at_time", columns["urn_at_time"])
        return columns

    def store_owner(self, provider: Provider, inspection: ParsedInspection, result: ImportResult) -> Provider:
        """The provider the inspection belongs to: the row's, or its predecessor (linked to it)."""
        if inspection.owner is None:
            return provider
        predecessor, status = services.provider_upsert(**inspection.owner)
        self.count_provider(predecessor.urn, status, result)
        if services.provider_link_predecessor(provider=provider, predecessor=predecessor):
            self.provider_updated(provider.urn, result)
        return predecessor

    def count_provider(self, urn: str, status: str, result: ImportResult) -> None:
        if status == "created":
            self.created_urns.add(urn)
            result.providers_created += 1
        elif status == "updated":
            self.provider_updated(urn, result)

    def count_inspection(self, urn: str, status: str, result: ImportResult) -> None:
        if status == "created":
            result.inspections_created += 1
        elif status == "updated":
            result.inspections_updated += 1
            self.provider_updated(urn, result)
        else:
            result.inspections_unchanged += 1

    def provider_updated(self, urn: str, result: ImportResult) -> None:
        """Count a provider as updated once, and never one this import created."""
        if urn not in self.created_urns and urn not in self.updated_urns:
            self.updated_urns.add(urn)
            result.providers_updated += 1
