from django.urls import reverse

from .test_feeds import rss_items

SECRETS = (
    b"Secretnarrativeword",
    b"Secretdecisionword",
    b"Unpublishedminuteword",
    b"Unpublisheddecisionword",
    b"Zanzibarquux",
    b"Quuxconfidential",
)


def test_minutes_feed_lists_published_minutes_marked_draft(client, minutes_world):
    channel, items = rss_items(client.get(reverse("meetings:feed-minutes")))
    assert channel.findtext("title").endswith("minutes published")
    [item] = items
    assert item.findtext("title").startswith("Minutes: Ofsted Subgroup, ")
    assert item.findtext("title").endswith("(draft, subject to approval)")
    assert item.findtext("link") == "http://testserver" + minutes_world.minutes.get_absolute_url()
    description = item.findtext("description")
    assert minutes_world.open_minute.reference in description
    assert "Wibblefrotz school improvement" in description
    # An exempt minute's heading is public; its text is not.
    assert "Staffing matter" in description


def test_decisions_feed_lists_public_decisions_only(client, minutes_world):
    channel, items = rss_items(client.get(reverse("meetings:feed-decisions")))
    assert channel.findtext("title").endswith("decisions")
    [item] = items
    assert item.findtext("title") == (
        f"{minutes_world.open_minute.reference} (1) Decision: To invite the headteacher of Plumbob Academy."
    )
    assert item.findtext("link") == "http://testserver" + minutes_world.open_decision.get_absolute_url()


def test_minutes_and_decision_feeds_never_leak_drafts_or_exempt_text(client, officer_client, minutes_world):
    slug = minutes_world.meeting.committee.slug
    urls = [
        reverse("meetings:feed-minutes"),
        reverse("meetings:feed-decisions"),
        reverse("meetings:committee-feed-minutes", args=[slug]),
        reverse("meetings:committee-feed-decisions", args=[slug]),
    ]
    for c in (client, officer_client):
        for url in urls:
            response = c.get(url)
            _, items = rss_items(response)
            assert len(items) == 1, url
            for secret in SECRETS:
                assert secret not in response.content, (url, secret)


def test_committee_minutes_and_decision_feeds_only_that_committee(client, minutes_world, world):
    for name in ("meetings:committee-feed-minutes", "meetings:committee-feed-decisions"):
        channel, items = rss_items(client.get(reverse(name, args=[world.other_committee.slug])))
        assert channel.findtext("title").startswith("Economy Scrutiny Committee: ")
        assert items == []
        assert client.get(reverse(name, args=["nope"])).status_code == 404


def test_committee_page_links_minutes_and_decision_feeds(client, minutes_world):
    page = client.get(minutes_world.meeting.committee.get_absolute_url()).content.decode()
    slug = minutes_world.meeting.committee.slug
    assert f'href="{reverse("meetings:committee-feed-minutes", args=[slug])}"' in page
    assert f'href="{reverse("meetings:committee-feed-decisions", args=[slug])}"' in page
