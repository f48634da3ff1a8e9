"""Every public page type fits a phone: nothing scrolls sideways at 320 or 390 CSS pixels (wide
tables scroll inside their own labelled region), and axe-core still finds nothing at that width."""

import pytest
from django.core.management import call_command

from tests.browser import artifacts_dir, axe_findings
from tests.project.pages import add_word_report, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)


@pytest.fixture
def demo_pages(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    add_word_report()
    return {name: live_server.url + path for name, path in public_pages().items()}


# axe-core at phone width on the page types with the widest tables and the most controls.
AXE_AT_320 = ("home", "search", "decisions", "plan", "snapshot", "work-programme", "person", "inspections", "report")


def test_public_pages_fit_a_phone_pass_axe_and_put_results_first(demo_pages, browser_page):
    """One demo load for all the checks (a load costs more than all the page visits):
    - no public page type scrolls sideways at 320 or 390 px;
    - axe-core finds nothing at 320 px;
    - search results come before the filters, on the first screen."""
    page = browser_page
    too_wide, findings = [], []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in demo_pages.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                culprits = page.evaluate(
                    """(w) => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > w + 1
                                && !(e.parentElement && e.parentElement.closest('.scrutiny-table-scroll')))
                        .slice(0, 3).map(e => e.tagName + '.' + [...e.classList].join('.'))""",
                    width,
                )
                too_wide.append(f"{name} at {width}px: {scroll_width}px wide ({', '.join(culprits)})")
                page.screenshot(path=str(artifacts_dir() / f"too-wide-{name}-{width}.png"), full_page=True)
            if width == 320 and name in AXE_AT_320:
                findings.append(axe_findings(page, f"{name}-320"))
            if width == 320 and name == "search":
                first_result = page.locator(".scrutiny-search-results li").first.bounding_box()
                filters = page.locator(".scrutiny-filters-panel").first.bounding_box()
                if not (first_result["y"] < filters["y"] and first_result["y"] < 800):
                    too_wide.append(f"search at 320px: the first result is at {first_result['y']}px, below the filters")
    findings = [f for f in findings if f]
    assert not too_wide, "\n".join(too_wide)
    assert not findings, "\n\n".join(findings)
