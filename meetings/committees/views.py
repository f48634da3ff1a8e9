"""Public pages of people."""

from django.utils import timezone
from django.views.generic import DetailView, ListView

from meetings import panels
from meetings.committees.models import Person


class PersonListView(ListView):
    template_name = "meetings/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        qs = Person.objects.all()
        self.kind = self.request.GET.get("kind", "")
        if self.kind in Person.Kind.values:
            qs = qs.filter(kind=self.kind)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = Person.Kind.choices
        ctx["selected_kind"] = self.kind
        return ctx


class PersonDetailView(DetailView):
    template_name = "meetings/person_detail.html"
    context_object_name = "person"
    model = Person

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        memberships = list(
            self.object.memberships.select_related("committee")
            .prefetch_related("committee__former_names")  # each under the committee's name of its day
            .order_by("-start", "committee__name")
        )
        today = timezone.localdate()
        ctx["current_memberships"] = [m for m in memberships if m.is_current(today)]
        ctx["past_memberships"] = [m for m in memberships if not m.is_current(today)]
        ctx["supports"] = list(self.object.committees_supported.filter(is_active=True))
        ctx["panels"] = panels.render_page("person", self.object, self.request)
        return ctx
