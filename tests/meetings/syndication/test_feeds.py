import datetime
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_agenda_feed_lists_issued_agenda_with_its_items(client, world):
    channel, items = rss_items(client.get(reverse("meetings:feed-agendas")))
    assert channel.findtext("title").endswith("agendas issued")
    [item] = items
    assert item.findtext("title").startswith("Agenda: Ofsted Subgroup, ")
    assert item.findtext("link") == "http://testserver" + world.published.get_absolute_url()
    description = item.findtext("description")
    assert "Ofsted inspection of Harpurhey schools" in description
    # Exempt items' titles are public, with their paragraph.
    assert "Children&#x27;s home contract" in description or "Children's home contract" in description
    assert "paragraph 3 of Schedule 12A" in description
    issued = world.published.agenda_issued_on
    assert f"{issued.day:02d} {issued:%b %Y}" in item.findtext("pubDate")


def test_agenda_feeds_never_show_drafts_or_exempt_papers_even_to_officers(client, officer_client, world):
    for c in (client, officer_client):
        for url in (
            reverse("meetings:feed-agendas"),
            reverse("meetings:committee-feed-agendas", args=["ofsted-subgroup"]),
        ):
            response = c.get(url)
            _, items = rss_items(response)
            assert len(items) == 1
            for secret in (b"Zanzibarquux", b"Draftvenue", b"Quuxconfidential", b"Draftpaper"):
                assert secret not in response.content


def test_future_dated_issue_is_not_in_feed_until_that_day(client, world):
    later = MeetingFactory(
        committee=world.committee, agenda_issued_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    AgendaItemFactory(meeting=later, title="Embargoedthing")
    response = client.get(reverse("meetings:feed-agendas"))
    assert b"Embargoedthing" not in response.content


def test_committee_feed_only_that_committee_newest_first(client, world):
    older = MeetingFactory(
        committee=world.committee,
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=20),
        start=timezone.now() - datetime.timedelta(days=10),
    )
    MeetingFactory(committee=world.other_committee)
    channel, items = rss_items(client.get(reverse("meetings:committee-feed-agendas", args=["ofsted-subgroup"])))
    assert channel.findtext("title") == "Ofsted Subgroup: agendas issued"
    assert channel.findtext("link") == "http://testserver" + world.committee.get_absolute_url()
    links = [i.findtext("link") for i in items]
    assert links == ["http://testserver" + m.get_absolute_url() for m in (world.published, older)]
    _, everything = rss_items(client.get(reverse("meetings:feed-agendas")))
    assert len(everything) == 3


def test_unknown_committee_feed_is_404(client, db):
    assert client.get(reverse("meetings:committee-feed-agendas", args=["nope"])).status_code == 404


def test_committee_page_and_meeting_list_link_feeds_calendars_and_alerts(client, world):
    page = client.get(world.committee.get_absolute_url()).content.decode()
    feed = reverse("meetings:committee-feed-agendas", args=["ofsted-subgroup"])
    calendar = reverse("meetings:committee-calendar", args=["ofsted-subgroup"])
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Agendas issued: Ofsted Subgroup" href="{feed}">'
        in page
    )
    assert (
        f'<link rel="alternate" type="text/calendar" title="Meetings calendar: Ofsted Subgroup" href="{calendar}">'
        in page
    )
    assert ">Subscribe</h2>" in page
    assert f'href="{reverse("meetings:alert-subscribe")}?committee=ofsted-subgroup"' in page
    listing = client.get(reverse("meetings:meeting-list")).content.decode()
    assert (
        f'rel="alternate" type="application/rss+xml" title="Agendas issued" href="{reverse("meetings:feed-agendas")}"'
        in listing
    )
    assert f'href="{reverse("meetings:calendar")}"' in listing
    assert f'href="{reverse("meetings:alert-subscribe")}"' in listing


def test_feed_queries_are_bounded(client, db, django_assert_max_num_queries):
    for _n in range(40):
        meeting = MeetingFactory()
        AgendaItemFactory.create_batch(3, meeting=meeting)
    with django_assert_max_num_queries(4):
        _, items = rss_items(client.get(reverse("meetings:feed-agendas")))
    assert len(items) == 30
