import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import minutes_services as services
from meetings.minutes_models import Decision, MeetingMinutes

from ..factories import CommitteeFactory, MeetingFactory
from .factories import make_minute


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def approved(db):
    committee = CommitteeFactory()
    june = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    minute = make_minute(june, title="Daycare Providers", narrative="<p>Original</p>")
    decision = services.decision_create(minute=minute, text="To write to the nurseries.")
    services.minutes_publish(minutes=june.minutes)
    return june, october, minute, decision


@pytest.mark.parametrize("model", ["meetingminutes", "minute", "decision", "workprogrammeitem", "termsofreference", "reportdeadline"])
def test_changelists_and_add_forms_render(officer_client, db, model):
    assert officer_client.get(reverse(f"admin:meetings_{model}_changelist")).status_code == 200
    assert officer_client.get(reverse(f"admin:meetings_{model}_add")).status_code == 200


def test_minute_form_uses_the_rich_text_editor(officer_client, approved):
    minute = approved[2]
    page = officer_client.get(reverse("admin:meetings_minute_change", args=[minute.pk]))
    assert "django_prose_editor/editor.js" in page.text


def test_admin_actions_run_the_lifecycle_and_report_refusals(officer_client, approved):
    june, october, minute, decision = approved
    url = reverse("admin:meetings_meetingminutes_changelist")
    response = officer_client.post(url, {"action": "lock", "_selected_action": [june.minutes.pk]}, follow=True)
    assert "Only approved minutes can be locked" in response.text
    response = officer_client.post(url, {"action": "approve_at_next_meeting", "_selected_action": [june.minutes.pk]}, follow=True)
    assert "Approved 1 set(s) of minutes" in response.text
    june.minutes.refresh_from_db()
    assert june.minutes.approved_at == october


def test_admin_refuses_changing_an_approved_minute_but_allows_tracker(officer_client, approved):
    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    # The change form of an approved minute offers nothing to edit.
    page = officer_client.get(reverse("admin:meetings_minute_change", args=[minute.pk]))
    assert 'name="title"' not in page.text
    response = officer_client.post(reverse("admin:meetings_decision_change", args=[decision.pk]), {
        "owner": "Scrutiny Support Officer", "due_date": "2018-07-31", "status": "completed",
        "response": "Letters sent on 20 July 2018.", "update_note": "",
        "updates-TOTAL_FORMS": "0", "updates-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.text) == ("completed", "To write to the nurseries.")
    assert decision.updates.get().note == "Letters sent on 20 July 2018."


def test_decision_form_refuses_wording_change_with_message(approved):
    from meetings.minutes_admin import DecisionForm

    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    form = DecisionForm(instance=decision, data={
        "minute": minute.pk, "number": 1, "kind": Decision.Kind.DECISION, "text": "Reworded",
        "status": "not_started", "owner": "", "response": "",
    })
    assert not form.is_valid()
    assert "the wording of its decisions can no longer be changed" in str(form.errors)
    assert MeetingMinutes.objects.get(meeting=june).status == "approved"
