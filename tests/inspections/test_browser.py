"""Inspections pages in a real browser: axe-core finds no violations; charts open as tables."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command

from inspections.models import Inspection, Provider

from ..browser import artifacts_dir, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    council = Provider.objects.get(kind="la_childrens_services")
    return {
        "register": live_server.url + "/inspections/",
        "register-filtered": live_server.url + "/inspections/?kind=early_years",
        "academy": live_server.url + Provider.objects.get(name="Newall Green High School").get_absolute_url(),
        "report-card": live_server.url + Provider.objects.get(name="Riverbank Primary School").get_absolute_url(),
        "council": live_server.url + council.get_absolute_url(),
        "inspection": live_server.url + Inspection.objects.get(kind="sif").get_absolute_url(),
        "dashboard": live_server.url + "/inspections/childrens-services/",
    }


@pytest.mark.parametrize(
    "name", ["register", "register-filtered", "academy", "report-card", "council", "inspection", "dashboard"]
)
def test_inspections_page_has_no_axe_violations(demo_site, browser_page, name):
    page = browser_page
    page.goto(demo_site[name])
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir() / f"inspections-{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_keyboard_user_opens_a_chart_as_a_table(demo_site, browser_page):
    page = browser_page
    page.goto(demo_site["register"])
    summary = page.locator("summary", has_text="Show this chart as a table").first
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("details[open] table").first
    assert table.is_visible()
    assert "Outstanding" in table.inner_text()


@pytest.mark.parametrize("urn", ["905003", "905004", "905005"])
def test_2024_shapes_have_no_axe_violations(live_server, browser_page, urn):
    """Not judged, ungraded outcomes, categories of concern and earlier frameworks, from Ofsted's current file."""
    for migration in ("0002_load_frameworks", "0004_load_earlier_frameworks"):  # flushed by transactional tests
        import_module(f"inspections.migrations.{migration}").load(apps, None)
    call_command(
        "import_ofsted",
        "inspections/sample_data/ofsted-state-funded-schools-2026-sample.csv",
        "--no-progress",
        stdout=open("/dev/null", "w"),
    )
    page = browser_page
    for url in (Provider.objects.get(urn=urn).get_absolute_url(), "/inspections/"):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        assert not violations, describe(violations)
