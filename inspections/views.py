import dataclasses
import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from meetings import params
from meetings.models import AgendaItem

from . import charts, services
from .models import EvaluationArea, Framework, Grade, Inspection, InspectionGrade, Provider


def _date_param(value: str) -> datetime.date | None:
    return params.parse_date(value)


def considered_at_prefetch(user) -> Prefetch:
    """Agenda items at which an inspection was considered, limited by the visibility rule."""
    return Prefetch(
        "considered_at",
        queryset=AgendaItem.objects.visible_to(user)
        .select_related("meeting__committee")
        .prefetch_related("meeting__committee__former_names")  # each committee named as on the day
        .order_by("meeting__start"),
        to_attr="visible_considered_at",
    )


class RegisterView(ListView):
    """The public register: providers with their latest inspection, filters and summaries."""

    template_name = "inspections/register.html"
    context_object_name = "providers"
    paginate_by = 50

    def get_filters(self) -> dict:
        get = self.request.GET
        return {
            "kind": params.choice(get, "kind", Provider.Kind.values),
            "phase": params.choice(get, "phase", Provider.Phase.values),
            "ward": params.text(get, "ward"),
            "framework": params.text(get, "framework"),
            "grade": params.text(get, "grade"),
            "from": params.date(get, "from"),
            "to": params.date(get, "to"),
            "q": params.text(get, "q"),
        }

    def filtered(self):
        f = self.filters
        qs = Provider.objects.with_latest_inspection(self.request.user)
        if f["kind"]:
            qs = qs.filter(kind=f["kind"])
        if f["phase"]:
            qs = qs.filter(phase=f["phase"])
        if f["ward"]:
            qs = qs.filter(ward__iexact=f["ward"])
        if f["q"]:
            qs = qs.filter(Q(name__icontains=f["q"]) | Q(urn__iexact=f["q"]))
        if f["framework"]:
            qs = qs.filter(latest_framework_id__in=Framework.objects.filter(slug=f["framework"]).values("pk"))
        if f["grade"]:
            qs = qs.filter(latest_overall_label__iexact=f["grade"])
        if f["from"]:
            qs = qs.filter(latest_start_date__gte=f["from"])
        if f["to"]:
            qs = qs.filter(latest_start_date__lte=f["to"])
        return qs

    def get_queryset(self):
        self.filters = self.get_filters()
        return self.filtered().select_related("trust").order_by("name", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        providers = ctx["providers"]
        latest_ids = [p.latest_inspection_id for p in providers if p.latest_inspection_id]
        latest = {
            i.pk: i
            for i in Inspection.objects.filter(pk__in=latest_ids)
            .select_related("framework", "overall_grade")
            .prefetch_related(
                "framework__areas",
                Prefetch("grades", queryset=InspectionGrade.objects.select_related("area", "grade")),
            )
        }
        for provider in providers:
            provider.latest_inspection = latest.get(provider.latest_inspection_id)
        ctx["filters"] = self.filters
        ctx["kinds"] = Provider.Kind.choices
        ctx["phases"] = Provider.Phase.choices
        ctx["frameworks"] = list(Framework.objects.order_by("scope", "in_force_from"))
        labels = Grade.objects.filter(framework__areas__is_overall=True).order_by("rank", "label")
        ctx["grade_labels"] = list(dict.fromkeys(labels.values_list("label", flat=True)))
        ctx["wards"] = list(
            Provider.objects.exclude(ward="").order_by("ward").values_list("ward", flat=True).distinct()
        )
        base = self.filtered()
        ctx["good_summaries"] = good_or_better_summaries(base, user)
        ctx["legacy_charts"] = legacy_grade_charts(base, user)
        ctx["report_card_charts"] = report_card_charts(base, user)
        ctx["filtered"] = any(self.filters.values())
        return ctx


def _latest_judging(user):
    """Subquery: each provider's latest visible inspection that gives an overall judgement or
    should have: one with an overall grade, or one of a judging kind under a framework that has
    an overall judgement but gave none ("Not judged", as graded school inspections from
    September 2024). Ungraded inspections and visits do not replace the last judgement."""
    has_overall_area = Exists(EvaluationArea.objects.filter(framework=OuterRef("framework"), is_overall=True))
    return (
        Inspection.objects.visible_to(user)
        .filter(provider=OuterRef("pk"))
        .filter(Q(overall_grade__isnull=False) | (Q(kind__in=Inspection.JUDGING_KINDS) & has_overall_area))
        .order_by("-start_date", "-pk")
    )


def good_or_better_summaries(providers, user) -> list[dict]:
    """'N of M early years settings good or outstanding', by provider type, from legacy grades.

    M counts providers whose latest graded inspection carries an overall grade; those whose
    latest graded inspection was not judged for overall effectiveness are counted apart.
    """
    latest = _latest_judging(user)
    rows = (
        providers.annotate(
            latest_judging=Subquery(latest.values("pk")[:1]),
            overall_good=Subquery(latest.values("overall_grade__is_good_or_better")[:1]),
        )
        .filter(latest_judging__isnull=False)
        .values_list("kind", "overall_good")
    )
    counts: dict[str, list[int]] = {}
    for kind, good in rows:
        totals = counts.setdefault(kind, [0, 0, 0])  # good, graded, not judged
        if good is None:
            totals[2] += 1
        else:
            totals[1] += 1
            totals[0] += 1 if good else 0
    plural = {
        Provider.Kind.SCHOOL: "maintained schools",
        Provider.Kind.ACADEMY: "academies",
        Provider.Kind.FREE_SCHOOL: "free schools",
        Provider.Kind.EARLY_YEARS: "early years settings",
        Provider.Kind.CHILDMINDER: "childminders",
        Provider.Kind.CHILDRENS_HOME: "children's homes",
        Provider.Kind.LA_CHILDRENS_SERVICES: "local authority children's services",
        Provider.Kind.FURTHER_EDUCATION: "further education providers",
    }
    return [
        {
            "kind": kind,
            "label": plural[kind],
            "good": good,
            "total": total,
            "percent": round(100 * good / total) if total else None,
            "not_judged": not_judged,
        }
        for kind, (good, total, not_judged) in sorted(
            counts.items(), key=lambda kv: list(Provider.Kind.values).index(kv[0])
        )
    ]


def legacy_grade_charts(providers, user) -> list[charts.BarChart]:
    """Distribution of latest overall grades, one chart per framework with an overall judgement.

    A provider whose latest graded inspection was not judged for overall effectiveness is left
    out, never shown with an older grade."""
    latest = _latest_judging(user)
    rows = (
        providers.annotate(latest_overall_grade=Subquery(latest.values("overall_grade_id")[:1]))
        .filter(latest_overall_grade__isnull=False)
        .values("latest_overall_grade")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {row["latest_overall_grade"]: row["n"] for row in rows}
    if not counts:
        return []
    grades = Grade.objects.filter(pk__in=counts).select_related("framework")
    scales: dict[int, dict] = {}
    for grade in Grade.objects.filter(framework__in=grades.values("framework")).select_related("framework"):
        scale = scales.setdefault(grade.framework_id, {"framework": grade.framework, "grades": []})
        scale["grades"].append(grade)
    result = []
    for scale in sorted(scales.values(), key=lambda s: (s["framework"].scope, s["framework"].in_force_from)):
        framework = scale["framework"]
        result.append(
            charts.BarChart(
                title=f"Latest overall effectiveness: {framework.short_name}",
                caption=f"Providers whose latest overall grade is under the {framework.name}",
                bars=[(g.label, counts.get(g.pk, 0), g.rank) for g in sorted(scale["grades"], key=lambda g: g.rank)],
                scale_size=len(scale["grades"]),
            )
        )
    return result


def report_card_charts(providers, user) -> list[charts.StackedChart]:
    """For each report-card framework, the distribution of grades in each evaluation area."""
    latest_per_framework = (
        Inspection.objects.visible_to(user)
        .filter(provider=OuterRef("provider"), framework=OuterRef("framework"))
        .order_by("-start_date", "-pk")
        .values("pk")[:1]
    )
    latest = (
        Inspection.objects.visible_to(user)
        .filter(provider__in=providers.values("pk"))
        .exclude(framework__areas__is_overall=True)
        .filter(pk=Subquery(latest_per_framework))
    )
    rows = list(
        InspectionGrade.objects.filter(inspection__in=latest.values("pk"))
        .values("inspection__framework", "area", "grade")
        .annotate(n=Count("pk"))
    )
    if not rows:
        return []
    framework_ids = {row["inspection__framework"] for row in rows}
    frameworks = Framework.objects.filter(pk__in=framework_ids).prefetch_related("areas", "grades")
    counts = {(row["area"], row["grade"]): row["n"] for row in rows}
    result = []
    for framework in frameworks:
        grades = sorted(framework.grades.all(), key=lambda g: g.rank)
        areas = []
        for area in framework.areas.all():
            values = [counts.get((area.pk, g.pk), 0) for g in grades]
            if any(values):
                areas.append((area.name, values))
        result.append(
            charts.StackedChart(
                title=f"Report card grades by area: {framework.short_name}",
                caption=f"Latest report card of each provider under the {framework.name}, by evaluation area",
                series=[g.label for g in grades],
                rows=areas,
            )
        )
    return result


class ProviderDetailView(DetailView):
    template_name = "inspections/provider_detail.html"
    context_object_name = "provider"
    slug_field = "urn"
    slug_url_kwarg = "urn"

    def get_queryset(self):
        return Provider.objects.select_related("trust", "predecessor")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        provider = self.object
        inspections = list(
            Inspection.objects.visible_to(user)
            .filter(provider=provider)
            .select_related("framework", "overall_grade")
            .prefetch_related(
                "framework__areas",
                Prefetch("grades", queryset=InspectionGrade.objects.select_related("area", "grade")),
                considered_at_prefetch(user),
            )
            .annotate(recommendation_count=Count("recommendations"))
            .order_by("-start_date")
        )
        ctx["inspections"] = inspections
        ctx["history"] = framework_history(inspections)
        ctx["concern"] = current_concern(inspections)
        ctx["successors"] = list(provider.successors.all())
        if provider.predecessor:
            ctx["predecessor_inspections"] = list(
                Inspection.objects.visible_to(user)
                .filter(provider=provider.predecessor)
                .select_related("framework", "overall_grade")
                .prefetch_related("framework__areas")
                .order_by("-start_date")
            )
        if provider.kind == Provider.Kind.LA_CHILDRENS_SERVICES:
            window = services.next_inspection_window(inspections=inspections)
            ctx["window"] = window
            ctx["window_status"] = window.status(timezone.localdate()) if window else ""
        return ctx


@dataclasses.dataclass(frozen=True)
class GradeCell:
    """One cell of the history table: the grade given, or the overall judgement not given."""

    grade: InspectionGrade | None = None
    not_judged: bool = False


def current_concern(inspections: list[Inspection]) -> Inspection | None:
    """The latest judging inspection (newest first in `inspections`) if it put the provider in a
    category of concern; a later judging inspection without one ends it."""
    latest = next((i for i in inspections if i.kind in Inspection.JUDGING_KINDS), None)
    return latest if latest is not None and latest.category_of_concern else None


def framework_history(inspections: list[Inspection]) -> list[dict]:
    """Group inspections by framework, each with the areas it grades, newest framework first.

    Grades are shown only on their own framework's scale: nothing is converted. An inspection
    that gave no overall grade where its framework has one shows "Not judged" there.
    """
    groups: dict[int, dict] = {}
    for inspection in inspections:
        group = groups.setdefault(
            inspection.framework_id, {"framework": inspection.framework, "inspections": [], "areas": {}}
        )
        inspection.grade_by_area = {g.area_id: g for g in inspection.grades.all()}
        group["inspections"].append(inspection)
        areas = [g.area for g in inspection.grade_by_area.values()]
        if inspection.overall_not_judged:
            areas += [area for area in inspection.framework.areas.all() if area.is_overall]
        for area in areas:
            group["areas"][area.pk] = area
    history = []
    for group in groups.values():
        areas = sorted(group["areas"].values(), key=lambda a: a.order)
        for inspection in group["inspections"]:
            inspection.grade_cells = [
                GradeCell(
                    grade=inspection.grade_by_area.get(area.pk),
                    not_judged=area.is_overall and inspection.overall_not_judged,
                )
                for area in areas
            ]
        history.append({"framework": group["framework"], "inspections": group["inspections"], "areas": areas})
    history.sort(key=lambda g: g["framework"].in_force_from, reverse=True)
    return history


class InspectionDetailView(DetailView):
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        user = self.request.user
        return (
            Inspection.objects.visible_to(user)
            .select_related("provider__trust", "framework", "overall_grade")
            .prefetch_related(
                "framework__areas",
                Prefetch(
                    "grades", queryset=InspectionGrade.objects.select_related("area", "grade").order_by("area__order")
                ),
                "recommendations",
                considered_at_prefetch(user),
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        return ctx


def inspection_report(request, pk: int):
    """Serve an inspection's report file if the inspection is visible; otherwise 404."""
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    if not inspection.report_file:
        raise Http404("This inspection has no report file.")
    try:
        handle = inspection.report_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The report file is missing.") from None
    # Only a PDF is served as one: a file stored before uploads were validated (an HTML page,
    # say) is never handed to a browser under the application/pdf type.
    head = handle.read(1024)
    handle.seek(0)
    if b"%PDF-" not in head:
        handle.close()
        raise Http404("The report file is not a PDF.")
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"ofsted-report-{inspection.provider.urn}-{inspection.start_date}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


class ChildrensServicesDashboardView(TemplateView):
    """Local-authority children's services: last standard inspection and the next window."""

    template_name = "inspections/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        providers = list(
            Provider.objects.filter(kind=Provider.Kind.LA_CHILDRENS_SERVICES).prefetch_related(
                Prefetch(
                    "inspections",
                    queryset=Inspection.objects.visible_to(user)
                    .select_related("framework", "overall_grade")
                    .order_by("-start_date"),
                    to_attr="visible_inspections",
                )
            )
        )
        today = timezone.localdate()
        rows = []
        for provider in providers:
            window = services.next_inspection_window(inspections=provider.visible_inspections)
            status = window.status(today) if window else "No standard inspection recorded"
            later = [i for i in provider.visible_inspections if window and i.start_date > window.basis.start_date]
            rows.append({"provider": provider, "window": window, "status": status, "since": later})
        ctx["rows"] = rows
        ctx["today"] = today
        return ctx
