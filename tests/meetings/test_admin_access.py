"""What a committee officer meets in the admin: no technical records or fields (those are for
superusers), and person pickers that offer only people of the right kind."""

import pytest
from django.urls import reverse

from meetings.committees.models import Person

from ..admin_forms import admin_form_data
from .builders import upload
from .factories import AgendaItemFactory, CommitteeFactory, PersonFactory

TECHNICAL = {
    "Built PDFs": "packbuild",
    "Pack change counters": "packgeneration",
    "Search entries": "searchentry",
    "Meeting calendar entries": "meetingcalendarentry",
    "Alert deliveries": "alertdelivery",
    "OParl tombstones": "oparltombstone",
}


@pytest.fixture
def superuser_client(client, admin_client_user):
    client.force_login(admin_client_user)
    return client


def test_technical_records_are_for_superusers_only(officer, superuser_client):
    officer_index = officer.get(reverse("admin:index")).text
    superuser_index = superuser_client.get(reverse("admin:index")).text
    for name, model in TECHNICAL.items():
        assert name not in officer_index
        assert name in superuser_index
        changelist = reverse(f"admin:meetings_{model}_changelist")
        assert officer.get(changelist).status_code == 403
        assert superuser_client.get(changelist).status_code == 200
    # What officers work with is still there.
    for name in ("Meetings", "Papers", "Decisions", "Minutes of meetings", "People"):
        assert name in officer_index
    assert "HistoricalAction_lead_users" not in officer_index
    assert "HistoricalAction_lead_users" in superuser_index


def test_paper_rows_show_officer_columns_and_hashes_only_to_superusers(officer, superuser_client, db):
    item = AgendaItemFactory(title="Daycare Providers")
    paper = upload(item, title="Daycare report", pages=2)
    officer_list = officer.get(reverse("admin:meetings_paper_changelist")).text
    assert "Daycare report" in officer_list and "Page count" in officer_list
    for technical in ("Size bytes", "Sha256", paper.sha256):
        assert technical not in officer_list
    assert "Size bytes" in superuser_client.get(reverse("admin:meetings_paper_changelist")).text
    officer_form = officer.get(reverse("admin:meetings_paper_change", args=[paper.pk])).text
    assert paper.sha256 not in officer_form and "Original filename" not in officer_form
    assert paper.sha256 in superuser_client.get(reverse("admin:meetings_paper_change", args=[paper.pk])).text
    # The item's page lists its papers without hashes or byte sizes too.
    item_page = officer.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).text
    assert "Daycare report" in item_page and paper.sha256 not in item_page


def _offered(client, model: str, field: str) -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "meetings", "model_name": model, "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def test_person_pickers_offer_only_people_of_the_right_kind(officer, db):
    councillor = PersonFactory(first_name="Chris", last_name="Councillor")
    co_opted = PersonFactory(first_name="Bea", last_name="Coopted", kind=Person.Kind.CO_OPTED, title="Mrs")
    clerk = PersonFactory(first_name="Rachel", last_name="Officer", kind=Person.Kind.OFFICER, title="")
    assert _offered(officer, "committee", "contact_officer") == {str(clerk)}
    assert _offered(officer, "membership", "person") == {str(councillor), str(co_opted)}
    assert _offered(officer, "attendance", "substitute_for") == {str(councillor), str(co_opted)}
    # Officers attend meetings too: anyone may be recorded as attending.
    assert _offered(officer, "attendance", "person") == {str(councillor), str(co_opted), str(clerk)}
    # A councillor given as contact officer anyway is refused with a message, not saved.
    committee = CommitteeFactory()
    url = reverse("admin:meetings_committee_change", args=[committee.pk])
    data = admin_form_data(officer.get(url))
    data["contact_officer"] = councillor.pk
    response = officer.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    data["contact_officer"] = clerk.pk
    assert officer.post(url, data).status_code == 302
    committee.refresh_from_db()
    assert committee.contact_officer == clerk
