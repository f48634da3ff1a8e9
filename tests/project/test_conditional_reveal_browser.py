"""The alerts form in a browser: GOV.UK's conditional reveal shows only the field for the chosen
topic, at phone width, and axe-core finds nothing wrong before or after a choice."""

import pytest

from tests.browser import axe_violations, describe
from tests.meetings.factories import CommitteeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alerts_form_reveals_only_the_chosen_field(live_server, browser_page):
    CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/alerts/")
    page.wait_for_load_state("networkidle")
    assert not page.locator("#conditional-committee").is_visible()
    assert not page.locator("#conditional-keyword").is_visible()
    assert not axe_violations(page)
    page.locator("#id_email").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "A word or phrase"
    assert page.locator("#conditional-keyword").is_visible()
    assert not page.locator("#conditional-committee").is_visible()
    page.check("#topic-committee")
    assert page.locator("#id_committee").is_visible() and not page.locator("#id_keyword").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
