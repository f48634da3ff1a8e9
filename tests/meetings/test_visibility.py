"""The one visibility rule, proved by crawling as the public and by direct URLs."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting, Paper
from tests.crawl import crawl
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

DRAFT_WORD = "Zanzibarquorum"
EXEMPT_WORD = "Quixotellama"


@pytest.fixture
def secrets_setup(demo_loaded, db):
    subgroup_meeting = Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2))
    draft = MeetingFactory(
        committee=subgroup_meeting.committee,
        start=timezone.now() + datetime.timedelta(days=30),
        agenda_issued_on=None,
        venue=f"{DRAFT_WORD} room",
    )
    draft_item = AgendaItemFactory(meeting=draft, number=1, title=f"{DRAFT_WORD} proposals")
    draft_paper = PaperFactory(item=draft_item, title=f"{DRAFT_WORD} report")
    future_issue = MeetingFactory(
        committee=subgroup_meeting.committee,
        start=timezone.now() + datetime.timedelta(days=40),
        agenda_issued_on=timezone.localdate() + datetime.timedelta(days=3),
        venue=f"{DRAFT_WORD} annexe",
    )
    exempt_item = subgroup_meeting.items.get(number=5)
    exempt_paper = PaperFactory(item=exempt_item, title=f"{EXEMPT_WORD} action plan")
    open_item = subgroup_meeting.items.get(number=2)
    exempt_in_open_item = PaperFactory(item=open_item, title=f"{EXEMPT_WORD} appendix", exempt=True)
    open_paper = open_item.papers.exclude(pk=exempt_in_open_item.pk).first()
    return dict(
        draft=draft,
        future_issue=future_issue,
        draft_paper=draft_paper,
        exempt_paper=exempt_paper,
        exempt_in_open_item=exempt_in_open_item,
        open_paper=open_paper,
        published=subgroup_meeting,
    )


def test_anonymous_crawl_never_reaches_drafts_or_exempt_papers(client, secrets_setup):
    pages = crawl(client, "/")
    s = secrets_setup
    assert s["published"].get_absolute_url() in pages, "the crawl should reach the published meeting"
    assert s["open_paper"].get_absolute_url() in pages, "the crawl should reach the open paper"
    forbidden_urls = {
        s["draft"].get_absolute_url(),
        s["future_issue"].get_absolute_url(),
        s["draft_paper"].get_absolute_url(),
        s["exempt_paper"].get_absolute_url(),
        s["exempt_in_open_item"].get_absolute_url(),
    }
    assert not forbidden_urls & set(pages)
    for path, response in pages.items():
        assert response.status_code in (200, 301, 302), f"{path} answered {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert DRAFT_WORD.encode() not in body, f"draft material leaked on {path}"
        assert EXEMPT_WORD.encode() not in body, f"exempt material leaked on {path}"
    # The exempt item is still listed, with its paragraph.
    meeting_page = pages[s["published"].get_absolute_url()].content.decode()
    assert "Newall Green High School - Ofsted Inspection Action Plan" in meeting_page
    assert "Exempt under paragraph 3 of Schedule 12A" in meeting_page


def test_direct_urls_answer_404_to_the_public(client, secrets_setup):
    s = secrets_setup
    for url in (
        s["draft"].get_absolute_url(),
        s["future_issue"].get_absolute_url(),
        s["draft_paper"].get_absolute_url(),
        s["exempt_paper"].get_absolute_url(),
        s["exempt_in_open_item"].get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Page not found" in response.content


def test_councillor_gets_exempt_papers_but_not_drafts(client, councillor_user, secrets_setup):
    s = secrets_setup
    client.force_login(councillor_user)
    response = client.get(s["exempt_paper"].get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    meeting_page = client.get(s["published"].get_absolute_url()).content.decode()
    assert f"{EXEMPT_WORD} action plan" in meeting_page
    assert "Not for publication" in meeting_page
    assert client.get(s["draft"].get_absolute_url()).status_code == 404
    assert client.get(s["draft_paper"].get_absolute_url()).status_code == 404


def test_officer_sees_drafts_marked_as_draft(client, officer_user, secrets_setup):
    s = secrets_setup
    client.force_login(officer_user)
    page = client.get(s["draft"].get_absolute_url())
    assert page.status_code == 200
    assert "Draft: this agenda has not been issued" in page.content.decode()
    assert client.get(s["draft_paper"].get_absolute_url()).status_code == 200
    assert s["draft"].get_absolute_url() in client.get("/").content.decode()


def test_paper_is_served_as_pdf_with_its_file_name(client, secrets_setup):
    paper = secrets_setup["open_paper"]
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{paper.download_name}"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_media_files_are_not_served_by_url(client, secrets_setup):
    paper = secrets_setup["exempt_paper"]
    assert client.get(f"/media/{paper.file.name}").status_code == 404
    assert client.get(f"/media-not-served/{paper.file.name}").status_code == 404


def test_queryset_rule_matches_for_each_audience(secrets_setup, councillor_user, officer_user):
    from django.contrib.auth.models import AnonymousUser

    s = secrets_setup
    public = set(Paper.objects.visible_to(AnonymousUser()))
    councillor = set(Paper.objects.visible_to(councillor_user))
    officer = set(Paper.objects.visible_to(officer_user))
    assert s["open_paper"] in public and s["exempt_paper"] not in public and s["draft_paper"] not in public
    assert s["exempt_paper"] in councillor and s["exempt_in_open_item"] in councillor
    assert s["draft_paper"] not in councillor
    assert s["draft_paper"] in officer
    assert s["draft"] not in Meeting.objects.visible_to(AnonymousUser())
    assert s["future_issue"] not in Meeting.objects.visible_to(councillor_user)
    assert s["future_issue"] in Meeting.objects.visible_to(officer_user)


@pytest.mark.parametrize("who", ["public", "councillor", "officer"])
def test_minutes_and_decisions_join_their_meeting_once(who, request):
    """The rule reaches a minute's meeting directly, not again through its minutes: one join of
    the meeting table fewer for the planner (the register's count planned in 1 ms, not 9, with a
    large council: bench/server_time.py)."""
    from django.contrib.auth.models import AnonymousUser

    from meetings.minutes.models import Decision, Minute

    user = AnonymousUser() if who == "public" else request.getfixturevalue(f"{who}_user")
    for model in (Minute, Decision):
        sql = str(model.objects.visible_to(user).query)
        assert sql.count('JOIN "meetings_meeting"') <= 1, (model.__name__, sql)
