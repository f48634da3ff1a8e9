"""Pagination, modified_since, filters, OParl shape, schema and docs."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Committee, Meeting
from tests.meetings.builders import minute_with_decision, past_meeting
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db


def test_lists_are_paginated_oparl_style(public):
    committee = CommitteeFactory()
    for n in range(7):
        MeetingFactory(committee=committee, start=timezone.now() + datetime.timedelta(days=n + 1))
    first = public.get("/api/meetings/", {"page_size": 3}).json()
    assert first["pagination"] == {"totalElements": 7, "elementsPerPage": 3, "currentPage": 1, "totalPages": 3}
    assert len(first["data"]) == 3 and "prev" not in first["links"]
    last = public.get(first["links"]["last"]).json()
    assert len(last["data"]) == 1 and "next" not in last["links"]
    second = public.get(first["links"]["next"]).json()
    seen = {m["id"] for m in first["data"] + second["data"] + last["data"]}
    assert len(seen) == 7


def test_lists_longer_than_the_count_limit_page_on_without_counting_every_row(
    public, monkeypatch, django_assert_max_num_queries
):
    """Past the count limit a list gives no total and no last page, and still pages through every
    row by its next links; the count query is bounded (it reads at most limit + 1 rows)."""
    from meetings.api.pagination import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "COUNT_LIMIT", 4)
    committee = CommitteeFactory()
    for n in range(7):
        MeetingFactory(committee=committee, start=timezone.now() + datetime.timedelta(days=n + 1))
    with django_assert_max_num_queries(10) as captured:
        first = public.get("/api/meetings/", {"page_size": 3}).json()
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 5" in sql for sql in counts), counts
    assert first["pagination"] == {"elementsPerPage": 3, "currentPage": 1}
    assert "last" not in first["links"] and len(first["data"]) == 3
    seen, page = [], first
    while True:
        seen += [m["id"] for m in page["data"]]
        if "next" not in page["links"]:
            break
        page = public.get(page["links"]["next"]).json()
    assert len(seen) == len(set(seen)) == 7
    assert public.get("/api/meetings/", {"page_size": 3, "page": 9}).status_code == 404
    # Within the limit the total is exact again.
    monkeypatch.setattr(BoundedPaginator, "COUNT_LIMIT", 7)
    assert public.get("/api/meetings/", {"page_size": 3}).json()["pagination"]["totalElements"] == 7


def test_modified_since_returns_only_later_changes(public):
    old = MeetingFactory(venue="Old venue")
    new = MeetingFactory(venue="New venue")
    Meeting.objects.filter(pk=old.pk).update(updated_at=timezone.make_aware(datetime.datetime(2018, 1, 1)))
    Committee.objects.filter(pk=old.committee_id).update(updated_at=timezone.make_aware(datetime.datetime(2018, 1, 1)))
    data = public.get("/api/meetings/", {"modified_since": "2019-01-01"}).json()["data"]
    assert [m["location"]["description"] for m in data] == ["New venue"]
    data = public.get("/api/meetings/", {"modified_since": "2017-12-31T23:00:00Z"}).json()["data"]
    assert len(data) == 2
    orgs = public.get("/api/organizations/", {"modified_since": "2019-01-01"}).json()["data"]
    assert [o["name"] for o in orgs] == [new.committee.name]


def test_a_bad_modified_since_is_named(public):
    response = public.get("/api/meetings/", {"modified_since": "last tuesday"})
    assert response.status_code == 400
    assert "not an ISO 8601 date" in response.json()["modified_since"][0]
    response = public.get("/api/meetings/", {"organization": "cyp"})
    assert response.status_code == 400 and "organization" in response.json()


def test_objects_link_to_each_other_like_oparl(public):
    membership = MembershipFactory(representing="")
    meeting = MeetingFactory(committee=membership.committee)
    PaperFactory(item=AgendaItemFactory(meeting=meeting))
    body = public.get("/api/body/").json()
    assert body["type"] == "https://schema.oparl.org/1.1/Body"
    org = public.get(body["organization"]).json()["data"][0]
    assert org["type"] == "https://schema.oparl.org/1.1/Organization"
    assert org["shortName"] == membership.committee.short_code
    assert public.get(org["id"]).json()["name"] == membership.committee.name
    memberships = public.get(org["membership"]).json()["data"]
    person = public.get(memberships[0]["person"]).json()
    assert person["type"] == "https://schema.oparl.org/1.1/Person"
    assert person["familyName"] == membership.person.last_name
    meetings = public.get(org["meeting"]).json()["data"]
    assert [m["organization"] for m in meetings] == [[org["id"]]]
    paper = meetings[0]["agendaItem"][0]["paper"][0]
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert paper["mainFile"]["type"] == "https://schema.oparl.org/1.1/File"
    assert public.get(paper["meeting"]).json()["id"] == meetings[0]["id"]


def test_list_endpoints_use_bounded_queries(public, django_assert_max_num_queries):
    committee = CommitteeFactory()
    for n in range(15):
        meeting = MeetingFactory(committee=committee, start=timezone.now() + datetime.timedelta(days=n + 1))
        for number in (1, 2, 3):
            item = AgendaItemFactory(meeting=meeting, number=number)
            PaperFactory(item=item)
        MembershipFactory(committee=committee)
    for n in range(6):
        minute, _ = minute_with_decision(meeting=past_meeting(committee=committee), decision=f"Decision {n}")
        from meetings.minutes.services import decision_create

        decision_create(minute=minute, text="A second decision")
    for url in (
        "/api/meetings/",
        "/api/agenda-items/",
        "/api/papers/",
        "/api/files/",
        "/api/memberships/",
        "/api/persons/",
        "/api/organizations/",
        "/api/minutes/",
        "/api/decisions/",
    ):
        with django_assert_max_num_queries(6, info=url):
            response = public.get(url)
        assert response.status_code == 200


def test_schema_and_docs_render_without_a_cdn(public):
    schema = public.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    spec = schema.json()
    assert "OParl 1.1" in spec["info"]["description"]
    assert "/api/meetings/" in spec["paths"] and "/api/papers/{id}/" in spec["paths"]
    params = [p["name"] for p in spec["paths"]["/api/meetings/"]["get"]["parameters"]]
    assert "modified_since" in params and "page" in params
    docs = public.get("/api/docs/").content.decode()
    assert "<code>GET /api/meetings/</code>" in docs and '<script src="http' not in docs
    swagger = public.get("/api/docs/swagger/").content.decode()
    assert "swagger-ui" in swagger
    assert "cdn" not in swagger.lower() and "//unpkg" not in swagger


def test_the_api_is_read_only(public):
    meeting = MeetingFactory()
    assert public.post("/api/meetings/", {}).status_code == 405
    assert public.delete(f"/api/meetings/{meeting.pk}/").status_code == 405


def test_every_link_in_a_list_is_the_url_django_reverses_for_it(public):
    """A list builds its links from one reverse() per view and request (meetings/api/base.py,
    meetings/reversing.py); each must still be exactly the URL reverse() gives for its object."""
    from django.urls import reverse

    minute, decision = minute_with_decision(decision="That the report be noted.")
    meeting = minute.meeting
    item = AgendaItemFactory(meeting=meeting, number=7)
    paper = PaperFactory(item=item)
    host = "http://testserver"
    found = public.get("/api/meetings/", {"organization": meeting.committee_id}).json()["data"][0]
    assert found["id"] == host + reverse("api:meeting-detail", kwargs={"pk": meeting.pk})
    assert found["web"] == host + reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk})
    assert found["organization"] == [host + reverse("api:organization-detail", kwargs={"pk": meeting.committee_id})]
    shown = next(i for i in found["agendaItem"] if i["number"] == 7)
    assert shown["id"] == host + reverse("api:agendaitem-detail", kwargs={"pk": item.pk})
    assert shown["meeting"] == found["id"]
    assert shown["web"] == found["web"] + "#item-7"
    assert shown["paper"][0]["id"] == host + reverse("api:paper-detail", kwargs={"pk": paper.pk})
    assert shown["paper"][0]["mainFile"]["id"] == host + reverse("api:file-detail", kwargs={"pk": paper.pk})
    minutes_url = host + reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    listed = public.get("/api/minutes/", {"meeting": meeting.pk}).json()["data"][0]
    assert listed["id"] == host + reverse("api:minute-detail", kwargs={"pk": minute.pk})
    assert listed["web"] == f"{minutes_url}#minute-{minute.pk}"
    assert listed["decision"][0]["id"] == host + reverse("api:decision-detail", kwargs={"pk": decision.pk})
    assert listed["decision"][0]["web"] == f"{minutes_url}#decision-{decision.pk}"


def test_pk_urls_follow_the_script_prefix_and_url_conf():
    from django.urls import reverse, set_script_prefix

    from meetings.reversing import pk_url

    assert pk_url("meetings:meeting-detail", 42) == reverse("meetings:meeting-detail", kwargs={"pk": 42})
    try:
        set_script_prefix("/council/")
        assert (
            pk_url("meetings:minutes", 7)
            == "/council/meetings/7/minutes/"
            == reverse("meetings:minutes", kwargs={"pk": 7})
        )
    finally:
        set_script_prefix("/")
    assert pk_url("meetings:minutes", 7) == "/meetings/7/minutes/"


def test_minutes_and_decisions_can_be_listed_for_one_committee(public):
    """A civic developer following one committee asks for its minutes and decisions alone."""
    ours, _ = minute_with_decision(title="Ours", decision="That the plan be agreed.")
    theirs, _ = minute_with_decision(title="Theirs", decision="That the plan be refused.")
    committee = ours.meeting.committee_id
    minutes = public.get("/api/minutes/", {"organization": committee}).json()["data"]
    assert [m["name"] for m in minutes] == ["Ours"]
    decisions = public.get("/api/decisions/", {"organization": committee}).json()["data"]
    assert [d["text"] for d in decisions] == ["That the plan be agreed."]
    assert theirs.meeting.committee_id != committee
    response = public.get("/api/decisions/", {"organization": "children"})
    assert response.status_code == 400 and "organization" in response.json()
