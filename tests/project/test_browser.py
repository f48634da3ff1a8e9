"""Public pages in a real browser: axe-core finds no violations, the keyboard works, screenshots saved."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import Committee, Meeting
from tests.browser import artifacts_dir, axe_findings

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


def test_public_pages_pass_axe_and_work_with_a_keyboard(demo_site, browser_page):
    """One demo load for both checks: axe-core finds no violations on each public page type (with
    the GOV.UK stylesheet loaded, so colour contrast is checked against the real design; a
    screenshot of each kept), then a keyboard user skips to the content and reaches the agenda."""
    page = browser_page
    findings = []
    for name, url in demo_site.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").lower()
        if not font.startswith("arial"):
            findings.append(f"{name}: the GOV.UK stylesheet did not load (h1 font {font})")
        page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)
        findings.append(axe_findings(page, name))
    findings = [f for f in findings if f]
    assert not findings, "\n\n".join(findings)
    keyboard_user_skips_to_content_and_reaches_the_agenda(page, demo_site)


def keyboard_user_skips_to_content_and_reaches_the_agenda(page, demo_site):
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
