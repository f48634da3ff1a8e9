from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, resolve_url
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from meetings import sending, visibility
from meetings.packs import cache as pack_cache

from . import presenters, selectors, services
from .forms import ProgressUpdateForm
from .models import Action, ActionPlan, ProgressUpdate, Snapshot
from .printing import snapshot_context, snapshot_print_html
from .querysets import can_manage_plans
from .spreadsheet import export_csv, export_xlsx


def visible_inspection_links(user, plan: ActionPlan, recommendations) -> dict:
    """The plan's inspection and its recommendations' inspection recommendations, where the
    inspection is one the user may see (inspections' own visible_to rule)."""
    from inspections.models import Inspection, InspectionRecommendation

    visible = Inspection.objects.visible_to(user)
    inspection = (
        visible.select_related("provider").filter(pk=plan.inspection_id).first() if plan.inspection_id else None
    )
    ids = {r.inspection_recommendation_id for r in recommendations if r.inspection_recommendation_id}
    found = {}
    if ids:
        found = (
            InspectionRecommendation.objects.filter(pk__in=ids, inspection__in=visible)
            .select_related("inspection")
            .in_bulk()
        )
    for rec in recommendations:
        rec.visible_inspection_rec = found.get(rec.inspection_recommendation_id)
    return {"inspection": inspection}


def login_url(request) -> str:
    url = resolve_url(settings.LOGIN_URL)
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def can_update_action(user, action: Action) -> bool:
    """Lead officers update their own actions; officers who manage plans may update any."""
    if not user.is_authenticated:
        return False
    if user.has_perm("actionplans.change_action"):
        return True
    return action.lead_users.filter(pk=user.pk).exists()


class PlanMixin:
    def get_plan(self) -> ActionPlan:
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                ActionPlan.objects.visible_to(self.request.user).select_related("committee"), pk=self.kwargs["pk"]
            )
        return self._plan


class PlanListView(ListView):
    template_name = "actionplans/plan_list.html"
    context_object_name = "plans"
    paginate_by = 25

    def get_queryset(self):
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .select_related("committee")
            .annotate(action_count=Count("recommendations__actions", distinct=True))
            .order_by("-created_at", "title")
        )


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "actionplans/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.get_plan()
        today = timezone.localdate()
        sections = selectors.plan_sections(plan)
        section_rows, overdue, overall = presenters.summarise_sections(sections, today)
        filters = presenters.ActionFilters.from_params(self.request.GET)
        table, shown = presenters.action_table(sections, filters)
        rag, lead, section_id = filters.rag, filters.lead, filters.section
        leads = sorted({a.lead for s in sections for r in s.recommendations.all() for a in r.actions.all() if a.lead})

        snapshots = list(Snapshot.objects.visible_to(self.request.user).filter(plan=plan).order_by("as_at", "id"))
        ctx.update(
            visible_inspection_links(self.request.user, plan, [r for s in sections for r in s.recommendations.all()])
        )
        ctx.update(
            plan=plan,
            sections=sections,
            section_rows=section_rows,
            overall=presenters.count_rows(overall),
            overall_total=sum(overall.values()),
            overdue=overdue,
            today=today,
            table=table,
            shown=shown,
            leads=leads,
            rag_choices=[{"value": r.value or "none", "label": r.label} for r in presenters.RAG_ORDER],
            selected={"rag": rag, "lead": lead, "section": section_id},
            filtered=bool(rag or lead or section_id),
            legend=presenters.legend(),
            snapshots=snapshots,
            chart=presenters.snapshot_chart(snapshots) if snapshots else None,
            can_manage=can_manage_plans(self.request.user),
        )
        return ctx


class ActionDetailView(PlanMixin, DetailView):
    template_name = "actionplans/action_detail.html"
    context_object_name = "action"
    pk_url_kwarg = "action_pk"

    def get_queryset(self):
        return Action.objects.filter(recommendation__plan=self.get_plan()).select_related(
            "recommendation__section", "recommendation__plan"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        action = self.object
        ctx["plan"] = self.get_plan()
        ctx.update(visible_inspection_links(self.request.user, ctx["plan"], [action.recommendation]))
        ctx["rec"] = action.recommendation
        ctx["history"] = list(ProgressUpdate.objects.filter(action=action).select_related("author"))
        ctx["can_update"] = can_update_action(self.request.user, action)
        ctx["login_url"] = login_url(self.request)
        ctx["legend"] = presenters.legend()
        return ctx


class ProgressUpdateView(PlanMixin, FormView):
    template_name = "actionplans/progress_form.html"
    form_class = ProgressUpdateForm

    def dispatch(self, request, *args, **kwargs):
        self.action = get_object_or_404(
            Action.objects.select_related("recommendation__plan"),
            pk=kwargs["action_pk"],
            recommendation__plan=self.get_plan(),
        )
        if not request.user.is_authenticated:
            return HttpResponseRedirect(login_url(request))
        if not can_update_action(request.user, self.action):
            raise PermissionDenied("Only the action's lead officers can update its progress.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"rag": self.action.rag or "none", "text": self.action.progress}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(plan=self.get_plan(), action=self.action)
        return ctx

    def form_valid(self, form):
        services.progress_update_record(
            action=self.action,
            rag=form.cleaned_data["rag"],
            text=form.cleaned_data["text"],
            as_at=form.cleaned_data["as_at"],
            by=self.request.user,
        )
        messages.success(self.request, f"Progress of action {self.action} updated.")
        return HttpResponseRedirect(self.action.get_absolute_url())


class PlanExportView(PlanMixin, View):
    def get(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404("Export as .csv or .xlsx")
        plan = self.get_plan()
        if fmt == "xlsx":
            data = export_xlsx(plan)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            data = export_csv(plan)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.{fmt}"'
        return response


class SnapshotMixin(PlanMixin):
    def get_snapshot(self) -> Snapshot:
        return get_object_or_404(
            Snapshot.objects.visible_to(self.request.user).select_related("agenda_item__meeting__committee"),
            pk=self.kwargs["snapshot_pk"],
            plan=self.get_plan(),
        )


class SnapshotDetailView(SnapshotMixin, TemplateView):
    template_name = "actionplans/snapshot_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        snapshot = self.get_snapshot()
        ctx.update(snapshot_context(snapshot))
        others = Snapshot.objects.visible_to(self.request.user).filter(plan=snapshot.plan).exclude(pk=snapshot.pk)
        ctx["others"] = list(others.order_by("as_at", "id"))
        return ctx


class SnapshotPrintView(SnapshotMixin, View):
    """The printable landscape page (the same HTML WeasyPrint turns into the PDF)."""

    def get(self, request, pk, snapshot_pk):
        return HttpResponse(snapshot_print_html(self.get_snapshot()))


class SnapshotPdfView(SnapshotMixin, View):
    """The snapshot as PDF: rendered once per content version (a hash of its printed HTML and
    the pack template version) into the packs storage, and streamed from there like packs."""

    def get(self, request, pk, snapshot_pk):
        snapshot = self.get_snapshot()
        name = pack_cache.part_file(snapshot_print_html(snapshot))
        public = Snapshot.objects.visible_to(visibility.THE_PUBLIC).filter(pk=snapshot.pk).exists()
        return sending.send_file(
            request,
            name,
            filename=f"action-plan-{pk}-as-at-{snapshot.as_at:%Y-%m-%d}.pdf",
            etag=name.rsplit("/", 1)[-1].removesuffix(".pdf"),
            cache_control="public, max-age=300" if public else "private, no-store",
        )


class SnapshotCompareView(PlanMixin, TemplateView):
    template_name = "actionplans/snapshot_compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.get_plan()
        snapshots = list(Snapshot.objects.visible_to(self.request.user).filter(plan=plan).order_by("as_at", "id"))
        by_id = {str(s.pk): s for s in snapshots}
        older, newer = by_id.get(self.request.GET.get("from", "")), by_id.get(self.request.GET.get("to", ""))
        if older is None and newer is None and len(snapshots) >= 2:
            older, newer = snapshots[-2], snapshots[-1]
        if (self.request.GET.get("from") or self.request.GET.get("to")) and (older is None or newer is None):
            raise Http404("No such snapshot")
        if older and newer and (older.as_at, older.pk) > (newer.as_at, newer.pk):
            older, newer = newer, older
        ctx.update(plan=plan, snapshots=snapshots, older=older, newer=newer, legend=presenters.legend())
        if older and newer:
            ctx["diff"] = services.snapshots_compare(older=older, newer=newer)
        return ctx
