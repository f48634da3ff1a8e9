"""Every public page type fits a phone: nothing scrolls sideways at 320 or 390 CSS pixels (wide
tables scroll inside their own labelled region), and axe-core still finds nothing at that width."""

import pytest
from django.core.management import call_command

from tests.browser import artifacts_dir, axe_violations, describe
from tests.project.pages import add_word_report, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)


@pytest.fixture
def demo_pages(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    add_word_report()
    return {name: live_server.url + path for name, path in public_pages().items()}


def test_no_public_page_scrolls_sideways_on_a_phone(demo_pages, browser_page):
    page = browser_page
    too_wide = []
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
    assert not too_wide, "\n".join(too_wide)


def test_search_results_come_before_the_filters_on_a_phone(demo_pages, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo_pages["search"])
    first_result = page.locator(".scrutiny-search-results li").first.bounding_box()
    filters = page.locator(".scrutiny-filters-panel").first.bounding_box()
    assert first_result["y"] < filters["y"]
    assert first_result["y"] < 800  # on the first screen


@pytest.mark.parametrize(
    "name", ["home", "search", "decisions", "plan", "snapshot", "work-programme", "person", "inspections", "report"]
)
def test_narrow_pages_have_no_axe_violations(demo_pages, browser_page, name):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo_pages[name])
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, describe(violations)
