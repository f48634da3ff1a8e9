import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def changelist_action(client, action, meetings):
    return client.post(
        "/admin/meetings/meeting/",
        {"action": action, "_selected_action": [m.pk for m in meetings]},
        follow=True,
    )


def test_publish_agenda_action_issues_it_today(admin_client, client):
    draft = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=draft, number=1, title="Minutes")
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = changelist_action(admin_client, "publish_agenda", [draft])
    assert "Issued the agenda of 1 meeting(s)." in response.content.decode()
    draft.refresh_from_db()
    assert draft.agenda_issued_on == timezone.localdate()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_publish_refuses_an_empty_agenda_with_a_message(admin_client):
    draft = MeetingFactory(agenda_issued_on=None)
    response = changelist_action(admin_client, "publish_agenda", [draft])
    assert "The agenda has no items yet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.agenda_issued_on is None


def test_create_next_meeting_copies_standing_items_only(admin_client):
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(days=3))
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES, standing=True)
    AgendaItemFactory(meeting=meeting, number=2, title="One-off report")
    AgendaItemFactory(meeting=meeting, number=3, title="Work Programme", standing=True)
    response = changelist_action(admin_client, "create_next_meeting", [meeting])
    assert "with 2 standing item(s)" in response.content.decode()
    new = Meeting.objects.exclude(pk=meeting.pk).get()
    assert new.agenda_issued_on is None, "the new meeting starts as a draft"
    assert new.committee == meeting.committee
    assert [(i.number, i.title) for i in new.items.order_by("number")] == [(1, "Minutes"), (2, "Work Programme")]


def test_meeting_changelist_filters_and_badges(admin_client):
    MeetingFactory(agenda_issued_on=None, venue="Draft venue")
    MeetingFactory(venue="Issued venue")
    drafts = admin_client.get("/admin/meetings/meeting/?published=no").content.decode()
    assert "Draft venue" in drafts and "Issued venue" not in drafts
    assert "scrutiny-badge--grey" in drafts
    issued = admin_client.get("/admin/meetings/meeting/?published=yes").content.decode()
    assert "Issued venue" in issued and "Draft venue" not in issued


def test_officer_group_can_use_the_admin(client, officer_user):
    client.force_login(officer_user)
    assert client.get("/admin/meetings/meeting/").status_code == 200
    assert client.get("/admin/meetings/meeting/add/").status_code == 200
