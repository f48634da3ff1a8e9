"""Pages run a bounded number of queries whatever the data size."""

import datetime

import pytest
from django.utils import timezone

from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_meeting(db):
    committee = CommitteeFactory(contact_officer=PersonFactory(kind="officer"))
    for _n in range(12):
        MembershipFactory(committee=committee, start=datetime.date(2000, 5, 1))
    meeting = MeetingFactory(committee=committee)
    for number in range(1, 31):
        item = AgendaItemFactory(
            meeting=meeting, number=number, exempt=number % 7 == 0, exempt_paragraph=3 if number % 7 == 0 else None
        )
        PaperFactory(item=item)
        PaperFactory(item=item, exempt=number % 5 == 0)
    return meeting


@pytest.mark.parametrize("who", ["anonymous", "councillor", "officer"])
def test_meeting_page_with_30_items_and_60_papers(
    client, big_meeting, django_assert_max_num_queries, councillor_user, officer_user, who
):
    if who == "councillor":
        client.force_login(councillor_user)
    elif who == "officer":
        client.force_login(officer_user)
    # 16: the packs of this meeting are not built yet, so the page also asks whether a build is
    # waiting for the task worker ("being prepared"); once they are stored that query is not made.
    with django_assert_max_num_queries(16):
        response = client.get(big_meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="scrutiny-agenda__item"') == 30


def test_committee_page_is_bounded(client, django_assert_max_num_queries):
    committee = CommitteeFactory()
    for _n in range(40):
        MembershipFactory(committee=committee, start=datetime.date(2000, 5, 1))
    for n in range(60):
        MeetingFactory(committee=committee, start=timezone.now() - datetime.timedelta(days=30 * n))
    with django_assert_max_num_queries(10):
        response = client.get(committee.get_absolute_url())
    assert response.status_code == 200


def test_home_page_is_bounded(client, django_assert_max_num_queries):
    for n in range(40):
        MeetingFactory(start=timezone.now() + datetime.timedelta(days=n + 1))
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count("scrutiny-meta") >= 10


def test_lists_are_bounded(client, django_assert_max_num_queries):
    for n in range(80):
        MeetingFactory(start=timezone.now() + datetime.timedelta(days=n + 1))
        PersonFactory()
    with django_assert_max_num_queries(8):
        assert client.get("/meetings/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/people/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/committees/").status_code == 200
