"""The API applies the one visibility rule: anonymous callers never get drafts or exempt papers."""

import pytest

from tests.meetings.builders import minute_with_decision, past_meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda():
    published = MeetingFactory()
    open_item = AgendaItemFactory(meeting=published, number=1, title="Open item")
    exempt_item = AgendaItemFactory(meeting=published, number=2, title="Exempt item", exempt=True, exempt_paragraph=1)
    open_paper = PaperFactory(item=open_item, title="Open paper")
    exempt_paper = PaperFactory(item=open_item, title="Exempt paper", exempt=True)
    item_exempt_paper = PaperFactory(item=exempt_item, title="Paper of exempt item")
    draft = MeetingFactory(agenda_issued_on=None)
    draft_item = AgendaItemFactory(meeting=draft, number=1, title="Draft item")
    draft_paper = PaperFactory(item=draft_item, title="Draft paper")
    return {
        "published": published,
        "draft": draft,
        "open_paper": open_paper,
        "exempt_paper": exempt_paper,
        "item_exempt_paper": item_exempt_paper,
        "draft_item": draft_item,
        "draft_paper": draft_paper,
        "exempt_item": exempt_item,
    }


def names(response):
    assert response.status_code == 200, response.content
    return sorted(obj["name"] for obj in response.json()["data"])


def test_anonymous_lists_never_include_drafts_or_exempt_papers(public, agenda):
    meetings = public.get("/api/meetings/").json()["data"]
    assert [m["id"].rsplit("/", 2)[-2] for m in meetings] == [str(agenda["published"].pk)]
    items = meetings[0]["agendaItem"]
    assert [i["name"] for i in items] == ["Open item", "Exempt item"]
    assert [p["name"] for p in items[0]["paper"]] == ["Open paper"]
    assert items[1]["paper"] == [] and items[1]["public"] is False and items[1]["exemptParagraph"] == 1
    assert names(public.get("/api/papers/")) == ["Open paper"]
    assert names(public.get("/api/files/")) == ["Open paper"]
    assert names(public.get("/api/agenda-items/")) == ["Exempt item", "Open item"]
    body = public.get("/api/meetings/").content.decode()
    assert "Exempt paper" not in body and "Draft" not in body


def test_anonymous_detail_of_draft_or_exempt_is_404(public, agenda):
    assert public.get(f"/api/meetings/{agenda['draft'].pk}/").status_code == 404
    assert public.get(f"/api/agenda-items/{agenda['draft_item'].pk}/").status_code == 404
    for key in ("exempt_paper", "item_exempt_paper", "draft_paper"):
        assert public.get(f"/api/papers/{agenda[key].pk}/").status_code == 404
        assert public.get(f"/api/files/{agenda[key].pk}/").status_code == 404
    assert public.get(f"/api/papers/{agenda['open_paper'].pk}/").status_code == 200


def test_councillors_get_exempt_papers_and_officers_drafts(councillor, officer, agenda):
    assert names(councillor.get("/api/papers/")) == ["Exempt paper", "Open paper", "Paper of exempt item"]
    assert councillor.get(f"/api/meetings/{agenda['draft'].pk}/").status_code == 404
    assert names(officer.get("/api/papers/")) == ["Draft paper", "Exempt paper", "Open paper", "Paper of exempt item"]
    detail = officer.get(f"/api/meetings/{agenda['draft'].pk}/").json()
    assert detail["agendaIssuedOn"] is None and detail["agendaItem"][0]["name"] == "Draft item"


def test_public_paper_urls_download_and_exempt_ones_are_absent(public, agenda):
    paper = public.get(f"/api/papers/{agenda['open_paper'].pk}/").json()
    url = paper["mainFile"]["downloadUrl"]
    assert paper["mainFile"]["mimeType"] == "application/pdf"
    assert public.get(url).status_code == 200


def test_minutes_and_decisions_follow_the_minutes_rule(public, councillor, officer):
    minute_with_decision(title="Draft minute", decision="Draft decision", publish=False)
    meeting = past_meeting()
    minute_with_decision(meeting=meeting, title="Open minute", narrative="<p>Open text</p>", decision="Open decision")
    from meetings.minutes.services import decision_create, minute_create

    # A further exempt minute at the same (published) meeting.
    from meetings.models import MeetingMinutes

    MeetingMinutes.objects.filter(meeting=meeting).update(status="draft")
    secret = minute_create(meeting=meeting, title="Private minute", narrative="<p>Secret text</p>", publicity="exempt")
    decision_create(minute=secret, text="Secret decision")
    MeetingMinutes.objects.filter(meeting=meeting).update(status="published")

    minutes = {m["name"]: m for m in public.get("/api/minutes/").json()["data"]}
    assert set(minutes) == {"Open minute", "Private minute"}
    assert minutes["Private minute"]["text"] is None and minutes["Private minute"]["decision"] == []
    assert minutes["Open minute"]["text"] == "<p>Open text</p>"
    assert sorted(d["text"] for d in public.get("/api/decisions/").json()["data"]) == ["Open decision"]

    councillor_minutes = {m["name"]: m for m in councillor.get("/api/minutes/").json()["data"]}
    assert councillor_minutes["Private minute"]["text"] == "<p>Secret text</p>"
    assert sorted(d["text"] for d in officer.get("/api/decisions/").json()["data"]) == [
        "Draft decision",
        "Open decision",
        "Secret decision",
    ]
