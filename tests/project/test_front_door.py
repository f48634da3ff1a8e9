"""What a visitor expects from the front door: a search box, ways to subscribe, and feeds their
reader finds by itself on every page."""

import lxml.html
import pytest
from django.urls import reverse

from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def alternates(page: bytes) -> dict[str, str]:
    head = lxml.html.fromstring(page).find("head")
    return {link.get("href"): link.get("type") for link in head.iterfind("link[@rel='alternate']")}


@pytest.mark.django_db
def test_home_has_a_search_box_that_searches(client):
    doc = lxml.html.fromstring(client.get("/").content)
    (form,) = doc.xpath("//main//form[@role='search']")
    assert form.get("action") == reverse("search:search") and form.get("method") == "get"
    (box,) = form.xpath(".//input[@type='search']")
    assert box.get("name") == "q"
    assert form.xpath(f".//label[@for='{box.get('id')}']")
    assert form.xpath(".//button[@type='submit']")


@pytest.mark.django_db
def test_home_links_to_calendar_feeds_and_email_alerts(client):
    page = client.get("/").content.decode()
    for name in ("calendar", "feed-agendas", "feed-minutes", "feed-decisions", "alert-subscribe"):
        assert f'href="{reverse("meetings:" + name)}"' in page, name


@pytest.mark.django_db
def test_home_head_announces_the_agenda_minutes_and_decisions_feeds(client):
    links = alternates(client.get("/").content)
    for name in ("feed-agendas", "feed-minutes", "feed-decisions"):
        assert links[reverse("meetings:" + name)] == "application/rss+xml"


@pytest.mark.django_db
def test_every_page_announces_feeds_and_a_meeting_page_those_of_its_committee(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    slug = meeting.committee.slug
    links = alternates(client.get(meeting.get_absolute_url()).content)
    assert links[reverse("meetings:committee-feed-agendas", args=[slug])] == "application/rss+xml"
    assert links[reverse("meetings:committee-feed-decisions", args=[slug])] == "application/rss+xml"
    for url in (reverse("search:search"), reverse("meetings:decisions-register"), reverse("meetings:person-list")):
        assert reverse("meetings:feed-decisions") in alternates(client.get(url).content), url
