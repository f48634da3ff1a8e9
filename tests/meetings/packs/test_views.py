"""Meeting page links, pack and front-sheet downloads, the publish hook, build_packs and the admin."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from meetings.agendas import services
from meetings.models import PackBuild, Paper
from meetings.packs import api
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import pages_text


def test_meeting_page_links_pack_and_front_sheet_with_size_and_pages(
    client, seed_meeting, django_assert_max_num_queries
):
    api.prebuild(seed_meeting)
    url = seed_meeting.get_absolute_url()
    with django_assert_max_num_queries(40):
        response = client.get(url)
    html = response.content.decode()
    pack = PackBuild.objects.get(meeting=seed_meeting, variant="public")
    front = PackBuild.objects.get(meeting=seed_meeting, variant="front")
    assert reverse("meetings:meeting-pack", args=[seed_meeting.pk]) in html
    assert reverse("meetings:meeting-front-sheet", args=[seed_meeting.pk]) in html
    assert f"{pack.page_count} pages" in html and f"{front.page_count} page" in html
    assert "Agenda pack, including exempt papers" not in html


def test_councillor_sees_the_full_pack_link(councillor_client, seed_meeting):
    html = councillor_client.get(seed_meeting.get_absolute_url()).content.decode()
    assert "Agenda pack, including exempt papers" in html


def test_front_sheet_download_has_the_public_ranges(client, seed_meeting):
    response = client.get(reverse("meetings:meeting-front-sheet", args=[seed_meeting.pk]))
    texts = pages_text(b"".join(response.streaming_content))
    assert "This agenda was issued on" in texts[-1]
    pack = pages_text(b"".join(client.get(reverse("meetings:meeting-pack", args=[seed_meeting.pk])).streaming_content))
    assert texts == pack[: len(texts)]  # the same front sheet, with the public pack's real ranges
    assert "5 - 16" in "\n".join(texts) and "Action plan page 1" in pack[4]


def test_uploaded_paper_download_still_works(client, db):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1)
    paper = upload(item, title="Uploaded", pages=2, text="Uploaded text")
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    assert "Uploaded text page 2" in pages_text(b"".join(response.streaming_content))[1]


def test_publishing_prebuilds_the_public_pack(db, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(agenda_issued_on=None)
    upload(AgendaItemFactory(meeting=meeting, number=1), title="Paper", pages=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    assert PackBuild.objects.filter(meeting=meeting, variant="public", status="ready").exists()
    assert PackBuild.objects.filter(meeting=meeting, variant="front", status="ready").exists()


def test_a_failing_prebuild_does_not_break_publishing(db, django_capture_on_commit_callbacks, monkeypatch):
    meeting = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(api, "prebuild", explode)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_published
    failed = PackBuild.objects.get(meeting=meeting, status="failed")
    assert "disk full" in failed.warnings


def test_build_packs_command(seed_meeting):
    out = io.StringIO()
    call_command("build_packs", meeting=[seed_meeting.pk], stdout=out)
    assert "Built the packs of 1 meeting(s)." in out.getvalue()
    variants = set(PackBuild.objects.filter(meeting=seed_meeting).values_list("variant", flat=True))
    assert {"public", "front", "full", "paper"} <= variants


@pytest.mark.parametrize("name", ["officerreport", "packbuild"])
def test_admin_changelists_and_forms(client, admin_client_user, seed_meeting, name):
    api.pack_for(seed_meeting, AnonymousUser())
    client.force_login(admin_client_user)
    assert client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
    obj = (
        PackBuild if name == "packbuild" else Paper.objects.exclude(report=None).get().report.__class__
    ).objects.first()
    assert client.get(reverse(f"admin:meetings_{name}_change", args=[obj.pk])).status_code == 200
    if name == "officerreport":
        assert client.get(reverse("admin:meetings_officerreport_add")).status_code == 200
