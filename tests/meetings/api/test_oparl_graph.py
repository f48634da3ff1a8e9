"""The OParl 1.1 server: the whole demo graph, walked from the System object, is valid OParl and
never shows the public (or a councillor) more than the visibility rule allows."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.api.oparl_walk import object_problems, walk
from tests.meetings.builders import make_minute
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

DRAFT_WORD = "Zanzibarquorum"
EXEMPT_WORD = "Quixotellama"


@pytest.fixture
def demo(demo_loaded, db):
    """The demo, plus draft and exempt material carrying words that must never reach the public."""
    published = Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2))
    draft = MeetingFactory(
        committee=published.committee,
        start=timezone.now() + datetime.timedelta(days=30),
        agenda_issued_on=None,
        venue=f"{DRAFT_WORD} room",
    )
    draft_item = AgendaItemFactory(meeting=draft, number=1, title=f"{DRAFT_WORD} proposals")
    PaperFactory(item=draft_item, title=f"{DRAFT_WORD} report")
    make_minute(draft, title=f"{DRAFT_WORD} minute", item=draft_item, narrative=f"<p>{DRAFT_WORD} text</p>")
    # Announced: its notice is public, its agenda (not yet issued) is not.
    announced = MeetingFactory(
        committee=published.committee,
        start=timezone.now() + datetime.timedelta(days=40),
        agenda_issued_on=timezone.localdate() + datetime.timedelta(days=3),
        announced=True,
    )
    AgendaItemFactory(meeting=announced, number=1, title=f"{DRAFT_WORD} item of an agenda not yet issued")
    exempt_item = published.items.get(number=5)
    PaperFactory(item=exempt_item, title=f"{EXEMPT_WORD} action plan")
    open_item = published.items.get(number=2)
    PaperFactory(item=open_item, title=f"{EXEMPT_WORD} appendix", exempt=True)
    return {"published": published, "draft": draft, "exempt_item": exempt_item}


def _walk_and_validate(client):
    pages, objects = walk(client)
    bad = [f"{url} answered {r.status_code}" for url, r in pages.items() if r.status_code != 200]
    assert not bad, bad[:10]
    problems = [p for where, obj in objects for p in object_problems(obj, where)]
    assert not problems, "\n".join(problems[:40])
    return pages, objects


def test_the_public_walk_reaches_every_type_and_every_object_validates(public, demo):
    pages, objects = _walk_and_validate(public)
    types = {obj["type"].rsplit("/", 1)[-1] for _, obj in objects}
    assert types >= {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
    }
    body = b"".join(r.content for r in pages.values())
    assert DRAFT_WORD.encode() not in body and EXEMPT_WORD.encode() not in body
    # The exempt item is listed, not public, without its papers; the open item carries its minute.
    items = {obj["id"]: obj for _, obj in objects if obj["type"].endswith("/AgendaItem")}
    exempt = next(i for i in items.values() if i["id"].endswith(f"/agendaitem/{demo['exempt_item'].pk}/"))
    assert exempt["public"] is False and "auxiliaryFile" not in exempt and "consultation" not in exempt
    assert any("resolutionText" in item for item in items.values())
    meetings = [obj for _, obj in objects if obj["type"].endswith("/Meeting") and "invitation" in obj]
    assert meetings and all(m["invitation"]["accessUrl"] != m["invitation"]["downloadUrl"] for m in meetings)
    assert any("resultsProtocol" in m for m in meetings)


def test_the_councillor_walk_validates_and_shows_exempt_papers_but_no_drafts(councillor, demo):
    pages, objects = _walk_and_validate(councillor)
    body = b"".join(r.content for r in pages.values())
    assert EXEMPT_WORD.encode() in body
    assert DRAFT_WORD.encode() not in body


def test_the_bulk_archive_holds_the_public_record_and_nothing_more(public, demo, settings, tmp_path):
    import io
    import json
    import zipfile

    settings.MEDIA_ROOT = tmp_path
    assert public.get("/open-data/scrutiny-open-data.zip").status_code == 404  # not built yet
    call_command("build_open_data", stdout=io.StringIO())
    response = public.get("/open-data/scrutiny-open-data.zip")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {
        "oparl/meeting.jsonl",
        "oparl/paper.jsonl",
        "oparl/file.jsonl",
        "oparl/legislativeTerm.jsonl",
        "csv/decisions.csv",
        "csv/inspections.csv",
        "csv/actions.csv",
    } <= names
    everything = b"".join(archive.read(name) for name in names)
    assert DRAFT_WORD.encode() not in everything and EXEMPT_WORD.encode() not in everything
    meetings = [json.loads(line) for line in archive.read("oparl/meeting.jsonl").decode().splitlines()]
    assert len(meetings) == public.get("/oparl/v1.1/body/meeting/").json()["pagination"]["totalElements"]
    decisions = archive.read("csv/decisions.csv").decode().splitlines()
    assert decisions[0].startswith("id,type,") and len(decisions) > 1
    page = public.get("/open-data/").content.decode()
    assert "/open-data/scrutiny-open-data.zip" in page and "/oparl/v1.1/" in page
    assert public.get("/oparl/v1.1/").json()["scrutiny:bulkDownload"].endswith("/open-data/scrutiny-open-data.zip")
