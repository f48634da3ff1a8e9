"""Public pages for minutes, the decisions register and the work programme."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from meetings import params
from meetings.agendas.models import Meeting
from meetings.committees.models import Committee
from meetings.minutes.models import Decision
from meetings.minutes.selectors import (
    NewestDecisions,
    current_terms,
    minutes_context,
    programme_years,
    work_programme,
)
from meetings.years import (
    municipal_year_bounds,
    municipal_year_label,
    municipal_year_start,
)


class MinutesView(TemplateView):
    """The minutes of one meeting; 404 unless the visibility rule lets the user read them."""

    template_name = "meetings/minutes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = get_object_or_404(
            Meeting.objects.visible_to(self.request.user).select_related("committee__parent"), pk=self.kwargs["pk"]
        )
        data = minutes_context(meeting=meeting, user=self.request.user)
        if data is None:
            raise Http404("No minutes have been published for this meeting.")
        ctx.update(data)
        return ctx


def _parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# The register's "Type" filter: blank (the default) lists what is tracked; "all" adds the
# procedural decisions (minutes approved, public excluded, reports noted).
ALL_KINDS = "all"


class DecisionsRegisterView(ListView):
    """Every decision, recommendation and request, with where it has got to; procedural
    decisions only when asked for."""

    template_name = "meetings/decisions_register.html"
    context_object_name = "decisions"
    paginate_by = 50

    def get_queryset(self):
        get = self.request.GET
        qs = Decision.objects.visible_to(self.request.user)
        meetings = Meeting.objects.all()  # walked newest first to find a page (NewestDecisions)
        self.filters = {
            "committee": params.text(get, "committee"),
            "status": params.text(get, "status"),
            "kind": params.text(get, "kind"),
            "from": params.text(get, "from", max_length=40),
            "to": params.text(get, "to", max_length=40),
        }
        # GOV.UK date inputs (from_day, from_month, from_year …); ISO `from`/`to` still work for old links.
        for key in ("from", "to"):
            for part in ("day", "month", "year"):
                self.filters[f"{key}_{part}"] = params.text(get, f"{key}_{part}", max_length=4)
        self.errors = {}
        self.committees = list(Committee.objects.order_by("name"))
        if self.filters["committee"]:
            # By id: one table fewer in each query for the planner to join.
            chosen = [c.pk for c in self.committees if c.slug == self.filters["committee"]]
            qs = qs.filter(minute__meeting__committee_id__in=chosen)
            meetings = meetings.filter(committee_id__in=chosen)
        if self.filters["status"] in Decision.Status.values:
            qs = qs.filter(status=self.filters["status"])
        if self.filters["kind"] in Decision.Kind.values:
            qs = qs.filter(kind=self.filters["kind"])
        elif self.filters["kind"] != ALL_KINDS:
            qs = qs.tracked()
        for key, lookup in (("from", "gte"), ("to", "lte")):
            parts = [self.filters[f"{key}_{part}"] for part in ("day", "month", "year")]
            if any(parts):
                missing = [name for name, value in zip(("day", "month", "year"), parts, strict=True) if not value]
                if missing:
                    self.errors[key] = f"The date must include a {' and '.join(missing)}"
                    continue
                day = params.make_date(*parts)
            elif self.filters[key]:
                day = params.parse_date(self.filters[key])
            else:
                continue
            if day is None:
                self.errors[key] = "Enter a real date, for example 26 6 2018"
            else:
                qs = qs.filter(**{f"minute__meeting__start__date__{lookup}": day})
                meetings = meetings.filter(**{f"start__date__{lookup}": day})
        self.newest = NewestDecisions(qs, meetings=meetings)
        return self.newest

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filters"] = self.filters
        ctx["errors"] = self.errors
        ctx["committees"] = self.committees
        ctx["statuses"] = Decision.Status.choices
        ctx["kinds"] = [(ALL_KINDS, "All, including procedural"), *Decision.Kind.choices]
        ctx["truncated"] = self.newest.truncated
        return ctx


class WorkProgrammeView(DetailView):
    template_name = "meetings/work_programme.html"
    context_object_name = "committee"

    def get_queryset(self):
        return Committee.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        years = programme_years(committee=self.object, user=user)
        requested = params.year(self.request.GET)
        if requested in years:
            year = requested
        elif years:
            current = municipal_year_start(timezone.localdate())
            year = current if current in years else years[0]
        else:
            year = municipal_year_start(timezone.localdate())
        ctx["years"] = [(y, municipal_year_label(municipal_year_bounds(y)[0])) for y in years]
        ctx["selected_year"] = year
        ctx["selected_year_label"] = municipal_year_label(municipal_year_bounds(year)[0])
        ctx["programme"] = work_programme(committee=self.object, user=user, year=year)
        ctx["terms"] = current_terms(committee=self.object)
        return ctx
