"""The protocol rules of OParl 1.1 §2, one by one."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Membership, Paper, Person
from tests.meetings.builders import minute_with_decision, past_meeting
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ROOT = "/oparl/v1.1/"
LISTS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "location",
    "legislativeterm",
]
LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture
def record():
    """Two published meetings with items, papers and a published minute, and people on a committee."""
    committee = CommitteeFactory()
    person = PersonFactory()
    MembershipFactory(committee=committee, person=person, start=datetime.date(2018, 5, 1))
    meetings = [past_meeting(committee=committee, start=timezone.now() - datetime.timedelta(days=d)) for d in (7, 400)]
    papers = []
    for meeting in meetings:
        for n in (1, 2):
            item = AgendaItemFactory(meeting=meeting, number=n, title=f"Item {n}")
            papers.append(PaperFactory(item=item, title=f"Paper {meeting.pk}-{n}"))
    minute_with_decision(
        meeting=meetings[0],
        item=meetings[0].items.get(number=1),
        narrative="<p>Noted.</p>",
        decision="To note the report.",
    )
    return {"committee": committee, "meetings": meetings, "papers": papers}


def data(response):
    assert response.status_code == 200, response.content
    return response.json()["data"]


def iso(value: datetime.datetime) -> str:
    return value.isoformat()


def test_every_answer_has_the_cors_header_errors_included(public, record):
    paper = record["papers"][0]
    for url in (
        ROOT,
        f"{ROOT}body/",
        f"{ROOT}body/paper/",
        f"{ROOT}paper/{paper.pk}/",
        f"{ROOT}paper/999999/",
        f"{ROOT}body/paper/?modified_since=yesterday",
        f"{ROOT}nowhere/",
    ):
        response = public.get(url)
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response["Content-Type"].startswith("application/json"), url
    preflight = public.options(f"{ROOT}body/paper/")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("name", LISTS)
def test_every_list_takes_the_four_date_filters(public, record, name):
    url = f"{ROOT}body/{name}/"
    everything = data(public.get(url))
    assert everything, f"the {name} list should not be empty"
    future = timezone.now() + datetime.timedelta(days=1)
    assert data(public.get(url, {"modified_since": iso(future)})) == []
    assert data(public.get(url, {"created_since": iso(future)})) == []
    assert data(public.get(url, {"modified_until": iso(LONG_AGO)})) == []
    assert data(public.get(url, {"created_until": iso(LONG_AGO)})) == []
    assert data(public.get(url, {"created_since": iso(LONG_AGO), "modified_until": iso(future)})) == everything


def test_date_filters_select_by_created_and_modified(public, record):
    old, new = record["papers"][0], record["papers"][1]
    t0 = timezone.now() - datetime.timedelta(days=10)
    created, uploaded = t0 - datetime.timedelta(days=5), t0 - datetime.timedelta(days=1)
    Paper.objects.filter(pk=old.pk).update(created_at=created, uploaded_at=uploaded)
    ids = lambda response: {obj["id"].rstrip("/").rsplit("/", 1)[-1] for obj in data(response)}  # noqa: E731 - a one-line helper reads better here
    since = ids(public.get(f"{ROOT}body/paper/", {"modified_since": iso(t0)}))
    assert str(new.pk) in since and str(old.pk) not in since
    assert ids(public.get(f"{ROOT}body/paper/", {"modified_until": iso(t0)})) == {str(old.pk)}
    assert ids(public.get(f"{ROOT}body/paper/", {"created_until": iso(created + datetime.timedelta(days=3))})) == {
        str(old.pk)
    }
    paper = public.get(f"{ROOT}paper/{old.pk}/").json()
    assert paper["created"].startswith(timezone.localtime(created).date().isoformat())


def test_an_agenda_items_modified_follows_its_minute(public, record):
    item = record["meetings"][0].items.get(number=1)
    AgendaItem.objects.filter(pk=item.pk).update(updated_at=LONG_AGO)
    later = timezone.now() - datetime.timedelta(hours=1)
    found = data(public.get(f"{ROOT}body/agendaitem/", {"modified_since": iso(later)}))
    assert [obj["id"] for obj in found if obj["id"].endswith(f"/agendaitem/{item.pk}/")]


def test_omit_internal_leaves_out_embedded_objects(public, record):
    full = data(public.get(f"{ROOT}body/meeting/"))[0]
    assert isinstance(full["location"], dict) and isinstance(full["agendaItem"][0], dict)
    bare = data(public.get(f"{ROOT}body/meeting/", {"omit_internal": "true"}))[0]
    assert "location" not in bare and "agendaItem" not in bare and "invitation" not in bare
    assert bare["id"] == full["id"] and bare["organization"] == full["organization"]


def test_pages_are_stable_and_keep_the_filters(public, record):
    url = f"{ROOT}body/paper/?modified_since=2001-01-01T00:00:00%2B00:00&elementsPerPage=1"
    seen = []
    while url:
        page = public.get(url).json()
        seen += [obj["id"] for obj in page["data"]]
        url = page["links"].get("next")
        if url:
            assert "modified_since=2001-01-01T00" in url and "elementsPerPage=1" in url
            assert url.startswith("http://testserver/")
    assert len(seen) == len(set(seen)) == len(record["papers"])
    assert seen == sorted(seen, key=lambda u: int(u.rstrip("/").rsplit("/", 1)[-1]))
    assert public.get(f"{ROOT}body/paper/").json()["pagination"]["totalElements"] == len(record["papers"])


def test_download_url_is_an_attachment_and_access_url_is_not(public, record):
    file = data(public.get(f"{ROOT}body/file/"))[0]
    assert file["accessUrl"] != file["downloadUrl"]
    download = public.get(file["downloadUrl"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert f'filename="{file["fileName"]}"' in download["Content-Disposition"]
    access = public.get(file["accessUrl"])
    assert access.status_code == 200 and not access.get("Content-Disposition", "").startswith("attachment")


@pytest.mark.parametrize(
    "url, status",
    [
        (f"{ROOT}paper/999999/", 404),
        (f"{ROOT}nowhere/at/all", 404),
        (f"{ROOT}body/paper/?page=99", 404),
        (f"{ROOT}body/paper/?modified_since=last+tuesday", 400),
        (f"{ROOT}body/paper/?created_until=99999-01-01", 400),
        (f"{ROOT}body/paper/?page=%C2%B2", 400),
        (f"{ROOT}body/membership/?person=%C2%B2", 400),
        (f"{ROOT}body/membership/?person=99999999999999999999999", 400),
        (f"{ROOT}body/paper/?omit_internal=maybe", 400),
        (f"{ROOT}legislativeterm/1066/", 404),
    ],
)
def test_errors_are_error_objects(public, record, url, status):
    response = public.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["type"] == "https://schema.oparl.org/1.1/Error" and body["status"] == status and body["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_any_iso_offset_is_taken(public, record):
    """ISO 8601 allows offsets PostgreSQL refuses (beyond ±15:59): they are read, not a 500."""
    assert public.get(f"{ROOT}body/paper/", {"modified_since": "1999-07-23T19:09:36-20:46"}).status_code == 200


def test_writes_are_refused_with_an_error_object(public, record):
    response = public.post(f"{ROOT}body/paper/", {})
    assert response.status_code == 405 and response.json()["status"] == 405


def _tombstones(client, name, since):
    found = data(client.get(f"{ROOT}body/{name}/", {"modified_since": iso(since)}))
    return [obj for obj in found if obj.get("deleted")]


def test_deleted_objects_come_back_as_tombstones(public, record):
    before = timezone.now() - datetime.timedelta(seconds=1)
    paper = record["papers"][0]
    pk = paper.pk
    created = public.get(f"{ROOT}paper/{pk}/").json()["created"]
    paper.delete()
    [stone] = _tombstones(public, "paper", before)
    assert set(stone) == {"id", "type", "created", "deleted", "modified"}
    assert stone["id"] == f"http://testserver{ROOT}paper/{pk}/" and stone["created"] == created
    assert stone["type"] == "https://schema.oparl.org/1.1/Paper" and stone["deleted"] is True
    assert public.get(f"{ROOT}paper/{pk}/").json() == stone
    assert [s["id"] for s in _tombstones(public, "file", before)] == [f"http://testserver{ROOT}file/{pk}/"]
    # Without modified_since, and before the deletion, the list has no tombstone.
    assert not [obj for obj in data(public.get(f"{ROOT}body/paper/")) if obj.get("deleted")]
    assert not _tombstones(public, "paper", timezone.now() + datetime.timedelta(seconds=5))
    # Deleting a committee's people and memberships.
    membership = Membership.objects.first()
    membership_pk = membership.pk
    membership.delete()
    assert [s["id"] for s in _tombstones(public, "membership", before)] == [
        f"http://testserver{ROOT}membership/{membership_pk}/"
    ]
    person = Person.objects.first()
    person.delete()
    assert _tombstones(public, "person", before)


def test_objects_withdrawn_from_the_public_are_tombstones_for_the_public_only(public, councillor, officer, record):
    before = timezone.now() - datetime.timedelta(seconds=1)
    paper = record["papers"][0]
    paper.exempt = True
    paper.save()
    [stone] = _tombstones(public, "paper", before)
    assert stone["id"].endswith(f"/paper/{paper.pk}/")
    assert public.get(f"{ROOT}paper/{paper.pk}/").json()["deleted"] is True
    assert not _tombstones(councillor, "paper", before)
    assert councillor.get(f"{ROOT}paper/{paper.pk}/").json()["name"] == paper.title
    # An agenda withdrawn: the meeting's notice stays public, its items and papers go.
    meeting = record["meetings"][1]
    meeting.agenda_issued_on = None
    meeting.save()
    assert not _tombstones(public, "meeting", before)
    notice = public.get(f"{ROOT}meeting/{meeting.pk}/").json()
    assert "agendaItem" not in notice and "invitation" not in notice and notice["location"]
    assert len(_tombstones(public, "agendaitem", before)) == 2
    assert len(_tombstones(public, "paper", before)) == 3
    # The meeting no longer announced either: it is a tombstone for the public, itself for officers.
    meeting.announced = False
    meeting.save()
    assert [s["id"] for s in _tombstones(public, "meeting", before)] == [
        f"http://testserver{ROOT}meeting/{meeting.pk}/"
    ]
    assert [s["id"] for s in _tombstones(public, "location", before)] == [
        f"http://testserver{ROOT}location/{meeting.pk}/"
    ]
    assert not _tombstones(officer, "meeting", before)
    assert officer.get(f"{ROOT}meeting/{meeting.pk}/").json()["agendaItem"]


def test_the_system_and_body_lead_to_every_list(public, record):
    system = public.get(ROOT).json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    [body] = data(public.get(system["body"]))
    for prop in (
        "organization",
        "person",
        "membership",
        "meeting",
        "agendaItem",
        "paper",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
    ):
        assert public.get(body[prop]).status_code == 200, prop
    assert body["legislativeTerm"] and body["scrutiny:decision"].endswith("/api/decisions/")


def test_resolution_text_and_results_protocol_follow_the_minutes_rule(public, officer, record):
    meeting = record["meetings"][0]
    found = public.get(f"{ROOT}meeting/{meeting.pk}/").json()
    item = found["agendaItem"][0]
    assert item["resolutionText"] == "Noted.\n\n(1) To note the report."
    assert found["resultsProtocol"]["accessUrl"].endswith(f"/meetings/{meeting.pk}/printed-minutes.pdf")
    minute_with_decision(
        meeting=record["meetings"][1],
        item=record["meetings"][1].items.get(number=1),
        narrative="<p>Draft words.</p>",
        publish=False,
    )
    draft_minutes = public.get(f"{ROOT}meeting/{record['meetings'][1].pk}/").json()
    assert "resultsProtocol" not in draft_minutes and "resolutionText" not in draft_minutes["agendaItem"][0]
    assert officer.get(f"{ROOT}meeting/{record['meetings'][1].pk}/").json()["agendaItem"][0]["resolutionText"]


@pytest.mark.parametrize(
    "name",
    [
        "meeting",
        "agendaitem",
        "paper",
        "person",
        "organization",
        "membership",
        "file",
        "consultation",
        "location",
        "legislativeterm",
    ],
)
def test_lists_take_a_bounded_number_of_queries(public, record, django_assert_max_num_queries, name):
    for _ in range(3):
        meeting = past_meeting(committee=record["committee"])
        item = AgendaItemFactory(meeting=meeting, number=1)
        PaperFactory(item=item)
        MembershipFactory(committee=record["committee"], person=PersonFactory(), start=datetime.date(2019, 5, 1))
    with django_assert_max_num_queries(12):
        assert data(public.get(f"{ROOT}body/{name}/"))


def test_the_file_list_holds_papers_then_packs_and_printed_minutes(public, record):
    files, url = [], f"{ROOT}body/file/?elementsPerPage=3"
    while url:
        page = public.get(url).json()
        files += page["data"]
        url = page["links"].get("next")
    ids = [f["id"] for f in files]
    first, second = record["meetings"]
    assert len(ids) == len(set(ids)) == 4 + 2 * 2 + 1
    assert [i.removeprefix(f"http://testserver{ROOT}file/") for i in ids[4:]] == [
        f"agenda-pack/{first.pk}/",
        f"front-sheet/{first.pk}/",
        f"agenda-pack/{second.pk}/",
        f"front-sheet/{second.pk}/",
        f"printed-minutes/{first.pk}/",
    ]
    for file in files[4:]:
        assert public.get(file["id"]).json() == file
    only = data(public.get(f"{ROOT}body/file/", {"meeting": second.pk}))
    assert len(only) == 4 and all(f"/{second.pk}/" in f["id"] or "/file/" in f["id"] for f in only)
    assert not data(public.get(f"{ROOT}body/file/", {"created_since": iso(timezone.now() + datetime.timedelta(1))}))


def _walk(public, url):
    seen, pages = [], []
    while url:
        page = public.get(url).json()
        pages.append(page)
        seen += [obj["id"] for obj in page["data"]]
        url = page["links"].get("next")
    return seen, pages


@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_lists_longer_than_the_count_limit_page_on_without_counting_every_row(public, record, monkeypatch, per_page):
    """Past the count limit a list has no total, no last page and no page count; its next links
    still reach every object, across its segments (papers' files, packs, printed minutes,
    tombstones), in the order the exactly counted list gives them."""
    from urllib.parse import quote

    from meetings.api.pagination import BoundedPaginator

    before = timezone.now() - datetime.timedelta(seconds=1)
    record["papers"][-1].delete()  # a tombstone after the objects
    urls = [
        f"{ROOT}body/file/?elementsPerPage={per_page}&modified_since={quote(iso(before - datetime.timedelta(3650)))}",
        f"{ROOT}body/agendaitem/?elementsPerPage={per_page}",
    ]
    exact = [_walk(public, url) for url in urls]
    monkeypatch.setattr(BoundedPaginator, "COUNT_LIMIT", 1)
    for url, (expected, counted_pages) in zip(urls, exact, strict=True):
        seen, pages = _walk(public, url)
        assert seen == expected and len(seen) > 2, url
        assert "totalElements" in counted_pages[0]["pagination"]
        assert all("totalElements" not in p["pagination"] and "last" not in p["links"] for p in pages)
        assert all(p["pagination"]["elementsPerPage"] == per_page for p in pages)
    assert public.get(f"{ROOT}body/agendaitem/", {"page": 99}).status_code == 404
