"""Inspections pages in a real browser: axe-core finds no violations; charts open as tables."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command

from inspections.models import Inspection, Provider

from ..browser import artifacts_dir, axe_findings

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


def test_inspections_pages_pass_axe_and_charts_open_as_tables(demo_site, browser_page):
    """One demo load: axe-core finds no violations on each inspections page type (screenshots
    kept), and a keyboard user opens a chart as a table."""
    page = browser_page
    findings = []
    for name, url in demo_site.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(artifacts_dir() / f"inspections-{name}.png"), full_page=True)
        findings.append(axe_findings(page, f"inspections-{name}"))
    findings = [f for f in findings if f]
    assert not findings, "\n\n".join(findings)

    page.goto(demo_site["register"])
    summary = page.locator("summary", has_text="Show this chart as a table").first
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("details[open] table").first
    assert table.is_visible()
    assert "Outstanding" in table.inner_text()


def test_2024_shapes_have_no_axe_violations(live_server, browser_page):
    """Not judged, ungraded outcomes, categories of concern and earlier frameworks, from Ofsted's
    current file (one import for the three shapes)."""
    for migration in ("0002_load_frameworks", "0004_load_earlier_frameworks"):  # flushed by transactional tests
        import_module(f"inspections.migrations.{migration}").load(apps, None)
    call_command(
        "import_ofsted",
        "inspections/sample_data/ofsted-state-funded-schools-2026-sample.csv",
        "--no-progress",
        stdout=open("/dev/null", "w"),
    )
    page = browser_page
    findings = []
    for name, url in [
        *((urn, Provider.objects.get(urn=urn).get_absolute_url()) for urn in ("905003", "905004", "905005")),
        ("register", "/inspections/"),
    ]:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        findings.append(axe_findings(page, f"2024-{name}"))
    findings = [f for f in findings if f]
    assert not findings, "\n\n".join(findings)
