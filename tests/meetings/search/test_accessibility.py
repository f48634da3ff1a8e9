"""The search page in a real browser: axe-core finds no violations with results, and with an error."""

import pytest

from tests.browser import artifacts_dir, axe_violations, describe
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(
        meeting=meeting,
        number=1,
        title="Ofsted inspections of Manchester schools",
        purpose="To receive a list of schools inspected since the last meeting.",
    )
    AgendaItemFactory(
        meeting=meeting,
        number=2,
        title="Post Ofsted inspection action plan",
        purpose="To consider progress against the Ofsted improvement plan.",
        report_of="Deputy Director",
    )
    AgendaItemFactory(meeting=meeting, number=3, title="Children's homes", exempt=True, exempt_paragraph=3)
    return live_server.url


@pytest.mark.parametrize(
    "name,query",
    [
        ("search-results", "?q=ofsted&kind=agenda_item&committee=ofsted-subgroup"),
        ("search-error", "?q=ofsted&from_day=31&from_month=2&from_year=2019"),
    ],
)
def test_search_page_has_no_axe_violations(site, browser_page, name, query):
    page = browser_page
    page.goto(site + "/search/" + query)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Search"
    page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_keyboard_user_can_search_from_the_navigation(site, browser_page):
    page = browser_page
    page.goto(site + "/")
    page.get_by_role("link", name="Search").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/")
    page.get_by_label("Search meetings, agendas, papers, minutes and decisions").fill("ofsted")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "results for ‘ofsted’" in page.locator("#results-heading").inner_text()
    assert page.locator(".scrutiny-search-result mark").count() > 0
