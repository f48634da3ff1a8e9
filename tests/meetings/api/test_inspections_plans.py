"""Providers, inspections and action plans (with RAG) in the API, under the visibility rule."""

import datetime

import pytest

from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory, rate
from tests.inspections.factories import ProviderFactory, record

pytestmark = pytest.mark.django_db


def test_inspections_unpublished_are_hidden_from_the_public(public, officer):
    school = ProviderFactory(name="Ashgrove Primary School")
    published = record(school, start=datetime.date(2022, 3, 1))
    hidden = record(school, start=datetime.date(2024, 3, 1), published=datetime.date(2099, 1, 1))

    providers = public.get("/api/providers/").json()["data"]
    assert [p["name"] for p in providers] == ["Ashgrove Primary School"]
    inspections = public.get(providers[0]["inspection"]).json()["data"]
    assert [i["startDate"] for i in inspections] == ["2022-03-01"]
    assert public.get(f"/api/inspections/{hidden.pk}/").status_code == 404
    assert public.get(f"/api/inspections/{published.pk}/").json()["provider"] == providers[0]["id"]
    assert officer.get(f"/api/inspections/{hidden.pk}/").status_code == 200


def test_action_plans_carry_rag_and_hide_unpublished_plans(public, officer):
    plan = ActionPlanFactory(title="Published plan")
    rec = RecommendationFactory(section=SectionFactory(plan=plan), plan=plan, code="A1")
    action = rate(ActionFactory(recommendation=rec, number="A1.1"), "red", text="Timescale slipped.")
    draft = ActionPlanFactory(title="Draft plan", published=False)
    ActionFactory(recommendation=RecommendationFactory(section=SectionFactory(plan=draft), plan=draft))

    plans = public.get("/api/action-plans/").json()["data"]
    assert [p["title"] for p in plans] == ["Published plan"]
    got = plans[0]["recommendation"][0]["action"][0]
    assert (got["number"], got["rag"], got["ragLabel"], got["progress"]) == ("A1.1", "red", "Red", "Timescale slipped.")
    assert [a["number"] for a in public.get("/api/actions/").json()["data"]] == ["A1.1"]
    assert public.get(f"/api/action-plans/{draft.pk}/").status_code == 404
    assert sorted(p["title"] for p in officer.get("/api/action-plans/").json()["data"]) == [
        "Draft plan",
        "Published plan",
    ]
    assert public.get(f"/api/actions/{action.pk}/").json()["plan"] == plans[0]["id"]


def test_inspection_and_plan_lists_use_bounded_queries(public, django_assert_max_num_queries):
    for n in range(8):
        school = ProviderFactory()
        record(school, start=datetime.date(2020 + n % 4, 3, 1 + n))
        plan = ActionPlanFactory()
        for code in ("A1", "A2"):
            rec = RecommendationFactory(section=SectionFactory(plan=plan), plan=plan, code=code)
            for _ in range(3):
                ActionFactory(recommendation=rec)
    for url in ("/api/providers/", "/api/inspections/", "/api/action-plans/", "/api/actions/"):
        with django_assert_max_num_queries(7, info=url):
            response = public.get(url)
        assert response.status_code == 200 and response.json()["pagination"]["totalElements"] >= 8
