"""A committee officer (staff, not a superuser, no permission on auth.User)
can pick the lead users of an action in the admin."""

import pytest
from django.urls import reverse

from tests.actionplans.factories import ActionFactory
from tests.factories import UserFactory

AUTOCOMPLETE = "admin:actionplans_action_lead_users_autocomplete"


def admin_form_data(response) -> dict:
    """The POST data of an admin change form as rendered (main form, every inline, management forms)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif hasattr(field.widget, "format_value") and not isinstance(value, str):
                data[key] = field.widget.format_value(value)
            else:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def action(db):
    return ActionFactory()


def test_committee_officer_loads_the_action_page_and_the_lead_users_picker(officer_client, officer_user, action):
    assert not officer_user.is_superuser and not officer_user.has_perm("auth.view_user")
    UserFactory(username="jsmith", first_name="Jane", last_name="Smith")
    UserFactory(username="gone", first_name="Jane", last_name="Gone", is_active=False)

    page = officer_client.get(reverse("admin:actionplans_action_change", args=[action.pk]))
    assert page.status_code == 200
    url = reverse(AUTOCOMPLETE)
    assert f'data-ajax--url="{url}"' in page.text  # the picker asks our view, not the user admin's

    response = officer_client.get(
        url, {"term": "jane smi", "app_label": "actionplans", "model_name": "action", "field_name": "lead_users"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["text"] for r in results] == ["Jane Smith (jsmith)"]  # inactive users are not offered

    # The recommendation page's action inline uses the same picker.
    page = officer_client.get(reverse("admin:actionplans_recommendation_change", args=[action.recommendation.pk]))
    assert page.status_code == 200 and f'data-ajax--url="{url}"' in page.text


def test_officer_saves_lead_users_through_the_admin(officer_client, action):
    lead = UserFactory(username="lead")
    url = reverse("admin:actionplans_action_change", args=[action.pk])
    data = admin_form_data(officer_client.get(url))
    data["lead_users"] = [str(lead.pk)]
    response = officer_client.post(url, data)
    assert response.status_code == 302
    assert list(action.lead_users.all()) == [lead]
    # The audit trail records who changed the lead users, and to whom.
    record = action.history.first()
    assert [row.user for row in record.lead_users.all()] == [lead]
    assert record.history_user.username == "officer"


def test_the_picker_is_not_for_the_public_or_other_users(client, db):
    url = reverse(AUTOCOMPLETE)
    assert client.get(url, {"term": "a"}).status_code == 302  # to the admin login
    client.force_login(UserFactory(username="staff-without-perms", is_staff=True))
    assert client.get(url, {"term": "a"}).status_code == 403
