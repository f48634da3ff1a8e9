"""State changes for the inspections register. Views, admin, the importer and the demo call these."""

import calendar
import dataclasses
import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .models import (
    EvaluationArea,
    Framework,
    Grade,
    Inspection,
    InspectionGrade,
    InspectionRecommendation,
    Provider,
    Trust,
)

# A standard or short ILACS inspection usually falls within six months either side of the
# three-year anniversary of the last standard inspection (see seeds/ilacs-planning-2020.txt).
ILACS_CYCLE_YEARS = 3
ILACS_WINDOW_MONTHS = 6

# Default of optional fields of the services below: keep the value already stored.
KEEP = object()

PROVIDER_SCOPES = {
    Provider.Kind.SCHOOL: Framework.Scope.SCHOOLS,
    Provider.Kind.ACADEMY: Framework.Scope.SCHOOLS,
    Provider.Kind.FREE_SCHOOL: Framework.Scope.SCHOOLS,
    Provider.Kind.EARLY_YEARS: Framework.Scope.EARLY_YEARS,
    Provider.Kind.CHILDMINDER: Framework.Scope.EARLY_YEARS,
    Provider.Kind.LA_CHILDRENS_SERVICES: Framework.Scope.LA_CHILDRENS_SERVICES,
}


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
            raise ValidationError(f"{area.name}: “{value.label}” is not on the grade scale of the {framework.name}.")
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


def resolve_grades(*, framework: Framework, grades: Mapping) -> list[tuple[EvaluationArea, Grade | None]]:
    """Check grades (area code or name → grade label or rank) against the framework; refuse strays.

    A value of None stands for "no grade for this area" (used by partial updates).
    """
    areas = list(framework.areas.all())
    scale = list(framework.grades.all())
    resolved, errors, seen = [], [], set()
    for key, value in grades.items():
        try:
            area = _area_for(framework, key, areas)
            if area.pk in seen:
                raise ValidationError(f"{area.name} is graded twice.")
            seen.add(area.pk)
            resolved.append((area, None if value is None else _grade_for(framework, area, value, scale)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return resolved


def inspection_refresh_overall(*, inspection: Inspection) -> Inspection:
    """Copy the overall area's grade onto the inspection (used by filters and summaries)."""
    overall = (
        InspectionGrade.objects.filter(inspection=inspection, area__is_overall=True).select_related("grade").first()
    )
    grade = overall.grade if overall else None
    if inspection.overall_grade_id != (grade.pk if grade else None):
        inspection.overall_grade = grade
        Inspection.objects.filter(pk=inspection.pk).update(overall_grade=grade)
    return inspection


def _apply(instance, values: Mapping) -> bool:
    """Set the values that are not KEEP and differ (foreign keys compared by id); say if any did."""
    changed = False
    for name, value in values.items():
        if value is KEEP:
            continue
        field = instance._meta.get_field(name)
        if field.is_relation:
            current, wanted = getattr(instance, field.attname), (value.pk if value is not None else None)
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            setattr(instance, name, value)
            changed = True
    return changed


def _inspection_grades_store(
    inspection: Inspection,
    resolved: list[tuple[EvaluationArea, Grade | None]] | None,
    *,
    created: bool,
    partial: bool,
    framework_changed: bool,
) -> bool:
    """Bring the inspection's grade rows to what `resolved` asks; say whether anything changed.

    With `partial`, areas not in `resolved` keep their grade (an import file may carry only some
    of an inspection's judgements); otherwise `resolved` replaces every grade. Grades of another
    framework never stay.
    """
    if resolved is None:
        if not framework_changed:
            return False
        resolved = []
    keep_others = partial and not framework_changed
    given = {area.pk: (area, grade) for area, grade in resolved}
    rows = {} if created else {row.area_id: row for row in inspection.grades.all()}
    changed = False
    for area_id, row in rows.items():
        grade = given[area_id][1] if area_id in given else (KEEP if keep_others else None)
        if grade is KEEP or (grade is not None and row.grade_id == grade.pk):
            continue
        if grade is None:
            row.delete()
        else:
            row.grade = grade
            row.full_clean()
            row.save()
        changed = True
    for area_id, (area, grade) in given.items():
        if area_id not in rows and grade is not None:
            row = InspectionGrade(inspection=inspection, area=area, grade=grade)
            row.full_clean()
            row.save()
            changed = True
    return changed


def _inspection_recommendations_store(inspection: Inspection, recommendations: Iterable, *, created: bool) -> bool:
    """Number the recommendations in order and store them; say whether anything changed."""
    wanted = []
    for number, rec in enumerate(recommendations, start=1):
        kind, text = rec if isinstance(rec, tuple) else (InspectionRecommendation.Kind.RECOMMENDATION, rec)
        wanted.append((number, kind, text))
    current = (
        [] if created else list(inspection.recommendations.order_by("number").values_list("number", "kind", "text"))
    )
    if current == wanted:
        return False
    existing = {r.number: r for r in inspection.recommendations.all()}
    for number, kind, text in wanted:
        # Update in place so links from action plans to a recommendation survive.
        rec = existing.pop(number, None) or InspectionRecommendation(inspection=inspection, number=number)
        rec.kind, rec.text = kind, text
        rec.full_clean()
        rec.save()
    for stale in existing.values():
        stale.delete()
    return True


@transaction.atomic
def inspection_record(
    *,
    provider: Provider,
    framework: Framework,
    kind: str,
    start_date: datetime.date,
    end_date=KEEP,
    published_on=KEEP,
    safeguarding=KEEP,
    category_of_concern=KEEP,
    outcome=KEEP,
    inspection_number=KEEP,
    summary=KEEP,
    report_url=KEEP,
    grades: Mapping | None = None,
    grades_partial: bool = False,
    recommendations: Iterable | None = None,
) -> tuple[Inspection, str]:
    """Create or update the inspection of `provider` starting on `start_date`.

    Returns the inspection and "created", "updated" or "unchanged". Optional fields left as KEEP
    keep their current value. `grades` (when given) replace the inspection's grades, or with
    `grades_partial` only those of the areas named (None removing one). `recommendations`
    (texts, or (kind, text) pairs, numbered in order) replace its recommendations when given.
    """
    resolved = resolve_grades(framework=framework, grades=grades) if grades is not None else None
    inspection = Inspection.objects.filter(provider=provider, start_date=start_date).first()
    created = inspection is None
    if created:
        inspection = Inspection(provider=provider, start_date=start_date)
    framework_changed = not created and inspection.framework_id != framework.pk
    fields = {
        "framework": framework,
        "kind": kind,
        "end_date": end_date,
        "published_on": published_on,
        "safeguarding": safeguarding,
        "category_of_concern": category_of_concern,
        "outcome": outcome,
        "inspection_number": inspection_number,
        "summary": summary,
        "report_url": report_url,
    }
    changed = _apply(inspection, fields) or created
    if changed:
        inspection.full_clean(exclude=["overall_grade"])
        inspection.save()
    children_changed = _inspection_grades_store(
        inspection, resolved, created=created, partial=grades_partial, framework_changed=framework_changed
    )
    inspection_refresh_overall(inspection=inspection)
    if recommendations is not None:
        children_changed |= _inspection_recommendations_store(inspection, recommendations, created=created)
    status = "created" if created else ("updated" if changed or children_changed else "unchanged")
    return inspection, status


def trust_get_or_create(*, name: str) -> Trust:
    """The trust of that name, created (with a slug no other trust has) when new."""
    trust = Trust.objects.filter(name=name).first()
    if trust is not None:
        return trust
    base = slugify(name)[:180] or "trust"
    slug, n = base, 1
    while Trust.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    trust = Trust(name=name, slug=slug)
    try:
        trust.full_clean()
    except ValidationError as exc:
        raise ValidationError({"trust": exc.messages}) from None
    trust.save()
    return trust


@transaction.atomic
def provider_upsert(
    *,
    urn: str,
    name: str,
    kind: str,
    phase: str = "",
    trust_name=KEEP,
    ward=KEEP,
    address=KEEP,
    postcode=KEEP,
) -> tuple[Provider, str]:
    """Create or update the provider with this URN.

    Returns the provider and "created", "updated" or "unchanged". Fields left as KEEP keep their
    value. `trust_name` names the academy trust (created when new); a blank name, or a provider
    that is not an academy or free school, has no trust.
    """
    provider = Provider.objects.filter(urn=urn).first()
    created = provider is None
    if created:
        provider = Provider(urn=urn)
    values = {"name": name, "kind": kind, "phase": phase, "ward": ward, "address": address, "postcode": postcode}
    if trust_name is not KEEP:
        wants_trust = trust_name and kind in Provider.TRUST_KINDS
        values["trust"] = trust_get_or_create(name=trust_name) if wants_trust else None
    changed = _apply(provider, values) or created
    if changed:
        provider.full_clean()
        provider.save()
    return provider, "created" if created else ("updated" if changed else "unchanged")


def provider_link_predecessor(*, provider: Provider, predecessor: Provider) -> bool:
    """Record the provider a new one replaced, unless it already has one; say if it changed."""
    if provider.predecessor_id is not None or provider.pk == predecessor.pk:
        return False
    provider.predecessor = predecessor
    provider.full_clean()
    provider.save()
    return True


def framework_in_force(frameworks: Iterable[Framework], *, kind: str, on: datetime.date) -> Framework:
    """Of the given frameworks, the one in force on a date for a provider of this kind."""
    scope = PROVIDER_SCOPES.get(kind, Framework.Scope.OTHER)
    candidates = sorted((f for f in frameworks if f.scope == scope), key=lambda f: f.in_force_from, reverse=True)
    for framework in candidates:
        if framework.in_force_on(on):
            return framework
    raise ValidationError(f"No {Framework.Scope(scope).label.lower()} framework was in force on {on:%-d %B %Y}.")


def framework_for(*, provider: Provider, on: datetime.date, slug: str = "") -> Framework:
    """The framework named by slug, or the one in force on a date for the provider's kind."""
    if slug:
        try:
            return Framework.objects.get(slug=slug)
        except Framework.DoesNotExist:
            raise ValidationError(f"There is no framework “{slug}”.") from None
    scope = PROVIDER_SCOPES.get(provider.kind, Framework.Scope.OTHER)
    return framework_in_force(Framework.objects.filter(scope=scope), kind=provider.kind, on=on)


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
