"""State changes for the inspections register. Views, admin, the importer and the demo call these."""

import calendar
import dataclasses
import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import EvaluationArea, Framework, Grade, Inspection, InspectionGrade, InspectionRecommendation, Provider

# A standard or short ILACS inspection usually falls within six months either side of the
# three-year anniversary of the last standard inspection (see seeds/ilacs-planning-2020.txt).
ILACS_CYCLE_YEARS = 3
ILACS_WINDOW_MONTHS = 6

# Default of optional fields of inspection_record: keep the value the inspection already has.
KEEP = object()


def _area_for(framework: Framework, key, areas: list[EvaluationArea]) -> EvaluationArea:
    if isinstance(key, EvaluationArea):
        if key.framework_id != framework.pk:
            raise ValidationError(f"“{key.name}” is not an area of the {framework.name}.")
        return key
    wanted = str(key).strip().casefold()
    for area in areas:
        if wanted == area.code.casefold() or wanted in (name.casefold() for name in area.header_names):
            return area
    raise ValidationError(
        f"“{key}” is not an area of the {framework.name}. Its areas are: "
        + ", ".join(area.name for area in areas)
        + "."
    )


def _grade_for(framework: Framework, area: EvaluationArea, value, grades: list[Grade]) -> Grade:
    if isinstance(value, Grade):
        if value.framework_id != framework.pk:
            raise ValidationError(
                f"{area.name}: “{value.label}” is not on the grade scale of the {framework.name}."
            )
        return value
    text = str(value).strip()
    for grade in grades:
        if text.casefold() == grade.label.casefold() or (text.isdigit() and int(text) == grade.rank):
            return grade
    raise ValidationError(
        f"{area.name}: “{text}” is not on the grade scale of the {framework.name}. Use one of: "
        + ", ".join(f"{g.rank} {g.label}" for g in grades)
        + "."
    )


def resolve_grades(*, framework: Framework, grades: Mapping) -> list[tuple[EvaluationArea, Grade]]:
    """Check grades (area code or name → grade label or rank) against the framework; refuse strays."""
    areas = list(framework.areas.all())
    scale = list(framework.grades.all())
    resolved, errors, seen = [], [], set()
    for key, value in grades.items():
        try:
            area = _area_for(framework, key, areas)
            if area.pk in seen:
                raise ValidationError(f"{area.name} is graded twice.")
            seen.add(area.pk)
            resolved.append((area, _grade_for(framework, area, value, scale)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return resolved


def inspection_refresh_overall(*, inspection: Inspection) -> Inspection:
    """Copy the overall area's grade onto the inspection (used by filters and summaries)."""
    overall = (
        InspectionGrade.objects.filter(inspection=inspection, area__is_overall=True)
        .select_related("grade")
        .first()
    )
    grade = overall.grade if overall else None
    if inspection.overall_grade_id != (grade.pk if grade else None):
        inspection.overall_grade = grade
        Inspection.objects.filter(pk=inspection.pk).update(overall_grade=grade)
    return inspection


@transaction.atomic
def inspection_record(
    *,
    provider: Provider,
    framework: Framework,
    kind: str,
    start_date: datetime.date,
    end_date=KEEP,
    published_on=KEEP,
    grades: Mapping | None = None,
    safeguarding=KEEP,
    summary=KEEP,
    report_url=KEEP,
    recommendations: Iterable | None = None,
) -> tuple[Inspection, str]:
    """Create or update the inspection of `provider` starting on `start_date`.

    Returns the inspection and "created", "updated" or "unchanged". Optional fields left as KEEP
    keep their current value. `grades` (when given) replace the inspection's grades;
    `recommendations` (texts, or (kind, text) pairs, numbered in order) replace its
    recommendations when given.
    """
    resolved = resolve_grades(framework=framework, grades=grades) if grades is not None else None
    inspection = Inspection.objects.filter(provider=provider, start_date=start_date).first()
    created = inspection is None
    if created:
        inspection = Inspection(provider=provider, start_date=start_date)
    previous_framework_id = None if created else inspection.framework_id
    fields = {
        "framework": framework,
        "kind": kind,
        "end_date": end_date,
        "published_on": published_on,
        "safeguarding": safeguarding,
        "summary": summary,
        "report_url": report_url,
    }
    changed = created
    for name, value in fields.items():
        if value is KEEP:
            continue
        current = getattr(inspection, "framework_id" if name == "framework" else name)
        wanted = value.pk if name == "framework" else value
        if current != wanted:
            setattr(inspection, name, value)
            changed = True
    if changed:
        inspection.full_clean(exclude=["overall_grade"])
        inspection.save()

    current_grades = {} if created else dict(inspection.grades.values_list("area_id", "grade_id"))
    if resolved is None and not created and framework.pk != previous_framework_id:
        resolved = []  # grades of another framework cannot stay
    wanted_grades = current_grades if resolved is None else {area.pk: grade.pk for area, grade in resolved}
    if current_grades != wanted_grades:
        changed = True
        inspection.grades.all().delete()
        for area, grade in resolved:
            row = InspectionGrade(inspection=inspection, area=area, grade=grade)
            row.full_clean()
            row.save()
    inspection_refresh_overall(inspection=inspection)

    if recommendations is not None:
        wanted_recs = []
        for number, rec in enumerate(recommendations, start=1):
            kind_value, text = rec if isinstance(rec, tuple) else (InspectionRecommendation.Kind.RECOMMENDATION, rec)
            wanted_recs.append((number, kind_value, text))
        current_recs = (
            [] if created else list(inspection.recommendations.order_by("number").values_list("number", "kind", "text"))
        )
        if current_recs != wanted_recs:
            changed = True
            existing = {r.number: r for r in inspection.recommendations.all()}
            for number, kind_value, text in wanted_recs:
                # Update in place so links from action plans to a recommendation survive.
                rec = existing.pop(number, None) or InspectionRecommendation(inspection=inspection, number=number)
                rec.kind, rec.text = kind_value, text
                rec.full_clean()
                rec.save()
            for stale in existing.values():
                stale.delete()
    status = "created" if created else ("updated" if changed else "unchanged")
    return inspection, status


def framework_for(*, provider: Provider, on: datetime.date, slug: str = "") -> Framework:
    """The framework named by slug, or the one in force on a date for the provider's kind."""
    if slug:
        try:
            return Framework.objects.get(slug=slug)
        except Framework.DoesNotExist:
            raise ValidationError(f"There is no framework “{slug}”.") from None
    scope = {
        Provider.Kind.SCHOOL: Framework.Scope.SCHOOLS,
        Provider.Kind.ACADEMY: Framework.Scope.SCHOOLS,
        Provider.Kind.FREE_SCHOOL: Framework.Scope.SCHOOLS,
        Provider.Kind.EARLY_YEARS: Framework.Scope.EARLY_YEARS,
        Provider.Kind.CHILDMINDER: Framework.Scope.EARLY_YEARS,
        Provider.Kind.LA_CHILDRENS_SERVICES: Framework.Scope.LA_CHILDRENS_SERVICES,
    }.get(provider.kind, Framework.Scope.OTHER)
    for framework in Framework.objects.filter(scope=scope).order_by("-in_force_from"):
        if framework.in_force_on(on):
            return framework
    raise ValidationError(f"No {Framework.Scope(scope).label.lower()} framework was in force on {on:%-d %B %Y}.")


@dataclasses.dataclass(frozen=True)
class InspectionWindow:
    basis: Inspection
    anniversary: datetime.date
    earliest: datetime.date
    latest: datetime.date

    def status(self, today: datetime.date) -> str:
        if today < self.earliest:
            return "Window not yet open"
        if today <= self.latest:
            return "Inspection window open now"
        return "Window has passed"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_inspection_window(*, inspections: Iterable[Inspection]) -> InspectionWindow | None:
    """For local-authority children's services: when the next standard or short inspection is due."""
    standard = [i for i in inspections if i.kind in Inspection.STANDARD_KINDS]
    if not standard:
        return None
    basis = max(standard, key=lambda i: i.start_date)
    anniversary = _add_months(basis.end_date or basis.start_date, 12 * ILACS_CYCLE_YEARS)
    return InspectionWindow(
        basis=basis,
        anniversary=anniversary,
        earliest=_add_months(anniversary, -ILACS_WINDOW_MONTHS),
        latest=_add_months(anniversary, ILACS_WINDOW_MONTHS),
    )
