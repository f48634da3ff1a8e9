import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def event_for(cal, meeting) -> icalendar.Event:
    [event] = [e for e in cal.walk("VEVENT") if str(e["URL"]).endswith(meeting.get_absolute_url())]
    return event


def test_all_meetings_calendar_lists_published_meeting_with_its_details(client, world):
    cal = parse(client.get(reverse("meetings:calendar")))
    assert "council meetings" in str(cal["X-WR-CALNAME"])
    event = event_for(cal, world.published)
    assert str(event["SUMMARY"]) == "Ofsted Subgroup"
    assert str(event["LOCATION"]) == "Council Antechamber, Level 2, Town Hall Extension"
    assert event.decoded("DTSTART") == world.published.start
    assert event.decoded("DTEND") == world.published.end
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert str(event["URL"]) == "http://testserver" + world.published.get_absolute_url()


def test_draft_meeting_never_in_any_calendar_even_for_officers(client, officer_client, world):
    for c in (client, officer_client):
        for url in (reverse("meetings:calendar"), reverse("meetings:committee-calendar", args=["ofsted-subgroup"])):
            response = c.get(url)
            assert b"Draftvenue" not in response.content
            assert len(list(parse(response).walk("VEVENT"))) == 1
    assert client.get(reverse("meetings:meeting-calendar", args=[world.draft.pk])).status_code == 404
    assert officer_client.get(reverse("meetings:meeting-calendar", args=[world.draft.pk])).status_code == 404


def test_committee_calendar_only_has_that_committees_meetings(client, world):
    MeetingFactory(committee=world.other_committee, venue="Economy room")
    cal = parse(client.get(reverse("meetings:committee-calendar", args=["ofsted-subgroup"])))
    assert str(cal["X-WR-CALNAME"]) == "Ofsted Subgroup meetings"
    assert [str(e["LOCATION"]) for e in cal.walk("VEVENT")] == [world.published.venue]
    everything = parse(client.get(reverse("meetings:calendar")))
    assert len(list(everything.walk("VEVENT"))) == 2


def test_unknown_committee_calendar_is_404(client, db):
    assert client.get(reverse("meetings:committee-calendar", args=["nope"])).status_code == 404


def test_uid_stays_and_sequence_rises_when_a_meeting_moves(client, world):
    url = reverse("meetings:committee-calendar", args=["ofsted-subgroup"])
    first = event_for(parse(client.get(url)), world.published)
    again = event_for(parse(client.get(url)), world.published)
    assert again["SEQUENCE"] == first["SEQUENCE"] == 0  # unchanged meeting: same sequence

    meeting = Meeting.objects.get(pk=world.published.pk)
    meeting.start += datetime.timedelta(hours=4)
    meeting.end += datetime.timedelta(hours=4)
    meeting.save()
    moved = event_for(parse(client.get(url)), world.published)
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == meeting.start

    meeting.venue = "Committee Room 6"
    meeting.save()
    relocated = event_for(parse(client.get(reverse("meetings:calendar"))), world.published)
    assert relocated["SEQUENCE"] == 2
    assert str(relocated["LOCATION"]) == "Committee Room 6"


def test_cancelled_meeting_is_sent_as_cancelled(client, world):
    Meeting.objects.filter(pk=world.published.pk).update(
        status=Meeting.Status.CANCELLED, status_note="Rearranged for 20 November."
    )
    event = event_for(parse(client.get(reverse("meetings:calendar"))), world.published)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("CANCELLED: ")
    assert "Rearranged for 20 November." in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == 0  # first time served


def test_cancelling_after_subscribers_fetched_raises_sequence(client, world):
    url = reverse("meetings:calendar")
    before = event_for(parse(client.get(url)), world.published)
    Meeting.objects.filter(pk=world.published.pk).update(status=Meeting.Status.CANCELLED)
    after = event_for(parse(client.get(url)), world.published)
    assert str(before["STATUS"]) == "CONFIRMED"
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert str(after["UID"]) == str(before["UID"])


def test_postponed_meeting_is_cancelled_at_that_time(client, world):
    Meeting.objects.filter(pk=world.published.pk).update(status=Meeting.Status.POSTPONED)
    event = event_for(parse(client.get(reverse("meetings:calendar"))), world.published)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("POSTPONED: ")


def test_single_meeting_calendar_for_add_to_calendar_link(client, world):
    page = client.get(world.published.get_absolute_url())
    link = reverse("meetings:meeting-calendar", args=[world.published.pk])
    assert link.encode() in page.content
    cal = parse(client.get(link))
    [event] = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == world.published.start


def test_calendar_queries_are_bounded(client, db, django_assert_max_num_queries):
    start = timezone.now() + datetime.timedelta(days=3)
    MeetingFactory.create_batch(60, start=start)
    with django_assert_max_num_queries(6):
        cal = parse(client.get(reverse("meetings:calendar")))
    assert len(list(cal.walk("VEVENT"))) == 60
    with django_assert_max_num_queries(6):
        parse(client.get(reverse("meetings:calendar")))


def test_calendar_keeps_past_meetings_and_caps_the_oldest(client, world, monkeypatch):
    from meetings.syndication import calendars

    old = MeetingFactory(
        committee=world.committee,
        start=(timezone.now() - datetime.timedelta(days=3000)).replace(microsecond=0),
        agenda_issued_on=datetime.date(2017, 1, 1),
    )
    cal = parse(client.get(reverse("meetings:committee-calendar", args=["ofsted-subgroup"])))
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [old.start, world.published.start]
    monkeypatch.setattr(calendars, "CALENDAR_MAX_EVENTS", 1)
    cal = parse(client.get(reverse("meetings:committee-calendar", args=["ofsted-subgroup"])))
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [world.published.start]
