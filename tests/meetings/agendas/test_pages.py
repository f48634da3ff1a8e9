"""What the public pages show."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded, db):
    return Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2))


def test_meeting_page_shows_the_agenda_like_the_seed(client, demo):
    page = client.get(demo.get_absolute_url()).content.decode()
    assert "Tuesday, 2 October 2018" in page
    assert "10.00 am" in page
    assert "Council Chamber, Level 2, Town Hall Extension" in page
    assert "There is no public access from the Lloyd Street entrances" in page
    assert "To approve as a correct record the minutes of the meeting held on 26 June 2018." in page
    assert "Report of the Director and Deputy Director of Children&#x27;s Services" in page
    assert "Post Ofsted Inspection Action Plan - Progress Report" in page
    paper = demo.items.get(number=2).papers.get()
    assert f"{paper.page_count} pages" in page
    assert "To follow" in page
    assert "Exempt under paragraph 3 of Schedule 12A" in page
    assert "The papers for this item are not available to the public." in page
    assert "Rachel McKeon" in page and "0161 234 4497" in page
    assert "This agenda was issued on Monday, 24 September 2018" in page
    # Membership with the chair and co-optees' representation.
    assert "Councillor Lovecy" in page and "Chair" in page
    assert "Representative of the Diocese of Manchester" in page


def test_cancelled_and_postponed_meetings_show_a_banner(client):
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED, status_note="The meeting will not now take place.")
    postponed = MeetingFactory(status=Meeting.Status.POSTPONED, status_note="It will now be held on 9 March.")
    page = client.get(cancelled.get_absolute_url()).content.decode()
    assert "This meeting has been cancelled." in page and "will not now take place" in page
    page = client.get(postponed.get_absolute_url()).content.decode()
    assert "This meeting has been postponed." in page and "9 March" in page


def test_committee_page_groups_meetings_by_municipal_year(client, demo):
    committee = demo.committee
    page = client.get(committee.get_absolute_url() + "?year=2018").content.decode()
    assert "Municipal year 2018/19" in page
    for date in ("Tuesday, 26 June 2018", "Tuesday, 2 October 2018", "Tuesday, 29 January 2019"):
        assert date in page
    # Announced, its agenda not issued: the schedule is public as soon as it is entered.
    assert "Tuesday, 12 March 2019" in page
    assert "Agenda not yet published" in page
    assert "Representative of the Diocese of Manchester" in page
    assert "consider inspection reports and performance information for Manchester Schools" in page
    MeetingFactory(
        committee=committee,
        start=timezone.make_aware(datetime.datetime(2018, 4, 10, 10)),
        agenda_issued_on=datetime.date(2018, 4, 1),
    )
    page = client.get(committee.get_absolute_url() + "?year=2017").content.decode()
    assert "Municipal year 2017/18" in page and "Tuesday, 10 April 2018" in page
    # (The terms of reference further down list their own year's schedule of meetings.)
    assert "Tuesday, 2 October 2018" not in page[: page.index('id="terms-of-reference"')]


def test_home_lists_upcoming_meetings_and_recent_agendas(client):
    soon = MeetingFactory(start=timezone.now() + datetime.timedelta(days=3))
    AgendaItemFactory(meeting=soon)
    page = client.get("/").content.decode()
    assert "Upcoming meetings" in page and soon.committee.name in page
    assert "Recently issued agendas" in page


def test_people_pages(client, demo):
    page = client.get("/people/?kind=co_opted").content.decode()
    assert "Mrs B Kellner" in page and "Councillor Lovecy" not in page
    lovecy = client.get("/people/lovecy/").content.decode()
    assert "Ofsted Subgroup" in lovecy and "Chair" in lovecy


def test_long_lists_are_paginated(client):
    from meetings.models import Person

    for n in range(60):
        PersonFactory(last_name=f"Zed{n:03d}")
    # Fifty to a page, by last name: anyone already listed (the demo's people, once this module
    # has loaded it) comes before the Zeds.
    before = Person.objects.exclude(last_name__startswith="Zed").count()
    last, next_ = f"Zed{49 - before:03d}", f"Zed{50 - before:03d}"
    first = client.get("/people/").content.decode()
    assert "govuk-pagination" in first and last in first and next_ not in first
    second = client.get("/people/?page=2").content.decode()
    assert next_ in second


def test_styled_404(client):
    response = client.get("/meetings/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-header" in response.content.decode()


def test_styled_500(client):
    from scrutiny.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_login_lets_a_councillor_see_exempt_papers(client, councillor_user):
    councillor_user.set_password("a-long-password-123")
    councillor_user.save()
    response = client.post("/accounts/login/", {"username": "councillor", "password": "a-long-password-123"})
    assert response.status_code == 302
    bad = client.post("/accounts/login/", {"username": "councillor", "password": "wrong"})
    assert "There is a problem" in bad.content.decode()


def test_demo_load_is_idempotent(demo):
    from meetings.models import AgendaItem, Membership, Paper, Person

    counts = [M.objects.count() for M in (Meeting, AgendaItem, Paper, Person, Membership)]
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == [M.objects.count() for M in (Meeting, AgendaItem, Paper, Person, Membership)]
