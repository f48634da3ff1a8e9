"""Import Ofsted's management-information CSV files (state-funded schools, early years).

Columns are found by header name (any order; extra columns are ignored). Each row upserts a
provider by URN and an inspection by URN plus inspection start date. The import is all or
nothing: any error (reported with its row and column) leaves the database as it was.
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
from .models import Framework, Inspection, Provider, Trust

# Canonical field → header names accepted (compared case-insensitively, spaces collapsed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("URN", "Provider URN", "Unique reference number"),
    "name": ("School name", "Provider name", "Setting name", "Name"),
    "type": ("Type of education", "Provider type", "Establishment type"),
    "phase": ("Ofsted phase", "Phase"),
    "ward": ("Ward", "Ward name", "Provider ward"),
    "address": ("Address", "Provider address"),
    "postcode": ("Postcode", "Provider postcode"),
    "trust": ("Academy trust", "Trust name", "Multi-academy trust name"),
    "start_date": ("Inspection start date", "Inspection date", "First day of inspection"),
    "end_date": ("Inspection end date", "Last day of inspection"),
    "published_on": ("Publication date", "Report publication date"),
    "inspection_type": ("Inspection type", "Event type grouping"),
    "framework": ("Framework",),
    "safeguarding": ("Safeguarding is effective?", "Safeguarding is effective", "Safeguarding", "Safeguarding standards"),
    "report_url": ("Web link", "Report link"),
}
REQUIRED = ("urn", "name", "start_date")

NOT_GRADED = {"", "9", "null", "n/a", "na", "not applicable", "-", "not graded"}
SAFEGUARDING = {
    "yes": "met",
    "met": "met",
    "effective": "met",
    "no": "not_met",
    "not met": "not_met",
    "not effective": "not_met",
}

# First match wins, so the more specific words come first.
PROVIDER_TYPES = (
    ("free school", Provider.Kind.FREE_SCHOOL),
    ("university technical", Provider.Kind.FREE_SCHOOL),
    ("studio school", Provider.Kind.FREE_SCHOOL),
    ("academy", Provider.Kind.ACADEMY),
    ("childminder", Provider.Kind.CHILDMINDER),
    ("children's home", Provider.Kind.CHILDRENS_HOME),
    ("childrens home", Provider.Kind.CHILDRENS_HOME),
    ("childcare", Provider.Kind.EARLY_YEARS),
    ("early years", Provider.Kind.EARLY_YEARS),
    ("nursery", Provider.Kind.EARLY_YEARS),
    ("further education", Provider.Kind.FURTHER_EDUCATION),
    ("college", Provider.Kind.FURTHER_EDUCATION),
    ("community", Provider.Kind.SCHOOL),
    ("foundation", Provider.Kind.SCHOOL),
    ("voluntary", Provider.Kind.SCHOOL),
    ("maintained", Provider.Kind.SCHOOL),
    ("pupil referral", Provider.Kind.SCHOOL),
    ("special", Provider.Kind.SCHOOL),
    ("school", Provider.Kind.SCHOOL),
)
PHASES = (
    ("all-through", Provider.Phase.ALL_THROUGH),
    ("all through", Provider.Phase.ALL_THROUGH),
    ("alternative", Provider.Phase.ALTERNATIVE_PROVISION),
    ("pupil referral", Provider.Phase.ALTERNATIVE_PROVISION),
    ("pru", Provider.Phase.ALTERNATIVE_PROVISION),
    ("nursery", Provider.Phase.NURSERY),
    ("primary", Provider.Phase.PRIMARY),
    ("secondary", Provider.Phase.SECONDARY),
    ("special", Provider.Phase.SPECIAL),
)
INSPECTION_TYPES = (
    ("report card", Inspection.Kind.REPORT_CARD),
    ("monitoring", Inspection.Kind.MONITORING),
    ("ungraded", Inspection.Kind.UNGRADED),
    ("section 8", Inspection.Kind.UNGRADED),
    ("s8", Inspection.Kind.UNGRADED),
    ("short", Inspection.Kind.UNGRADED),
    ("graded", Inspection.Kind.GRADED),
    ("section 5", Inspection.Kind.GRADED),
    ("s5", Inspection.Kind.GRADED),
    ("full", Inspection.Kind.GRADED),
    ("re-inspection", Inspection.Kind.GRADED),
    ("inspection", Inspection.Kind.GRADED),
)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y")

# Model field → the canonical column that carries it, to name the column in an error.
FIELD_COLUMNS = {
    "urn": "urn",
    "name": "name",
    "kind": "type",
    "phase": "phase",
    "trust": "trust",
    "ward": "ward",
    "address": "address",
    "postcode": "postcode",
    "start_date": "start_date",
    "end_date": "end_date",
    "published_on": "published_on",
    "report_url": "report_url",
    "safeguarding": "safeguarding",
}


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", (header or "").replace("\ufeff", "")).strip().casefold()


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


def read_csv(raw: bytes) -> tuple[list[str], list[list[str]], int]:
    """Decode a CSV file and find its header row (Ofsted's files may have title lines above it).

    Returns the header, the data rows and the spreadsheet row number of the header.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(io.StringIO(text, newline="")))
    urn_headers = {normalise(h) for h in COLUMNS["urn"]}
    for index, row in enumerate(rows[:20]):
        if any(normalise(cell) in urn_headers for cell in row):
            return row, rows[index + 1 :], index + 1
    raise ImportFailed(
        ["Row 1: no header row found. The file needs a URN column headed one of: " + ", ".join(COLUMNS["urn"]) + "."]
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

    def __init__(self, number: int, cells: list[str], columns: dict[str, int], headers: list[str]):
        self.number, self.cells, self.columns, self.headers = number, cells, columns, headers
        self.errors: list[str] = []

    def has(self, field: str) -> bool:
        return field in self.columns

    def get(self, field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def header(self, field: str) -> str:
        if field in self.columns:
            return self.headers[self.columns[field]].strip()
        return COLUMNS.get(field, (field,))[0]

    def error(self, field: str, message: str) -> None:
        self.errors.append(f"Row {self.number}, column “{self.header(field)}”: {message}")


def _validation_errors(row: _Row, exc: ValidationError, default_field: str) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                row.error(FIELD_COLUMNS.get(field, default_field), message)
    else:
        for message in exc.messages:
            row.error(default_field, message)


class OfstedImporter:
    def __init__(self, headers: list[str], header_row: int = 1):
        self.headers = headers
        self.header_row = header_row
        self.columns: dict[str, int] = {}
        wanted = {normalise(name): field for field, names in COLUMNS.items() for name in names}
        for index, header in enumerate(headers):
            field = wanted.get(normalise(header))
            if field and field not in self.columns:
                self.columns[field] = index
        self.frameworks = list(Framework.objects.prefetch_related("areas", "grades"))
        self.trusts: dict[str, Trust] = {}
        self.created_urns: set[str] = set()
        self.updated_urns: set[str] = set()

    def check_headers(self) -> None:
        missing = [COLUMNS[field][0] for field in REQUIRED if field not in self.columns]
        if missing:
            raise ImportFailed(
                [
                    f"Row {self.header_row}: the file has no column "
                    + " or ".join(f"“{name}”" for name in COLUMNS[field])
                    + "."
                    for field in REQUIRED
                    if field not in self.columns
                ]
            )

    def grade_columns(self, framework: Framework) -> dict[str, int]:
        """Area code → column index, for the framework's areas whose headers appear in the file."""
        by_header = {normalise(h): i for i, h in enumerate(self.headers)}
        found = {}
        for area in framework.areas.all():
            for name in area.header_names:
                if normalise(name) in by_header:
                    found[area.code] = by_header[normalise(name)]
                    break
        return found

    def run(self, rows: Iterable[list[str]], *, dry_run: bool = False, progress=None) -> ImportResult:
        self.check_headers()
        result = ImportResult()
        errors: list[str] = []
        try:
            with transaction.atomic():
                for offset, cells in enumerate(rows, start=1):
                    if progress is not None:
                        progress.update(1)
                    if not any(cell.strip() for cell in cells):
                        continue
                    row = _Row(self.header_row + offset, cells, self.columns, self.headers)
                    result.rows += 1
                    with transaction.atomic():
                        self.import_row(row, result)
                        if row.errors:
                            transaction.set_rollback(True)
                    errors.extend(row.errors)
                if errors:
                    raise ImportFailed(errors)
                if dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        return result

    def framework(self, row: _Row, provider: Provider, start: datetime.date) -> Framework | None:
        slug = row.get("framework")
        for framework in self.frameworks:
            if slug and framework.slug == slug:
                return framework
        if slug:
            row.error("framework", f"there is no framework “{slug}”; use one of: " + ", ".join(f.slug for f in self.frameworks) + ".")
            return None
        try:
            chosen = services.framework_for(provider=provider, on=start)
        except ValidationError as exc:
            row.error("start_date", " ".join(exc.messages))
            return None
        return next(f for f in self.frameworks if f.pk == chosen.pk)

    def provider_values(self, row: _Row, urn: str) -> dict | None:
        values: dict = {"urn": urn, "name": row.get("name")}
        if not values["name"]:
            row.error("name", "the provider's name is missing.")
        kind = None
        if row.has("type") and row.get("type"):
            kind = _choose(row.get("type"), PROVIDER_TYPES)
            if kind is None:
                row.error("type", f"“{row.get('type')}” is not a provider type this register knows.")
        elif urn.upper().startswith("EY"):
            kind = Provider.Kind.EARLY_YEARS
        elif urn.upper().startswith("SC"):
            kind = Provider.Kind.CHILDRENS_HOME
        else:
            kind = Provider.Kind.SCHOOL
        values["kind"] = kind
        phase = ""
        if kind in Provider.SCHOOL_KINDS:
            text = row.get("phase")
            phase = _choose(text, PHASES) if text else None
            if phase is None:
                if text:
                    row.error("phase", f"“{text}” is not a school phase (nursery, primary, secondary, special, all-through, alternative provision).")
                else:
                    row.error("phase", "a school needs its phase.")
        values["phase"] = phase or ""
        for field in ("ward", "address", "postcode"):
            if row.has(field):
                values[field] = row.get(field)
        if row.has("trust"):
            name = row.get("trust")
            if name and kind in Provider.TRUST_KINDS:
                if name not in self.trusts:
                    self.trusts[name] = Trust.objects.get_or_create(name=name)[0]
                values["trust"] = self.trusts[name]
            else:
                values["trust"] = None
        return None if row.errors else values

    def upsert_provider(self, row: _Row, values: dict, result: ImportResult) -> Provider | None:
        provider = Provider.objects.filter(urn=values["urn"]).first()
        created = provider is None
        provider = provider or Provider()
        changed = created
        for field, value in values.items():
            if getattr(provider, field) != value:
                setattr(provider, field, value)
                changed = True
        if changed:
            try:
                provider.full_clean()
            except ValidationError as exc:
                _validation_errors(row, exc, "urn")
                return None
            provider.save()
        if created:
            self.created_urns.add(values["urn"])
            result.providers_created += 1
        elif changed:
            self.provider_updated(values["urn"], result)
        return provider

    def provider_updated(self, urn: str, result: ImportResult) -> None:
        """Count a provider as updated once, and never one this import created."""
        if urn not in self.created_urns and urn not in self.updated_urns:
            self.updated_urns.add(urn)
            result.providers_updated += 1

    def import_row(self, row: _Row, result: ImportResult) -> None:
        urn = row.get("urn").upper()
        if not urn:
            row.error("urn", "the URN is missing.")
            return
        start = None
        try:
            start = _date(row.get("start_date"))
        except ValueError as exc:
            row.error("start_date", f"{exc}.")
        dates = {}
        for field in ("end_date", "published_on"):
            if row.has(field):
                text = row.get(field)
                try:
                    dates[field] = _date(text) if text else None
                except ValueError as exc:
                    row.error(field, f"{exc}.")
        values = self.provider_values(row, urn)
        if values is None or start is None or row.errors:
            return
        provider = self.upsert_provider(row, values, result)
        if provider is None:
            return
        framework = self.framework(row, provider, start)
        if framework is None:
            return

        grades = {}
        for code, index in self.grade_columns(framework).items():
            value = row.cells[index].strip() if index < len(row.cells) else ""
            if value.casefold() in NOT_GRADED:
                continue
            grades[code] = value
        has_overall = any(area.is_overall for area in framework.areas.all())
        text = row.get("inspection_type")
        if text:
            kind = _choose(text, INSPECTION_TYPES)
            if kind is None:
                row.error("inspection_type", f"“{text}” is not an inspection type this register knows.")
                return
        else:
            kind = Inspection.Kind.GRADED if has_overall else Inspection.Kind.REPORT_CARD
        if not has_overall and kind == Inspection.Kind.GRADED:
            kind = Inspection.Kind.REPORT_CARD

        extra = dict(dates)
        if row.has("safeguarding") and framework.judges_safeguarding:
            value = row.get("safeguarding").casefold()
            if value in NOT_GRADED:
                extra["safeguarding"] = ""
            elif value in SAFEGUARDING:
                extra["safeguarding"] = SAFEGUARDING[value]
            else:
                row.error("safeguarding", f"“{row.get('safeguarding')}” is not Yes or No (met or not met).")
                return
        if row.has("report_url"):
            extra["report_url"] = row.get("report_url")

        try:
            services.resolve_grades(framework=framework, grades=grades)
        except ValidationError as exc:
            columns = self.grade_columns(framework)
            areas = {area.code: area for area in framework.areas.all()}
            for message in exc.messages:
                code = next((c for c in columns if message.startswith(areas[c].name + ":")), None)
                if code:
                    self_header = self.headers[columns[code]].strip()
                    row.errors.append(f"Row {row.number}, column “{self_header}”: {message.split(': ', 1)[1]}")
                else:
                    row.error("start_date", message)
            return
        try:
            _, status = services.inspection_record(
                provider=provider,
                framework=framework,
                kind=kind,
                start_date=start,
                grades=grades if grades or self.grade_columns(framework) else None,
                **extra,
            )
        except ValidationError as exc:
            _validation_errors(row, exc, "start_date")
            return
        if status == "created":
            result.inspections_created += 1
        elif status == "updated":
            result.inspections_updated += 1
            self.provider_updated(provider.urn, result)
        else:
            result.inspections_unchanged += 1
