"""The workspace's "The next meeting" line: the committee's next meeting to open, or a button that
creates it (four weeks on at the same time of day, standing items copied) after a page saying
what will happen."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings.agendas import services
from meetings.models import Meeting
from tests.factories import UserFactory

from .factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def meeting_with_items(start: datetime.datetime) -> Meeting:
    meeting = MeetingFactory(committee=CommitteeFactory(), start=start, venue="Room 1", agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes of the previous meeting", standing=True)
    AgendaItemFactory(meeting=meeting, number=2, title="A one-off report")
    AgendaItemFactory(meeting=meeting, number=3, title="Work Programme", standing=True)
    return meeting


def panel(client, meeting) -> str:
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    return html.unescape(page[page.index('id="workspace-next-meeting"') : page.index('id="workspace-packs"')])


def test_four_weeks_on_at_the_same_time_of_day_across_summer_time():
    meeting = meeting_with_items(datetime.datetime(2026, 3, 24, 10, 0, tzinfo=LONDON))  # before the clocks go forward
    assert services.next_meeting_start(meeting) == datetime.datetime(2026, 4, 21, 10, 0, tzinfo=LONDON)
    new = services.meeting_create_next(meeting=meeting)
    assert new.start == datetime.datetime(2026, 4, 21, 10, 0, tzinfo=LONDON)


def test_the_button_confirms_then_creates_the_meeting_with_its_standing_items(officer_client):
    meeting = meeting_with_items(datetime.datetime(2026, 3, 24, 10, 0, tzinfo=LONDON))
    line = panel(officer_client, meeting)
    url = reverse("admin:meetings_meeting_next", args=[meeting.pk])
    assert "No later meeting" in line and url in line
    page = officer_client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Minutes of the previous meeting; Work Programme" in text
    assert 'value="2026-04-21"' in text and 'value="10:00"' in text  # proposed, in the boxes' own format
    assert Meeting.objects.count() == 1, "nothing is created until the page is posted"

    response = officer_client.post(url, {"date": "2026-04-28", "time": "14:00"})
    new = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:meetings_meeting_change", args=[new.pk]))
    assert new.start == datetime.datetime(2026, 4, 28, 14, 0, tzinfo=LONDON)
    assert (new.committee, new.venue, new.agenda_issued_on) == (meeting.committee, "Room 1", None)
    assert list(new.items.order_by("number").values_list("number", "title")) == [
        (1, "Minutes of the previous meeting"),
        (2, "Work Programme"),
    ]
    # Now the line opens it instead.
    line = panel(officer_client, meeting)
    assert "Open the next meeting" in line and "Create the next meeting" not in line


def test_a_missing_date_is_asked_for_and_nothing_is_created(officer_client):
    meeting = meeting_with_items(datetime.datetime(2026, 3, 24, 10, 0, tzinfo=LONDON))
    response = officer_client.post(reverse("admin:meetings_meeting_next", args=[meeting.pk]), {"time": "10:00"})
    assert response.status_code == 200 and "This field is required" in response.text
    assert Meeting.objects.count() == 1


def test_only_those_who_may_add_meetings_see_the_button_or_the_page(client):
    meeting = meeting_with_items(datetime.datetime(2026, 3, 24, 10, 0, tzinfo=LONDON))
    viewer = UserFactory(username="viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    viewer.user_permissions.add(Permission.objects.get(codename="change_meeting"))
    client.force_login(viewer)
    assert "Create the next meeting" not in panel(client, meeting)
    assert client.get(reverse("admin:meetings_meeting_next", args=[meeting.pk])).status_code == 404
