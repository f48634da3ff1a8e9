"""Providers, inspections, action plans and actions are searchable under the same rule."""

import datetime

import pytest

from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory, rate
from tests.inspections.factories import ProviderFactory, record

pytestmark = pytest.mark.django_db


def titles(browser, q, **params):
    return sorted(e.title for e in browser.get("/search/", {"q": q, **params}).context["results"])


def test_providers_and_published_inspections_are_found(public, officer):
    school = ProviderFactory(name="Quenby Primary School")
    record(school, start=datetime.date(2022, 3, 1), summary="Pupils at Quenby enjoy reading.")
    record(
        school,
        start=datetime.date(2024, 3, 1),
        published=datetime.date(2099, 1, 1),
        summary="Unpublished Quenby draft findings.",
    )

    found = titles(public, "quenby")
    assert "Quenby Primary School" in found
    assert [t for t in found if "2022" in t] and not [t for t in found if "2024" in t]
    assert titles(public, "quenby", kind="provider") == ["Quenby Primary School"]
    assert [t for t in titles(officer, "quenby") if "2024" in t]


def test_unpublished_action_plans_and_actions_are_for_officers_only(public, officer):
    plan = ActionPlanFactory(title="Vantolly improvement plan", published=False)
    section = SectionFactory(plan=plan)
    rec = RecommendationFactory(section=section, plan=plan)
    action = ActionFactory(recommendation=rec, activity="Audit Vantolly cases.")

    assert titles(public, "vantolly") == []
    assert titles(officer, "vantolly") == ["Vantolly improvement plan", f"{action.number} Audit Vantolly cases."]

    plan.published = True
    plan.save()

    assert titles(public, "vantolly", kind="action") == [f"{action.number} Audit Vantolly cases."]
    assert titles(public, "vantolly", kind="action_plan") == ["Vantolly improvement plan"]


def test_action_progress_is_searchable_once_recorded(public):
    action = ActionFactory(activity="Recruit social workers.")
    rate(action, "amber", text="Twelve Oxhampton recruits started in March.")
    assert titles(public, "oxhampton") == ["%s Recruit social workers." % action.number]


def test_an_inspection_becomes_findable_on_its_publication_date_without_reindexing(public, monkeypatch):
    """Search stores the publication date and decides "published on or before today" when searching."""
    from django.utils import timezone

    from meetings.models import SearchEntry

    school = ProviderFactory(name="Wendlebury Academy")
    record(
        school,
        start=datetime.date(2024, 3, 1),
        published=datetime.date(2030, 6, 3),
        summary="Wendlebury findings embargoed.",
    )
    updated = SearchEntry.objects.values_list("updated_at", flat=True)
    before = sorted(updated)

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2030, 6, 2))
    assert not [t for t in titles(public, "wendlebury") if "2024" in t]

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2030, 6, 3))
    assert [t for t in titles(public, "wendlebury") if "2024" in t]
    assert sorted(SearchEntry.objects.values_list("updated_at", flat=True)) == before  # nothing re-indexed
