"""Search work in the background: a PDF's text is extracted by the worker, a renamed committee
re-indexes its meetings' trees there; the marks the visibility rule reads never wait."""

import pytest

from meetings.models import BackgroundJob, SearchEntry
from tests.meetings.builders import paper_with_text
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def titles(browser, q):
    return [e.title for e in browser.get("/search/", {"q": q}).context["results"]]


def test_uploaded_paper_text_is_extracted_by_the_worker(public, run_worker):
    paper = paper_with_text("Quarrendon attendance figures", title="Attendance report")

    # Saved and listed by title at once; its words wait for the worker.
    assert titles(public, "attendance report") == ["Attendance report"]
    assert titles(public, "quarrendon") == []
    job = BackgroundJob.objects.get(key=f"search-text-paper-{paper.pk}")
    assert job.status == "waiting" and job.meeting_id == paper.item.meeting_id

    run_worker()

    assert titles(public, "quarrendon") == ["Attendance report"]
    assert BackgroundJob.objects.get(pk=job.pk).status == "done"


def test_exempt_marks_are_applied_at_once_even_when_text_waits(public, run_worker):
    paper = paper_with_text("Tollerby contract prices", title="Contract prices")
    run_worker()
    assert titles(public, "tollerby") == ["Contract prices"]
    item = paper.item
    item.exempt, item.exempt_paragraph = True, 3
    item.save()
    assert titles(public, "tollerby") == []  # no worker needed to withdraw it
    assert not BackgroundJob.objects.open().exists()


def test_renaming_a_committee_reindexes_its_meetings_in_the_background(public, run_worker):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=1, title="Libraries review")
    committee = meeting.committee
    committee.name = "Neighbourhoods Scrutiny"
    committee.save()

    entry = SearchEntry.objects.get(kind="meeting", object_id=meeting.pk)
    assert "Neighbourhoods Scrutiny" not in entry.title  # not yet: the tree waits for the worker
    assert BackgroundJob.objects.filter(key__startswith="search-related-", status="waiting").exists()

    run_worker()

    entry.refresh_from_db()
    assert entry.title.startswith("Neighbourhoods Scrutiny, ")
    assert entry.title in titles(public, "neighbourhoods scrutiny")
    assert not BackgroundJob.objects.open().exists()


def test_immediate_backend_extracts_text_while_saving(public):
    paper_with_text("Brackenfield outcomes", title="Outcomes")
    assert titles(public, "brackenfield") == ["Outcomes"]
    assert not BackgroundJob.objects.filter(key__startswith="search-text").exists()
