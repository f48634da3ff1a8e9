"""The meeting page names the inspections each agenda item considered, in a fixed number of queries."""

import datetime

import pytest
from django.test import Client

from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory

from .factories import EarlyYearsFactory, ProviderFactory, record

pytestmark = pytest.mark.django_db


def test_meeting_page_shows_inspections_considered(client):
    item = AgendaItemFactory(title="Daycare Providers")
    other = AgendaItemFactory(meeting=item.meeting, title="Terms of Reference and Work Programme")
    nursery = EarlyYearsFactory(name="Superkids Levenshulme")
    inspection = record(
        nursery, "early-years-2015", start=datetime.date(2018, 4, 10), grades={"overall": "Outstanding"}
    )
    inspection.considered_at.add(item)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    section = html.split(f'id="item-{item.number}"')[1].split(f'id="item-{other.number}"')[0]
    assert "Inspections considered" in section
    assert "Superkids Levenshulme: Graded inspection, 10 April 2018</a> (Outstanding)" in section
    assert inspection.get_absolute_url() in section
    assert "Inspections considered" not in html.split(f'id="item-{other.number}"')[1]


def test_unpublished_inspection_is_not_named_to_the_public(client, officer_user):
    item = AgendaItemFactory()
    school = ProviderFactory(name="Embargoed School")
    inspection = record(
        school,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 9),
        published=datetime.date(2099, 1, 1),
        grades={},
    )
    inspection.considered_at.add(item)
    assert "Embargoed School" not in client.get(item.meeting.get_absolute_url()).content.decode()
    officer = Client()
    officer.force_login(officer_user)
    assert "Embargoed School" in officer.get(item.meeting.get_absolute_url()).content.decode()


def test_meeting_page_stays_bounded_with_inspections_on_every_item(client):
    """One query loads the inspections of every item (other apps' parts of the page are theirs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = MeetingFactory()
    for number in range(1, 31):
        item = AgendaItemFactory(meeting=meeting, number=number)
        PaperFactory(item=item)
        PaperFactory(item=item)
        for _ in range(2):
            record(ProviderFactory(), "schools-eif-2019", grades={"overall": "Good"}).considered_at.add(item)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.get_absolute_url())
    assert response.content.decode().count("Inspections considered") == 30
    ours = [q["sql"] for q in queries.captured_queries if '"inspections_' in q["sql"]]
    assert len(ours) == 1
