"""The one visibility rule on the search page: unique words in withheld material find nothing."""

import pytest

from meetings.agendas.services import meeting_publish
from tests.meetings.builders import minute_with_decision, paper_with_text, past_meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def result_titles(browser, q, **params):
    response = browser.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return [entry.title for entry in response.context["results"]]


def test_word_only_in_an_exempt_paper_is_found_by_councillors_not_the_public(public, councillor):
    paper_with_text("Zanzibarquist placement costs", exempt=True, title="Placement costs (exempt)")
    paper_with_text("Ordinary public report", title="Public report")

    assert result_titles(public, "zanzibarquist") == []
    assert "0 results" in public.get("/search/", {"q": "zanzibarquist"}).content.decode()
    assert result_titles(councillor, "zanzibarquist") == ["Placement costs (exempt)"]


def test_paper_exempt_through_its_item_is_withheld_from_the_public(public, councillor):
    item = AgendaItemFactory(title="Residential placement", exempt=True, exempt_paragraph=3)
    paper_with_text("Quillothorpe contract value", item=item, title="Contract appendix")

    assert result_titles(public, "quillothorpe") == []
    assert result_titles(councillor, "quillothorpe") == ["Contract appendix"]
    # The exempt item's title is public, as on the agenda.
    assert result_titles(public, "residential placement") == ["Residential placement"]


def test_word_only_in_a_draft_meeting_is_found_by_officers_only(public, councillor, officer):
    draft = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=draft, title="Brixtonwold review")

    assert result_titles(public, "brixtonwold") == []
    assert result_titles(councillor, "brixtonwold") == []
    assert result_titles(officer, "brixtonwold") == ["Brixtonwold review"]


def test_publishing_the_agenda_makes_the_draft_findable(public):
    draft = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=draft, title="Fernhollow update")
    assert result_titles(public, "fernhollow") == []

    meeting_publish(meeting=draft)

    assert result_titles(public, "fernhollow") == ["Fernhollow update"]


def test_draft_minutes_and_exempt_minutes_are_withheld(public, councillor, officer):
    minute_with_decision(title="Gravelstone visit", decision="To visit Gravelstone nursery.", publish=False)
    meeting = past_meeting()
    minute_with_decision(
        meeting=meeting, title="Staffing", narrative="<p>Hollowmere restructure</p>", publicity="exempt"
    )

    assert result_titles(public, "gravelstone") == []
    assert len(result_titles(officer, "gravelstone")) == 2  # the minute and its decision
    assert result_titles(public, "hollowmere") == []
    assert len(result_titles(councillor, "hollowmere")) == 1


def test_published_minutes_and_decisions_are_found(public):
    minute, decision = minute_with_decision(
        title="School attendance",
        narrative="<p>Members discussed <b>Tamberlyn</b> academy.</p>",
        decision="To write to congratulate Tamberlyn academy.",
    )
    titles = result_titles(public, "tamberlyn")
    assert len(titles) == 2
    assert any(t.startswith(minute.reference) and "School attendance" in t for t in titles)
    assert any("(1) To write to congratulate" in t for t in titles)
