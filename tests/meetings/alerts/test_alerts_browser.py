"""The email alerts pages in a real browser: axe-core clean, usable with the keyboard."""

import pytest

from meetings.alerts import services as alerts
from tests.browser import artifacts_dir, axe_violations, describe
from tests.meetings.factories import CommitteeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_keyboard_user_subscribes_to_a_keyword_and_errors_are_accessible(live_server, browser_page):
    CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    page = browser_page
    page.goto(live_server.url + "/alerts/")
    check(page, "alerts-subscribe")
    page.locator("#id_email").focus()
    page.keyboard.type("resident@example.com")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # from the first radio to "A word or phrase"
    assert page.locator("#topic-keyword").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("ab")
    assert page.locator("#id_keyword").input_value() == "ab"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").get_by_text("Enter a word or phrase of at least 3 letters").is_visible()
    check(page, "alerts-subscribe-errors")
    page.fill("#id_keyword", "fostering")
    with page.expect_navigation():
        page.get_by_role("button", name="Send confirmation email").click()
    assert page.locator("h1").inner_text() == "Check your email"
    check(page, "alerts-check-email")


def test_confirm_and_unsubscribe_pages_are_accessible(live_server, browser_page):
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    token = alerts.confirmation_token(email="resident@example.com", committee=committee, keyword="")
    page = browser_page
    page.goto(live_server.url + f"/alerts/confirm/{token}/")
    check(page, "alerts-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm alerts").click()
    assert page.locator("h1").inner_text() == "Your email alerts are set up"
    check(page, "alerts-confirmed")
    with page.expect_navigation():
        page.get_by_role("link", name="unsubscribe now").click()
    assert page.locator("h1").inner_text() == "Unsubscribe from email alerts"
    check(page, "alerts-unsubscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You have unsubscribed"
    check(page, "alerts-unsubscribed")
