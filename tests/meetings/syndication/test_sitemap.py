import xml.etree.ElementTree as ET

from django.urls import reverse

from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory
from tests.inspections.factories import ProviderFactory, record

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(response) -> list[str]:
    assert response.status_code == 200
    return [el.text for el in ET.fromstring(response.content).iterfind(".//sm:loc", NS)]


def all_urls(client) -> list[str]:
    sections = locations(client.get("/sitemap.xml"))
    assert sections, "the sitemap index lists its sections"
    urls = []
    for section in sections:
        urls += locations(client.get(section.removeprefix("http://testserver")))
    return urls


def test_sitemap_lists_public_pages_and_open_papers(client, world):
    urls = all_urls(client)
    base = "http://testserver"
    for expected in (
        reverse("meetings:home"),
        reverse("meetings:committee-list"),
        world.committee.get_absolute_url(),
        world.published.get_absolute_url(),
        world.open_paper.get_absolute_url(),
    ):
        assert base + expected in urls


def test_sitemap_never_lists_drafts_or_exempt_papers_even_for_officers(client, officer_client, world):
    for c in (client, officer_client):
        urls = all_urls(c)
        for hidden in (world.draft, world.exempt_paper, world.paper_of_exempt_item, world.draft_paper):
            assert "http://testserver" + hidden.get_absolute_url() not in urls
        assert not any("/admin/" in u or "/alerts/confirm" in u for u in urls)


def test_sitemap_gives_last_modified_for_meetings(client, world):
    response = client.get("/sitemap-meetings.xml")
    root = ET.fromstring(response.content)
    [url] = root.findall("sm:url", NS)
    assert url.findtext("sm:loc", namespaces=NS).endswith(world.published.get_absolute_url())
    assert url.findtext("sm:lastmod", namespaces=NS).startswith(f"{world.published.updated_at:%Y-%m-%d}")


def test_robots_txt_disallows_admin_and_points_at_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_published_inspections_and_plans_only(client, db):
    import datetime

    from django.utils import timezone

    provider = ProviderFactory()
    published = record(provider, start=datetime.date(2022, 3, 1))
    unpublished = record(
        provider,
        start=timezone.localdate() - datetime.timedelta(days=3),
        published=timezone.localdate() + datetime.timedelta(days=20),
    )
    plan = ActionPlanFactory(published=True)
    public_action = ActionFactory(recommendation=RecommendationFactory(section=SectionFactory(plan=plan)))
    hidden_plan = ActionPlanFactory(published=False)
    hidden_action = ActionFactory(recommendation=RecommendationFactory(section=SectionFactory(plan=hidden_plan)))

    urls = all_urls(client)
    base = "http://testserver"
    for shown in (provider, published, plan, public_action):
        assert base + shown.get_absolute_url() in urls
    assert base + reverse("inspections:register") in urls
    for hidden in (unpublished, hidden_plan, hidden_action):
        assert base + hidden.get_absolute_url() not in urls


def test_sitemap_lists_published_minutes_only(client, minutes_world):
    from meetings.models import MeetingMinutes

    urls = all_urls(client)
    assert "http://testserver" + minutes_world.minutes.get_absolute_url() in urls
    assert "http://testserver" + reverse("meetings:decisions-register") in urls
    unpublished = MeetingMinutes.objects.get(meeting=minutes_world.draft_minutes_meeting)
    assert "http://testserver" + unpublished.get_absolute_url() not in urls
