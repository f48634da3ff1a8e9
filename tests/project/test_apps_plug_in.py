"""Other apps plug into meetings by registration: take one away and meetings still works."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from actionplans import services as plan_services
from meetings.models import AgendaItem
from meetings.packs import api
from meetings.visibility import THE_PUBLIC
from tests.actionplans.factories import ActionFactory, rate
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

WITHOUT_ACTIONPLANS = [app for app in __import__("django.conf").conf.settings.INSTALLED_APPS if app != "actionplans"]


@pytest.fixture
def meeting_with_snapshot():
    meeting = MeetingFactory(agenda_issued_on=timezone.localdate() - datetime.timedelta(days=3))
    item = AgendaItemFactory(meeting=meeting, number=1, title="Improvement plan", kind=AgendaItem.Kind.REPORT)
    action = rate(ActionFactory(number="A1.1"), "red", "Slipped.")
    plan = action.recommendation.plan
    plan.published = True
    plan.save()
    plan_services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26), agenda_item=item)
    return meeting


def test_the_meeting_page_and_pack_carry_the_snapshot_when_actionplans_is_installed(client, meeting_with_snapshot):
    html = client.get(meeting_with_snapshot.get_absolute_url()).content.decode()
    assert "report as at 26 June 2018" in html
    titles = [s.title for item in api.public_plan(meeting_with_snapshot, THE_PUBLIC).items for s in item.sources]
    assert any("26 June 2018" in t for t in titles)


def test_without_actionplans_the_meeting_page_and_pack_still_work(client, meeting_with_snapshot):
    with override_settings(INSTALLED_APPS=WITHOUT_ACTIONPLANS):
        response = client.get(meeting_with_snapshot.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Improvement plan" in html and "report as at 26 June 2018" not in html
        plan = api.public_plan(meeting_with_snapshot, THE_PUBLIC)
        assert [s.title for item in plan.items for s in item.sources if "26 June" in s.title] == []
        build = api.pack_for(meeting_with_snapshot, THE_PUBLIC)
        assert build.status == "ready" and build.page_count >= 1
