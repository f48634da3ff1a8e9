"""The API reference at /api/docs/ passes axe-core (Swagger UI, which did not, moved to /api/docs/swagger/)."""

import pytest

from tests.browser import artifacts_dir, axe_violations, describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_api_reference_has_no_axe_violations_and_loads_nothing_from_elsewhere(live_server, browser_page):
    page = browser_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h3#get-api-meetings").count() == 1
    assert page.locator("th", has_text="dueDate").count() >= 1
    page.screenshot(path=str(artifacts_dir() / "api-reference.png"))
    violations = axe_violations(page)
    assert not violations, describe(violations)
    elsewhere = [url for url in requested if not url.startswith(live_server.url)]
    assert not elsewhere, elsewhere


def test_the_open_data_page_has_no_axe_violations(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/open-data/")
    assert page.locator("a", has_text="/oparl/v1.1/").count() == 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
