"""Packs built by background tasks: issuing returns at once, the page says "being prepared",
a download never builds the pack inline, and the worker builds it once."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from meetings.agendas import services
from meetings.models import BackgroundJob, PackBuild
from meetings.packs import render
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import pages_text

BEING_PREPARED = "The agenda pack is being prepared"


@pytest.fixture
def draft_meeting(db):
    meeting = MeetingFactory(agenda_issued_on=None)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Harpurhey schools")
    upload(item, title="Inspection report", pages=2, text="Harpurhey inspection")
    return meeting


def issue(meeting, capture):
    with capture(execute=True):
        services.meeting_publish(meeting=meeting)
    meeting.refresh_from_db()


def test_issuing_enqueues_the_build_and_the_worker_builds_it(
    draft_meeting, public, run_worker, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    real = render.html_to_pdf
    monkeypatch.setattr(render, "html_to_pdf", lambda *a, **k: rendered.append(1) or real(*a, **k))

    issue(draft_meeting, django_capture_on_commit_callbacks)

    # The request issued the agenda and built nothing: the work waits for the worker.
    assert draft_meeting.is_published
    assert rendered == []
    assert not PackBuild.objects.filter(meeting=draft_meeting).exists()
    labels = set(BackgroundJob.objects.filter(meeting=draft_meeting).values_list("label", "status"))
    assert (f"Agenda packs of {draft_meeting}", "waiting") in labels
    assert DBTaskResult.objects.filter(status="READY").count() >= 2

    page = public.get(draft_meeting.get_absolute_url()).content.decode()
    assert BEING_PREPARED in page
    assert "Being prepared" in page
    assert reverse("meetings:meeting-pack", args=[draft_meeting.pk]) not in page

    # A download asks for the pack: it is not built in the request either.
    response = public.get(reverse("meetings:meeting-pack", args=[draft_meeting.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "The agenda pack is being prepared" in response.content.decode()
    assert rendered == []
    assert BackgroundJob.objects.filter(meeting=draft_meeting, label__startswith="Agenda packs").count() == 1

    run_worker()

    assert set(BackgroundJob.objects.filter(meeting=draft_meeting).values_list("status", flat=True)) == {"done"}
    assert rendered  # the worker rendered the pack
    page = public.get(draft_meeting.get_absolute_url()).content.decode()
    assert BEING_PREPARED not in page and "Being prepared" not in page
    pack = PackBuild.objects.get(meeting=draft_meeting, variant="public", despatch=None)
    assert reverse("meetings:meeting-pack", args=[draft_meeting.pk]) in page
    assert f"{pack.page_count} pages" in page
    rendered.clear()
    download = public.get(reverse("meetings:meeting-pack", args=[draft_meeting.pk]))
    assert download.status_code == 200
    assert "Harpurhey inspection" in "\n".join(pages_text(b"".join(download.streaming_content)))
    assert rendered == []  # served as built
    # The despatch was stored as issued too.
    assert PackBuild.objects.filter(meeting=draft_meeting, despatch__number=0, variant="public").exists()


def test_a_download_of_a_pack_not_built_enqueues_it_once(
    draft_meeting, public, run_worker, django_capture_on_commit_callbacks
):
    issue(draft_meeting, django_capture_on_commit_callbacks)
    run_worker()
    # A change after issue: the stored pack is out of date and nobody has asked for it yet.
    item = draft_meeting.items.get()
    item.title = "Harpurhey and Moston schools"
    item.save()

    url = reverse("meetings:meeting-pack", args=[draft_meeting.pk])
    assert public.get(url).status_code == 503
    assert public.get(reverse("meetings:meeting-front-sheet", args=[draft_meeting.pk])).status_code == 503
    assert BackgroundJob.objects.filter(meeting=draft_meeting, status="waiting").count() == 1
    assert BEING_PREPARED in public.get(draft_meeting.get_absolute_url()).content.decode()

    run_worker()
    response = public.get(url)
    assert response.status_code == 200
    assert "Harpurhey and Moston schools" in pages_text(b"".join(response.streaming_content))[0]


def test_officer_preview_of_a_draft_pack_is_built_for_officers(draft_meeting, officer, run_worker):
    url = reverse("meetings:meeting-pack", args=[draft_meeting.pk])
    assert officer.get(url).status_code == 503
    job = BackgroundJob.objects.get(meeting=draft_meeting)
    assert job.kwargs["audience"] == "drafts"
    run_worker()
    response = officer.get(url)
    assert response.status_code == 200
    assert "Harpurhey inspection" in "\n".join(pages_text(b"".join(response.streaming_content)))


def test_immediate_backend_builds_while_issuing_as_before(draft_meeting, public, django_capture_on_commit_callbacks):
    issue(draft_meeting, django_capture_on_commit_callbacks)
    assert PackBuild.objects.filter(meeting=draft_meeting, variant="public", status="ready").exists()
    assert set(BackgroundJob.objects.filter(meeting=draft_meeting).values_list("status", flat=True)) == {"done"}
    page = public.get(draft_meeting.get_absolute_url()).content.decode()
    assert BEING_PREPARED not in page
    assert public.get(reverse("meetings:meeting-pack", args=[draft_meeting.pk])).status_code == 200
