"""Public pages: home, committees, meetings and paper downloads."""

from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from meetings import panels, params, visibility
from meetings.agendas.models import Despatch, Meeting, Paper
from meetings.committees.models import Committee
from meetings.committees.selectors import memberships_on
from meetings.years import (
    municipal_year_bounds,
    municipal_year_label,
    municipal_year_start,
)


class HomeView(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Each meeting under its committee's name on the day (one query for all their former names).
        visible = (
            Meeting.objects.visible_to(self.request.user)
            .select_related("committee")
            .prefetch_related("committee__former_names")
        )
        ctx["upcoming"] = list(visible.upcoming()[:10])
        ctx["recent_agendas"] = list(visible.published().order_by("-agenda_issued_on", "-start")[:10])
        ctx["committees"] = list(Committee.objects.filter(is_active=True, parent__isnull=True))
        return ctx


class CommitteeListView(ListView):
    template_name = "meetings/committee_list.html"
    context_object_name = "committees"

    def get_queryset(self):
        return Committee.objects.filter(is_active=True, parent__isnull=True).prefetch_related(
            Prefetch("subcommittees", queryset=Committee.objects.filter(is_active=True))
        )


class CommitteeDetailView(DetailView):
    template_name = "meetings/committee_detail.html"
    context_object_name = "committee"

    def get_queryset(self):
        return Committee.objects.select_related("parent", "contact_officer")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        committee = self.object
        today = timezone.localdate()
        ctx["members"] = memberships_on(committee, today)
        ctx["subcommittees"] = list(committee.subcommittees.filter(is_active=True))
        meetings = Meeting.objects.visible_to(self.request.user).filter(committee=committee)
        months = meetings.datetimes("start", "month", order="DESC")
        years = sorted({municipal_year_start(m.date()) for m in months}, reverse=True)
        selected = None
        requested = params.year(self.request.GET)
        if requested in years:
            selected = requested
        elif years:
            current = municipal_year_start(today)
            selected = current if current in years else years[0]
        ctx["years"] = [(y, municipal_year_label(municipal_year_bounds(y)[0])) for y in years]
        ctx["selected_year"] = selected
        if selected is not None:
            first, last = municipal_year_bounds(selected)
            ctx["selected_year_label"] = municipal_year_label(first)
            ctx["year_meetings"] = list(
                meetings.filter(start__date__gte=first, start__date__lte=last).order_by("start")
            )
            for m in ctx["year_meetings"]:
                m.committee = committee  # loaded already: each meeting's name on its date, no query each
        ctx["former_names"] = committee.former_names_in_order()
        ctx["panels"] = panels.render_page("committee", committee, self.request)
        return ctx


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_queryset(self):
        qs = (
            Meeting.objects.visible_to(self.request.user)
            .select_related("committee")
            .prefetch_related("committee__former_names")  # each under its name on the day
        )
        self.when = params.choice(self.request.GET, "when", ("upcoming", "past"), default="upcoming")
        qs = qs.past() if self.when == "past" else qs.upcoming()
        committee = params.text(self.request.GET, "committee")
        if committee:
            qs = qs.filter(committee__slug=committee)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["when"] = self.when
        ctx["committees"] = list(Committee.objects.filter(is_active=True))
        ctx["selected_committee"] = params.text(self.request.GET, "committee")
        return ctx


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related(
            "committee__contact_officer", "committee__parent", "postponed_to"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        # The notice is public once announced; the agenda only once issued (the one rule).
        ctx["agenda_visible"] = agenda_visible = visibility.can_view_agenda(user, meeting)
        items = (
            list(
                meeting.items.order_by("number").prefetch_related(
                    Prefetch("papers", queryset=Paper.objects.visible_to(user).order_by("order", "id"))
                )
            )
            if agenda_visible
            else []
        )
        ctx["despatches"] = (
            list(Despatch.objects.visible_to(user).filter(meeting=meeting).order_by("number")) if agenda_visible else []
        )
        item_panels = panels.render_items(items, self.request)
        for item in items:
            item.panels = item_panels[item.pk]
        ctx["items"] = items
        ctx["panels"] = panels.render_page("meeting", meeting, self.request, items=items, despatches=ctx["despatches"])
        ctx["members"] = memberships_on(meeting.committee, timezone.localtime(meeting.start).date())
        return ctx
