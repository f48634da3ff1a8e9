"""No 5xx on bad input: every public page that reads query parameters answers
4xx or ignores the parameter for huge or negative integers, other scripts' digits, NUL bytes,
invalid or extreme dates and over-long strings. Runs on whichever DATABASE_URL is set (NUL bytes
only fail on PostgreSQL)."""

import datetime

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplans.services import snapshot_create
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.meetings.builders import minute_with_decision, past_meeting
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory

pytestmark = pytest.mark.django_db

# page → (URL, base query, parameters it reads)
SEARCH_BASE = {
    "q": "ofsted",
    "from_day": "1",
    "from_month": "5",
    "from_year": "2018",
    "to_day": "1",
    "to_month": "5",
    "to_year": "2030",
}
TARGETS = {
    "committee": ("/committees/{committee}/", {}, ["year"]),
    "work-programme": ("/committees/{committee}/work-programme/", {}, ["year"]),
    "meetings": ("/meetings/", {}, ["when", "committee", "page"]),
    "people": ("/people/", {}, ["kind", "page"]),
    "decisions": ("/decisions/", {}, ["committee", "status", "kind", "from", "to", "page"]),
    "alerts": ("/alerts/", {}, ["committee"]),
    "search": (
        "/search/",
        SEARCH_BASE,
        [
            "q",
            "kind",
            "committee",
            "from_day",
            "from_month",
            "from_year",
            "to_day",
            "to_month",
            "to_year",
            "order",
            "page",
        ],
    ),
    "inspections": ("/inspections/", {}, ["kind", "phase", "ward", "framework", "grade", "from", "to", "q", "page"]),
    "plans": ("/action-plans/", {}, ["page"]),
    "plan": ("/action-plans/{plan}/", {}, ["rag", "lead", "section"]),
    "compare": ("/action-plans/{plan}/snapshots/compare/", {}, ["from", "to"]),
    "sitemap": ("/sitemap-meetings.xml", {}, ["p"]),
}

NASTY = [
    "²",
    "١٢",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999999",
    "1e9",
    " 12 ",
    "\x00",
    "ofsted\x00",
    "2018-05-01\x00",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "10000-01-01",
    "2018-02-30",
    "x" * 5000,
    "%",
    "\u202e",
    "last",
]


@pytest.fixture
def world(db):
    committee = CommitteeFactory(slug="ofsted-subgroup")
    meeting = past_meeting(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Ofsted update")
    minute_with_decision(meeting=meeting, title="Ofsted update", decision="To note the report.")
    plan = ActionPlanFactory(committee=committee, published=True)
    ActionFactory(recommendation__section__plan=plan, recommendation__plan=plan)
    snapshot_create(plan=plan, as_at=datetime.date(2018, 5, 1))
    snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 1))
    return {"committee": committee.slug, "plan": plan.pk}


def get(world, page: str, param: str, value: str):
    url, base, _params = TARGETS[page]
    response = Client().get(url.format(**world), {**base, param: value})
    assert response.status_code < 500, (page, param, value, response.status_code)
    return response


@pytest.mark.parametrize("page", TARGETS)
def test_known_bad_values_never_give_a_server_error(world, page):
    for param in TARGETS[page][2]:
        for value in NASTY:
            get(world, page, param, value)


def test_unicode_digits_in_the_year_are_ignored(world):
    response = get(world, "committee", "year", "²")
    assert response.status_code == 200
    assert get(world, "work-programme", "year", "٢٠١٨").status_code == 200


values = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=8),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda s: s + "\x00"),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str),
    st.tuples(st.integers(-5, 99999), st.integers(-5, 99), st.integers(-5, 99)).map(lambda t: "%d-%02d-%02d" % t),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=2000),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)


@pytest.mark.parametrize("page", TARGETS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_of_any_parameter_never_gives_a_server_error(world, page, data):
    param = data.draw(st.sampled_from(TARGETS[page][2]), label="param")
    get(world, page, param, data.draw(values, label="value"))
