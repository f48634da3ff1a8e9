"""Admin smoke tests: every changelist and change form of the action plan models works."""

import datetime

import pytest

from actionplans import services
from actionplans.models import Rag
from tests.admin_forms import admin_form_data

from .factories import ActionFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    action = rate(ActionFactory(number="A1.1", improvement_notice=True), Rag.RED, "Slipped.")
    snapshot = services.snapshot_create(plan=action.recommendation.plan, as_at=datetime.date(2018, 6, 26))
    return {
        "actionplan": action.recommendation.plan,
        "section": action.recommendation.section,
        "recommendation": action.recommendation,
        "action": action,
        "progressupdate": action.updates.get(),
        "snapshot": snapshot,
    }


@pytest.mark.parametrize("model", ["actionplan", "section", "recommendation", "action", "progressupdate", "snapshot"])
def test_changelist_and_change_form(officer_client, data, model):
    changelist = officer_client.get(f"/admin/actionplans/{model}/")
    assert changelist.status_code == 200
    assert officer_client.get(f"/admin/actionplans/{model}/{data[model].pk}/change/").status_code == 200
    assert officer_client.get(f"/admin/actionplans/{model}/add/").status_code == 200


def test_actions_filter_by_rag_with_badges(officer_client, data):
    green = rate(ActionFactory(number="B1.1"), Rag.GREEN)
    body = officer_client.get("/admin/actionplans/action/", {"rag": "red"}).content.decode()
    assert "A1.1" in body and green.number not in body
    assert "scrutiny-badge--red" in body and ">Red<" in body and "Improvement Notice" in body
    unrated = officer_client.get("/admin/actionplans/action/", {"rag": "none"}).content.decode()
    assert "A1.1" not in unrated


def test_recommendation_shows_actions_inline_and_rollup(officer_client, data):
    body = officer_client.get(f"/admin/actionplans/recommendation/{data['recommendation'].pk}/change/").content.decode()
    assert 'id="actions-group"' in body and "A1.1" in body
    listing = officer_client.get("/admin/actionplans/recommendation/").content.decode()
    assert "From its actions" in listing


def test_publish_action(officer_client, data):
    plan = data["actionplan"]
    plan.published = False
    plan.save()
    officer_client.post("/admin/actionplans/actionplan/", {"action": "publish", "_selected_action": [plan.pk]})
    plan.refresh_from_db()
    assert plan.published


def test_actions_added_inline_take_their_due_date_from_the_timeline_like_the_action_form(officer_client, data):
    from actionplans.models import Action

    rec = data["recommendation"]
    url = f"/admin/actionplans/recommendation/{rec.pk}/change/"
    post = admin_form_data(officer_client.get(url))
    post["actions-TOTAL_FORMS"] = "2"
    post.update(
        {
            "actions-1-number": "A1.2",
            "actions-1-order": "2",
            "actions-1-activity": "Audit cases.",
            "actions-1-timeline": "31/03/2019",
            "actions-1-recommendation": str(rec.pk),
        }
    )
    response = officer_client.post(url, post)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Action.objects.get(number="A1.2").due_date == datetime.date(2019, 3, 31)

    action_url = f"/admin/actionplans/action/{data['action'].pk}/change/"
    post = admin_form_data(officer_client.get(action_url))
    post.update({"timeline": "30/04/2019", "due_date": ""})
    assert officer_client.post(action_url, post).status_code == 302
    assert Action.objects.get(pk=data["action"].pk).due_date == datetime.date(2019, 4, 30)
