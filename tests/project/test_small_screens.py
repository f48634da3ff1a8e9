"""Every public page type fits a phone: nothing scrolls sideways at 320 or 390 CSS pixels (wide
tables scroll inside their own labelled region), and axe-core still finds nothing at that width."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import artifacts_dir, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)


def public_pages() -> dict[str, str]:
    """One URL of each public page type, from the demo data."""
    from actionplans.models import Action, ActionPlan, Snapshot
    from inspections.models import Inspection, Provider
    from meetings.models import Committee, Meeting, Paper, Person

    committee = Committee.objects.get(slug="ofsted-subgroup")
    meeting = Meeting.objects.get(committee=committee, start__date=datetime.date(2018, 10, 2))
    minutes = Meeting.objects.filter(minutes__published_at__isnull=False).order_by("-start").first()
    report = Paper.objects.filter(report__isnull=False, exempt=False, item__exempt=False).first()
    upload = Paper.objects.filter(report__isnull=True, exempt=False, item__exempt=False,
                                  item__meeting__agenda_issued_on__isnull=False).first()
    plan = ActionPlan.objects.first()
    snapshot = Snapshot.objects.filter(plan=plan).order_by("-as_at").first()
    pages = {
        "home": "/",
        "committees": reverse("meetings:committee-list"),
        "committee": committee.get_absolute_url(),
        "work-programme": reverse("meetings:work-programme", args=[committee.slug]),
        "meetings": reverse("meetings:meeting-list"),
        "past-meetings": reverse("meetings:meeting-list") + "?when=past",
        "meeting": meeting.get_absolute_url(),
        "minutes": reverse("meetings:minutes", args=[minutes.pk]),
        "report": report.get_html_url(),
        "paper-text": reverse("meetings:paper-text", args=[upload.pk]),
        "people": reverse("meetings:person-list"),
        "person": Person.objects.get(slug="lovecy").get_absolute_url(),
        "decisions": reverse("meetings:decisions-register"),
        "search": reverse("search:search") + "?q=Ofsted",
        "search-empty": reverse("search:search"),
        "alerts": reverse("meetings:alert-subscribe"),
        "alerts-check-email": reverse("meetings:alert-check-email"),
        "accessibility": reverse("accessibility"),
        "open-data": reverse("open-data"),
        "plans": reverse("actionplans:plan-list"),
        "plan": plan.get_absolute_url(),
        "action": Action.objects.filter(recommendation__section__plan=plan).first().get_absolute_url(),
        "snapshot": snapshot.get_absolute_url(),
        "snapshot-compare": reverse("actionplans:snapshot-compare", args=[plan.pk]),
        "inspections": reverse("inspections:register"),
        "inspections-dashboard": reverse("inspections:dashboard"),
        "provider": Provider.objects.filter(inspections__isnull=False).first().get_absolute_url(),
        "inspection": Inspection.objects.first().get_absolute_url(),
        "login": reverse("login"),
        "not-found": "/meetings/999999/",
    }
    return pages


@pytest.fixture
def demo_pages(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
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
                                && !e.closest('.scrutiny-table-scroll'))
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


@pytest.mark.parametrize("name", ["home", "search", "decisions", "plan", "snapshot", "work-programme", "person",
                                  "inspections", "report"])
def test_narrow_pages_have_no_axe_violations(demo_pages, browser_page, name):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo_pages[name])
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, describe(violations)
