import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services

from ..builders import make_minute, publish_minutes
from ..factories import AgendaItemFactory, CommitteeFactory, MeetingFactory


def build(exempt=True):
    meeting = MeetingFactory(
        committee=CommitteeFactory(short_code="CYP/OSG"), start=timezone.make_aware(datetime.datetime(2018, 6, 26, 10))
    )
    item = AgendaItemFactory(
        meeting=meeting,
        number=3,
        title="Action Plan for St Matthew's High School",
        exempt=exempt,
        exempt_paragraph=3 if exempt else None,
    )
    minute = make_minute(meeting, title=item.title, item=item, narrative="<p>Secret discussion of pupils</p>")
    services.decision_create(minute=minute, text="To recommend that officers meet ward councillors.")
    return meeting


def test_draft_minutes_are_for_officers_only(officer_client, db):
    meeting = build(exempt=False)
    url = reverse("meetings:minutes", args=[meeting.pk])
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    assert "Secret discussion" not in anonymous.get(meeting.get_absolute_url()).text
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "Draft minutes, not yet published: only officers can see them." in response.text


def test_exempt_minute_keeps_heading_but_withholds_text_and_decisions(client, db):
    meeting = build(exempt=True)
    publish_minutes(meeting)
    response = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert "CYP/OSG/18/01" in response.text
    assert "Action Plan for St Matthew&#x27;s High School" in response.text
    assert "Draft – subject to approval" in response.text
    assert "Secret discussion" not in response.text
    assert "meet ward councillors" not in response.text
    assert "not available to the public" in response.text
    register = client.get(reverse("meetings:decisions-register"))
    assert "meet ward councillors" not in register.text


def test_councillors_see_exempt_minute_text(councillor_client, db):
    meeting = build(exempt=True)
    publish_minutes(meeting)
    response = councillor_client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert "Secret discussion" in response.text
    assert "meet ward councillors" in response.text
    assert "meet ward councillors" in councillor_client.get(reverse("meetings:decisions-register")).text


def test_published_minutes_show_on_meeting_page(client, db):
    meeting = build(exempt=False)
    publish_minutes(meeting)
    response = client.get(meeting.get_absolute_url())
    assert "Secret discussion of pupils" in response.text
    assert reverse("meetings:minutes", args=[meeting.pk]) in response.text


def test_minutes_of_a_draft_meeting_stay_hidden(client, db):
    meeting = MeetingFactory(agenda_issued_on=None)
    make_minute(meeting, narrative="<p>Hidden</p>")
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404
