"""Search follows every visibility change at once.

Each test drives one change the way the application makes it (services, or a save as the admin
saves) and then searches anonymously, on the /search/ page, for words only the hidden objects
hold: nothing under a hidden object may still be found.
"""

import datetime

import pytest

from actionplans.services import plan_set_published
from meetings.agendas.services import meeting_unpublish
from meetings.minutes import services as minutes_services
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory
from tests.meetings.builders import minute_with_decision, paper_with_text, past_meeting
from tests.meetings.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def found(browser, word) -> list[str]:
    response = browser.get("/search/", {"q": word})
    assert response.status_code == 200
    return [entry.title for entry in response.context["results"]]


def assert_found(browser, *words):
    for word in words:
        assert found(browser, word), f"{word} should be found"


def assert_hidden(browser, *words):
    for word in words:
        assert found(browser, word) == [], f"{word} is still found"


@pytest.fixture
def agenda():
    """A published past meeting with an item holding a paper, a minute and a decision, each with
    its own unmistakable word, and the minutes published."""
    meeting = past_meeting()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Quorvendal placements")
    paper = paper_with_text("Brimbleford costings", item=item, title="Placement report")
    minute, decision = minute_with_decision(
        meeting=meeting,
        item=item,
        title="Placements",
        narrative="<p>Thistlewaite discussion</p>",
        decision="To write to Gorsemantle nursery.",
    )
    return meeting, item, paper, minute, decision


WORDS = ("brimbleford", "thistlewaite", "gorsemantle")


def test_marking_an_item_exempt_hides_its_papers_minutes_and_decisions(public, councillor, agenda):
    _meeting, item, *_ = agenda
    assert_found(public, *WORDS)
    item.exempt, item.exempt_paragraph = True, 3
    item.full_clean()
    item.save()
    assert_hidden(public, *WORDS)
    assert_found(councillor, *WORDS)
    # And back again.
    item.exempt, item.exempt_paragraph = False, None
    item.save()
    assert_found(public, *WORDS)


def test_marking_a_paper_exempt_hides_it(public, agenda):
    paper = agenda[2]
    paper.exempt = True
    paper.full_clean()
    paper.save()
    assert_hidden(public, "brimbleford")


def test_withdrawing_the_agenda_hides_everything_under_the_meeting(public, officer, agenda):
    meeting = agenda[0]
    assert_found(public, "quorvendal", *WORDS)
    meeting_unpublish(meeting=meeting)
    assert_hidden(public, "quorvendal", *WORDS)
    assert_found(officer, "quorvendal", *WORDS)


def test_marking_a_minute_exempt_hides_it_and_its_decisions(public, agenda):
    minute = agenda[3]
    minutes_services.minute_update(minute=minute, publicity="exempt")
    assert_hidden(public, "thistlewaite", "gorsemantle")
    assert_found(public, "brimbleford")


def test_unpublishing_minutes_hides_minutes_and_decisions(public, agenda):
    meeting = agenda[0]
    minutes_services.minutes_unpublish(minutes=meeting.minutes)
    assert_hidden(public, "thistlewaite", "gorsemantle")


@pytest.mark.parametrize("what", ["paper", "item", "meeting", "minute", "decision"])
def test_deleting_anything_removes_it_and_everything_under_it(public, officer, agenda, what):
    meeting, item, paper, minute, decision = agenda
    hidden = {
        "paper": ("brimbleford",),
        "item": ("quorvendal", "brimbleford"),
        "meeting": ("quorvendal", *WORDS),
        "minute": ("thistlewaite", "gorsemantle"),
        "decision": ("gorsemantle",),
    }[what]
    {"paper": paper, "item": item, "meeting": meeting, "minute": minute, "decision": decision}[what].delete()
    assert_hidden(public, *hidden)
    assert_hidden(officer, *hidden)


@pytest.fixture
def plan():
    plan = ActionPlanFactory(title="Improvement plan", description="Wrexlingham partnership", published=True)
    section = SectionFactory(plan=plan, title="Theme")
    recommendation = RecommendationFactory(section=section, plan=plan, wording="Ensure Pellowmarsh visits happen.")
    action = ActionFactory(recommendation=recommendation, activity="Audit Crindlebury cases.")
    return plan, section, recommendation, action


PLAN_WORDS = ("wrexlingham", "pellowmarsh", "crindlebury")


def test_unpublishing_a_plan_hides_it_and_its_actions(public, officer, plan):
    assert_found(public, *PLAN_WORDS)
    plan_set_published(plan=plan[0], published=False)
    assert_hidden(public, *PLAN_WORDS)
    assert_found(officer, *PLAN_WORDS)


@pytest.mark.parametrize("what", ["plan", "section", "recommendation", "action"])
def test_deleting_a_plan_or_anything_in_it_removes_it_from_search(public, officer, plan, what):
    hidden = {
        "plan": PLAN_WORDS,
        "section": ("pellowmarsh", "crindlebury"),
        "recommendation": ("pellowmarsh", "crindlebury"),
        "action": ("crindlebury",),
    }[what]
    index = ("plan", "section", "recommendation", "action").index(what)
    plan[index].delete()
    assert_hidden(public, *hidden)
    assert_hidden(officer, *hidden)


def test_deleting_an_inspection_or_its_recommendation_removes_it_from_search(public, officer):
    from inspections.models import Framework, Inspection, InspectionRecommendation, Provider

    provider = Provider.objects.create(
        urn="105575", name="Zennorwick Primary", kind=Provider.Kind.SCHOOL, phase=Provider.Phase.PRIMARY
    )
    inspection = Inspection.objects.create(
        provider=provider,
        framework=Framework.objects.first(),
        kind=Inspection.Kind.GRADED,
        start_date=datetime.date(2024, 3, 1),
        published_on=datetime.date(2024, 4, 1),
        summary="Ulverstrand summary",
    )
    recommendation = InspectionRecommendation.objects.create(
        inspection=inspection, number=1, text="Improve Faldonbury reading."
    )
    assert_found(public, "ulverstrand", "faldonbury", "zennorwick")
    recommendation.delete()
    assert_hidden(public, "faldonbury")
    inspection.delete()
    assert_hidden(public, "ulverstrand")
    assert_hidden(officer, "ulverstrand")
    provider.delete()
    assert_hidden(public, "zennorwick")
