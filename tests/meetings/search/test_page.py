"""The search page: form, filters, ranking, snippets, pagination, errors."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.meetings.builders import paper_with_text
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_search_page_shows_form_and_is_linked_from_the_navigation(public):
    response = public.get("/")
    assert 'href="/search/"' in response.content.decode()
    page = public.get("/search/").content.decode()
    assert '<label class="govuk-label govuk-label--m" for="id_q">' in page
    assert "results for" not in page


def test_paper_text_is_searchable_with_a_highlighted_escaped_snippet(public):
    paper_with_text("The <script>alert(1)</script> Sheldrake nursery was judged good.", title="Nursery report")
    page = public.get("/search/", {"q": "sheldrake"}).content.decode()
    assert "1 result for ‘sheldrake’" in page
    assert "<mark>Sheldrake</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "Nursery report" in page


def test_english_stemming_or_substring_finds_plural_forms(public):
    AgendaItemFactory(title="Ofsted inspections of children's homes")
    titles = [e.title for e in public.get("/search/", {"q": "inspection"}).context["results"]]
    assert titles == ["Ofsted inspections of children's homes"]
    if connection.vendor == "postgresql":  # stemming: "inspected" shares the stem "inspect"
        titles = [e.title for e in public.get("/search/", {"q": "inspected"}).context["results"]]
        assert titles == ["Ofsted inspections of children's homes"]


def test_title_matches_rank_above_body_matches(public):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Work programme", purpose="Includes a note on fostering.")
    AgendaItemFactory(meeting=meeting, title="Fostering service annual report", purpose="To receive the report.")
    titles = [e.title for e in public.get("/search/", {"q": "fostering"}).context["results"]]
    assert titles == ["Fostering service annual report", "Work programme"]


def test_filters_by_kind_committee_and_date(public):
    cyp = CommitteeFactory(name="Children and Young People Scrutiny Committee", slug="cyp")
    other = CommitteeFactory(name="Economy Scrutiny Committee", slug="economy")
    old = MeetingFactory(committee=cyp, start=timezone.make_aware(datetime.datetime(2018, 10, 2, 10)))
    new = MeetingFactory(committee=other, start=timezone.make_aware(datetime.datetime(2019, 3, 5, 10)))
    AgendaItemFactory(meeting=old, title="Kestrelbury school places")
    AgendaItemFactory(meeting=new, title="Kestrelbury business park")
    paper_with_text("Kestrelbury appendix", item=AgendaItemFactory(meeting=old, title="Other"), title="Appendix")

    def titles(**params):
        return sorted(e.title for e in public.get("/search/", {"q": "kestrelbury", **params}).context["results"])

    assert titles() == ["Appendix", "Kestrelbury business park", "Kestrelbury school places"]
    assert titles(kind="paper") == ["Appendix"]
    assert titles(kind=["paper", "agenda_item"]) == [
        "Appendix",
        "Kestrelbury business park",
        "Kestrelbury school places",
    ]
    assert titles(committee="economy") == ["Kestrelbury business park"]
    assert titles(from_day="1", from_month="1", from_year="2019") == ["Kestrelbury business park"]
    assert titles(to_day="31", to_month="12", to_year="2018") == ["Appendix", "Kestrelbury school places"]
    page = public.get("/search/", {"q": "kestrelbury", "committee": "economy"}).content.decode()
    assert '<option value="economy" selected>' in page


def test_newest_first_ordering(public):
    for year in (2017, 2019, 2018):
        meeting = MeetingFactory(start=timezone.make_aware(datetime.datetime(year, 6, 1, 10)))
        AgendaItemFactory(meeting=meeting, title=f"Pellington {year}")
    titles = [e.title for e in public.get("/search/", {"q": "pellington", "order": "newest"}).context["results"]]
    assert titles == ["Pellington 2019", "Pellington 2018", "Pellington 2017"]


def test_a_bad_date_is_named_and_nothing_is_searched(public):
    AgendaItemFactory(title="Larkspur report")
    response = public.get("/search/", {"q": "larkspur", "from_day": "31", "from_month": "2", "from_year": "2019"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The ‘from’ date must be a real date" in page
    assert "results for" not in page
    response = public.get("/search/", {"q": "larkspur", "to_day": "3", "to_month": "", "to_year": "2019"})
    assert "The ‘to’ date must include a month." in response.content.decode()


def test_results_are_paginated_with_bounded_queries(public, django_assert_max_num_queries):
    meeting = MeetingFactory()
    for n in range(45):
        AgendaItemFactory(meeting=meeting, number=n + 1, title=f"Marlowfield item {n}")
    with django_assert_max_num_queries(8):
        first = public.get("/search/", {"q": "marlowfield"})
    assert first.context["page_obj"].paginator.count == 45
    assert len(first.context["results"]) == 20
    page = first.content.decode()
    assert "45 results for ‘marlowfield’" in page
    assert 'rel="next"' in page
    third = public.get("/search/", {"q": "marlowfield", "page": 3})
    assert len(third.context["results"]) == 5


def test_rebuild_command_restores_a_lost_index(public):
    from meetings.models import SearchEntry

    paper_with_text("Tressington outcomes", title="Outcomes")
    AgendaItemFactory(title="Tressington review")
    SearchEntry.objects.all().delete()
    assert public.get("/search/", {"q": "tressington"}).context["results"] == []

    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))

    assert sorted(e.title for e in public.get("/search/", {"q": "tressington"}).context["results"]) == [
        "Outcomes",
        "Tressington review",
    ]


def test_very_common_words_rank_the_most_recent_matches_and_say_about_how_many(public, settings):
    settings.SEARCH_MAX_RESULTS = 10
    meeting = MeetingFactory()
    for n in range(15):
        AgendaItemFactory(meeting=meeting, number=n + 1, title=f"Brackenholt item {n}")
    if connection.vendor == "postgresql":  # the estimate comes from the planner's statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_searchentry")
    response = public.get("/search/", {"q": "brackenholt"})
    page = response.content.decode()
    heading = re.search(r"About ([\d,]+) results for ‘brackenholt’", page)
    assert heading, "a truncated search says about how many matched"
    # Counted on SQLite; PostgreSQL's planner estimate, never fewer than were found (11).
    if connection.vendor == "postgresql":
        assert 11 <= int(heading[1].replace(",", "")) <= 30
    else:
        assert heading[1] == "15"
    assert "Showing the most relevant of the 10 most recent." in page
    assert len(response.context["results"]) == 10
    narrow = public.get("/search/", {"q": "brackenholt item 3"}).content.decode()
    assert re.search(r"\b[12] results? for ‘brackenholt item 3’", narrow)
    assert not re.search(r"About [\d,]+ result", narrow) and "Showing the most relevant" not in narrow


def test_estimated_counts_are_rounded_and_never_below_what_was_found(monkeypatch):
    from meetings.search import selectors

    class Planned:  # what PostgreSQL's EXPLAIN (FORMAT JSON) answers, for a given estimate
        def __init__(self, rows):
            self.rows = rows

        def order_by(self):
            return self

        def values(self, *fields):
            return self

        def explain(self, format):
            return '{"Plan": {"Node Type": "Bitmap Heap Scan", "Plan Rows": %d}}' % self.rows

    monkeypatch.setattr(selectors, "is_postgresql", lambda: True)
    assert selectors.estimate_count(Planned(134_102), at_least=501) == 130_000
    assert selectors.estimate_count(Planned(8_957), at_least=501) == 9_000
    assert selectors.estimate_count(Planned(87), at_least=11) == 87
    assert selectors.estimate_count(Planned(3), at_least=501) == 501  # a stale estimate


def test_punctuation_alone_finds_nothing(public):
    AgendaItemFactory(title="Anything at all")
    response = public.get("/search/", {"q": "!!! &&"})
    assert response.context["results"] == []
    assert "0 results for" in response.content.decode()
