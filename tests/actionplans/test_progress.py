"""Lead officers update their own actions; everyone else is refused; history records before/after."""

import datetime

import pytest
from django.utils import timezone

from actionplans.models import ProgressUpdate, Rag
from tests.factories import UserFactory

from .factories import ActionFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    action = ActionFactory(number="A1.1")
    return rate(
        action, Rag.AMBER, "Audit half done.", author_name="Imported from spreadsheet", as_at=datetime.date(2018, 6, 14)
    )


def update_url(action):
    return f"/action-plans/{action.recommendation.plan_id}/actions/{action.pk}/update/"


def test_lead_officer_updates_own_action_and_history_keeps_before_and_after(client, action):
    lead = UserFactory(username="lead", first_name="Sean", last_name="McKendrick")
    action.lead_users.add(lead)
    client.force_login(lead)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Update progress" in page
    form = client.get(update_url(action))
    assert form.status_code == 200
    assert 'class="govuk-radios' in form.content.decode()  # GOV.UK markup from crispy-forms-gds
    response = client.post(
        update_url(action),
        {"rag": "blue", "text": "Audit complete: 612 cases.", "as_at": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert action.rag == Rag.BLUE and action.progress == "Audit complete: 612 cases."
    latest = action.updates.latest()
    assert latest.author == lead and latest.author_name == "Sean McKendrick"
    assert latest.rag_before == Rag.AMBER and latest.text_before == "Audit half done."
    assert latest.created_at.date() == timezone.localdate()
    assert action.updates.count() == 2  # the history stays
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Audit complete: 612 cases." in page and "Audit half done." in page
    assert "was Amber" in page and "Sean McKendrick" in page


def test_someone_else_is_refused(client, action):
    client.force_login(UserFactory(username="other"))
    assert client.get(update_url(action)).status_code == 403
    assert client.post(update_url(action), {"rag": "red", "text": "x", "as_at": "01/01/2018"}).status_code == 403
    assert "Update progress" not in client.get(action.get_absolute_url()).content.decode()
    action.refresh_from_db()
    assert action.rag == Rag.AMBER and action.updates.count() == 1


def test_councillor_is_refused(councillor_client, action):
    assert councillor_client.post(update_url(action), {"rag": "red", "text": "x"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, action):
    response = client.get(update_url(action))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    page = client.get(action.get_absolute_url()).content.decode()
    assert "/accounts/login/?next=" in page and "sign in to update" in page


def test_form_errors_name_the_field_and_change_nothing(client, action):
    lead = UserFactory(username="lead")
    action.lead_users.add(lead)
    client.force_login(lead)
    response = client.post(update_url(action), {"rag": "", "text": "", "as_at": "31/02/2018"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose a RAG rating" in body and "Enter the progress update" in body
    assert "Enter the date as day/month/year" in body
    assert action.updates.count() == 1


def test_unpublished_plan_actions_are_404_to_leads_too(client, action):
    plan = action.recommendation.plan
    plan.published = False
    plan.save()
    lead = UserFactory(username="lead")
    action.lead_users.add(lead)
    client.force_login(lead)
    assert client.get(update_url(action)).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 404


def test_officer_in_admin_updates_any_action(officer_client, officer_user, action):
    url = f"/admin/actionplans/action/{action.pk}/change/"
    page = officer_client.get(url)
    assert page.status_code == 200
    data = {
        "recommendation": action.recommendation_id,
        "number": action.number,
        "order": 1,
        "activity": action.activity,
        "outcome": action.outcome,
        "timeline": "31/03/15",
        "due_date": "2015-03-31",
        "lead": action.lead,
        "new_rag": "red",
        "new_progress": "Slipped: two audits outstanding.",
        "updates-TOTAL_FORMS": 1,
        "updates-INITIAL_FORMS": 1,
        "updates-MIN_NUM_FORMS": 0,
        "updates-MAX_NUM_FORMS": 1000,
        "updates-0-id": action.updates.get().pk,
        "updates-0-action": action.pk,
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    action.refresh_from_db()
    assert action.rag == Rag.RED and action.progress == "Slipped: two audits outstanding."
    latest = action.updates.latest()
    assert latest.author == officer_user and latest.rag_before == Rag.AMBER


def test_admin_bulk_set_rag_records_an_update_each(admin_client_user, client):
    one, two = ActionFactory(), ActionFactory()
    rate(one, Rag.RED)
    client.force_login(admin_client_user)
    url = "/admin/actionplans/action/"
    confirm = client.post(url, {"action": "set_rag", "_selected_action": [one.pk, two.pk]})
    assert confirm.status_code == 200 and "Set RAG rating" in confirm.content.decode()
    done = client.post(
        url, {"action": "set_rag", "_selected_action": [one.pk, two.pk], "apply": "1", "rag": "green", "note": ""}
    )
    assert done.status_code == 302
    one.refresh_from_db(), two.refresh_from_db()
    assert one.rag == two.rag == Rag.GREEN
    assert one.progress == "Progress reported."  # kept: no note given
    assert ProgressUpdate.objects.filter(action=one).latest().rag_before == Rag.RED
    assert ProgressUpdate.objects.filter(action=two).count() == 1
    assert ProgressUpdate.objects.filter(action=two).get().author == admin_client_user
