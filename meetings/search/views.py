"""The search page: a GET form over the search index (meetings/search.py)."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from meetings import params
from meetings.committees.models import Committee
from meetings.search.selectors import SearchFilters, search, snippets
from meetings.search.services import registry
from meetings.templatetags.scrutiny import uk_date

PAGE_SIZE = 20


def committee_name(entry) -> str:
    """The entry's committee as named on the entry's date (a renamed committee's old meetings
    under their old name)."""
    if entry.committee is None:
        return ""
    return entry.committee.names_on(entry.date).name if entry.date else entry.committee.name


class SearchForm(forms.Form):
    ORDER_CHOICES = [("relevance", "Most relevant"), ("newest", "Newest first")]

    q = forms.CharField(label="Search for", max_length=200, required=False)
    kind = forms.MultipleChoiceField(label="Type", required=False, choices=())
    committee = forms.ChoiceField(label="Committee", required=False, choices=())
    from_day = forms.CharField(required=False, max_length=2)
    from_month = forms.CharField(required=False, max_length=2)
    from_year = forms.CharField(required=False, max_length=4)
    to_day = forms.CharField(required=False, max_length=2)
    to_month = forms.CharField(required=False, max_length=2)
    to_year = forms.CharField(required=False, max_length=4)
    order = forms.ChoiceField(label="Sort by", required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.kinds()
        self.committees = committees
        self.fields["committee"].choices = [("", "All committees")] + [(c.slug, c.name) for c in committees]

    def _date(self, prefix: str, label: str) -> datetime.date | None:
        parts = [self.cleaned_data.get(f"{prefix}_{p}", "").strip() for p in ("day", "month", "year")]
        if not any(parts):
            return None
        if not all(parts):
            missing = [name for name, value in zip(("day", "month", "year"), parts, strict=False) if not value]
            self.add_error(f"{prefix}_day", f"The ‘{label}’ date must include a {' and '.join(missing)}.")
            return None
        day = params.make_date(*parts)
        if day is None:
            self.add_error(f"{prefix}_day", f"The ‘{label}’ date must be a real date, for example 27 3 2019.")
        return day

    def clean(self):
        data = super().clean()
        data["date_from"] = self._date("from", "from")
        data["date_to"] = self._date("to", "to")
        if data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]:
            self.add_error("to_day", "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        committee_id = next((c.pk for c in self.committees if c.slug == data.get("committee")), None)
        return SearchFilters(
            query=data.get("q", ""),
            kinds=data.get("kind") or [],
            committee_id=committee_id,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            order=data.get("order") or "relevance",
        )


class SearchView(TemplateView):
    template_name = "meetings/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        committees = list(Committee.objects.order_by("name").only("pk", "slug", "name"))
        form = SearchForm(self.request.GET or None, committees=committees)
        ctx["form"] = form
        if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
            filters = form.filters()
            results = search(user=self.request.user, filters=filters)
            paginator = Paginator(results.ids, PAGE_SIZE)
            page = paginator.get_page(self.request.GET.get("page"))
            entries = results.entries(list(page.object_list))
            found = snippets(entries, filters.query)  # for the page shown only
            labels = dict(registry.kinds())
            for entry in entries:
                entry.snippet = found.get(entry.pk, [])
                entry.kind_label = labels.get(entry.kind, entry.kind)
                # Precomputed here, so the template's loop has no tags or includes per result.
                entry.meta = ", ".join(part for part in (committee_name(entry), uk_date(entry.date)) if part)
            total = results.estimated_total if results.truncated else len(results)
            ctx.update(
                query=filters.query,
                page_obj=page,
                results=entries,
                searched=True,
                truncated=results.truncated,
                total=total,
                ranked=len(results),
            )
        return ctx
