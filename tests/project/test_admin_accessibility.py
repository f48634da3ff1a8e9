"""The officers' admin in a real browser: axe-core finds no critical or serious violations on the
pages a committee officer works in, at desktop (1280 px) and phone (390 px) widths."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from meetings.minutes import services as minutes_services
from meetings.roles import COMMITTEE_OFFICERS
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory, rate
from tests.browser import artifacts_dir, axe_violations, describe, sign_in
from tests.factories import UserFactory
from tests.meetings.builders import make_minute, past_meeting, upload
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, OfficerReportFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
SERIOUS = {"critical", "serious"}


def officer_pages() -> dict[str, str]:
    """A meeting as an officer works on it (items, papers, attendance, minutes with decisions, a
    written report) and an action plan with amber and Improvement Notice actions; their pages."""
    committee = CommitteeFactory(name="Ofsted Subgroup", short_code="CYP/OSG")
    members = [PersonFactory() for _ in range(3)]
    meeting = past_meeting(committee=committee)
    items = [AgendaItemFactory(meeting=meeting, number=n, title=f"Item {n}") for n in (1, 2, 3)]
    upload(items[1], title="Daycare report", pages=2)
    report = OfficerReportFactory()
    for n, person in enumerate(members):
        minutes_services.attendance_record(meeting=meeting, person=person, in_the_chair=(n == 0))
    minute = make_minute(meeting, title="Daycare Providers", item=items[1], narrative="<p>Discussed.</p>")
    minutes_services.decision_create(minute=minute, text="To visit a setting.", kind="request")
    minutes_services.decision_create(minute=minute, text="To note the report.", kind="noted")
    plan = ActionPlanFactory(title="Improvement plan")
    recommendation = RecommendationFactory(section=SectionFactory(plan=plan), plan=plan)
    rate(ActionFactory(recommendation=recommendation, improvement_notice=True), "amber")
    action = rate(ActionFactory(recommendation=recommendation), "red")
    return {
        "index": reverse("admin:index"),
        "meetings": reverse("admin:meetings_meeting_changelist"),
        "papers": reverse("admin:meetings_paper_changelist"),
        "decisions": reverse("admin:meetings_decision_changelist"),
        "minutes-list": reverse("admin:meetings_meetingminutes_changelist"),
        "meeting": reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        "attendance": reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
        "write-minutes": reverse("admin:meetings_meeting_minutes", args=[meeting.pk]),
        "publish-minutes": reverse("admin:meetings_meeting_minutes_publish", args=[meeting.pk]),
        "approve-minutes": reverse("admin:meetings_meeting_minutes_approve", args=[meeting.pk]),
        "postpone": reverse("admin:meetings_meeting_postpone", args=[meeting.pk]),
        "item": reverse("admin:meetings_agendaitem_change", args=[items[1].pk]),
        "minutes": reverse("admin:meetings_meetingminutes_change", args=[meeting.minutes.pk]),
        "minute": reverse("admin:meetings_minute_change", args=[minute.pk]),
        "report": reverse("admin:meetings_officerreport_change", args=[report.pk]),
        "plan": reverse("admin:actionplans_actionplan_change", args=[plan.pk]),
        "actions": reverse("admin:actionplans_action_changelist"),
        "action": reverse("admin:actionplans_action_change", args=[action.pk]),
        "import-plan": reverse("admin:actionplans_actionplan_import"),
        "import-report": reverse("admin:meetings_officerreport_import_word"),
    }


def test_officer_admin_pages_have_no_serious_axe_violations(live_server, browser_page):
    pages = officer_pages()
    officer = UserFactory(username="clerk", is_staff=True)
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    page = browser_page
    sign_in(page, live_server, officer)
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{name}: {response.status}"
            # Signed in as the officer, not sent to the sign-in page.
            assert page.locator("#user-tools").count() == 1, name
            violations = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
            if violations:
                page.screenshot(path=str(artifacts_dir() / f"admin-{name}-{width}.png"), full_page=True)
                found.append(f"{name} at {width}px:\n{describe(violations)}")
    assert not found, "\n\n".join(found)
