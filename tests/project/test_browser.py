"""Public pages in a real browser: axe-core finds no violations, the keyboard works, screenshots saved."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import Committee, Meeting
from tests.browser import artifacts_dir, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    committee = Committee.objects.get(slug="ofsted-subgroup")
    meeting = Meeting.objects.get(committee=committee, start__date=datetime.date(2018, 10, 2))
    return {
        "home": live_server.url + "/",
        "committee": live_server.url + committee.get_absolute_url(),
        "meeting": live_server.url + meeting.get_absolute_url(),
        "committees": live_server.url + "/committees/",
        "meetings": live_server.url + "/meetings/?when=past",
        "people": live_server.url + "/people/",
        "person": live_server.url + "/people/lovecy/",
        "not-found": live_server.url + "/meetings/999999/",
        "login": live_server.url + "/accounts/login/",
    }


@pytest.mark.parametrize(
    "name", ["home", "committee", "meeting", "committees", "meetings", "people", "person", "not-found", "login"]
)
def test_public_page_has_no_axe_violations(demo_site, browser_page, name):
    page = browser_page
    page.goto(demo_site[name])
    page.wait_for_load_state("networkidle")
    # The GOV.UK stylesheet loaded (so colour contrast is checked against the real design).
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").lower().startswith("arial")
    page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_keyboard_user_can_skip_to_content_and_reach_the_agenda(demo_site, browser_page):
    page = browser_page
    page.goto(demo_site["home"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    # Tab through until the Ofsted Subgroup meeting link is focused, then follow it with Enter.
    page.goto(demo_site["committee"] + "?year=2018")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Tuesday, 2 October 2018":
            break
    else:
        pytest.fail("The meeting link could not be reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tuesday, 2 October 2018"
    assert page.locator("#item-5").get_by_text("Exempt under paragraph 3").is_visible()
