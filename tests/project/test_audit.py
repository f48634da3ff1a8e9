"""An audit trail officers cannot edit (django-simple-history)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import Action, ActionPlan, ProgressUpdate
from inspections.models import Inspection
from meetings.agendas import services as agenda_services
from meetings.minutes import services as minute_services
from meetings.models import AgendaItem, Decision, Meeting, MeetingMinutes, Membership, Minute, Paper
from tests.actionplans.factories import ActionFactory, rate
from tests.factories import UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, MembershipFactory

AUDITED = [
    Meeting,
    AgendaItem,
    Paper,
    MeetingMinutes,
    Minute,
    Decision,
    Membership,
    Inspection,
    ActionPlan,
    Action,
    ProgressUpdate,
]


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


def test_every_audited_model_keeps_history():
    for model in AUDITED:
        assert hasattr(model, "history"), model


def test_admin_change_records_who_when_and_old_and_new_values(officer_client, officer_user, db):
    meeting = MeetingFactory(venue="Room 600")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = officer_client.get(url)
    form = page.context["adminform"].form
    start = timezone.localtime(meeting.start)
    data = {
        "committee": meeting.committee_id,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "venue": "Council Antechamber",
        "status": meeting.status,
        "welcome": form.initial["welcome"],
        "issued_by": meeting.issued_by,
    }
    for inline in page.context["inline_admin_formsets"]:
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = "0"
        data[f"{inline.formset.prefix}-INITIAL_FORMS"] = "0"
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest, previous = meeting.history.all()[:2]
    assert latest.history_user == officer_user and latest.history_type == "~"
    assert latest.history_date <= timezone.now()
    delta = latest.diff_against(previous)
    change = next(c for c in delta.changes if c.field == "venue")
    assert (change.old, change.new) == ("Room 600", "Council Antechamber")
    # The object's "History" page in the admin lists it.
    history = officer_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert history.status_code == 200 and "officer" in history.text


def test_admin_actions_and_services_name_the_user(officer_client, officer_user, db):
    meeting = MeetingFactory(agenda_issued_on=None)  # in a fortnight
    AgendaItemFactory(meeting=meeting, number=1)
    officer_client.post(
        reverse("admin:meetings_meeting_changelist"), {"action": "publish_agenda", "_selected_action": [meeting.pk]}
    )
    meeting.refresh_from_db()
    assert meeting.agenda_issued_on is not None
    issued = meeting.history.first()
    assert issued.history_user == officer_user and issued.agenda_issued_on == meeting.agenda_issued_on
    assert issued.issued_by == "the Governance and Scrutiny Support Unit"  # the printed text stays

    # A service called outside any request (a command, a task) with by=.
    clerk = UserFactory(username="clerk", is_staff=True)
    other = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=other, number=1)
    agenda_services.meeting_publish(meeting=other, by=clerk)
    assert other.history.first().history_user == clerk and other.history.first().agenda_issued_on

    meeting = MeetingFactory(start=at(2018, 6, 26), agenda_issued_on=datetime.date(2018, 6, 15))
    minute = minute_services.minute_create(meeting=meeting, title="Daycare")
    minutes = MeetingMinutes.objects.get(meeting=meeting)
    minute_services.minutes_publish(minutes=minutes, by=clerk)
    later = MeetingFactory(committee=meeting.committee, start=at(2018, 10, 2))
    minute_services.minutes_approve(minutes=minutes, at=later, by=clerk)
    minute_services.minutes_lock(minutes=minutes, by=clerk)
    statuses = [(h.status, h.history_user) for h in minutes.history.order_by("history_date", "history_id")]
    assert statuses[-3:] == [("published", clerk), ("approved", clerk), ("locked", clerk)]
    assert minute.history.first().history_type == "+"


def test_bulk_rag_and_progress_updates_are_attributed(officer_client, officer_user, db):
    actions = [ActionFactory(), ActionFactory()]
    officer_client.post(
        reverse("admin:actionplans_action_changelist"),
        {
            "action": "set_rag",
            "_selected_action": [a.pk for a in actions],
            "apply": "1",
            "rag": "red",
            "note": "",
        },
    )
    for action in actions:
        action.refresh_from_db()
        assert action.rag == "red"
        assert action.history.first().history_user == officer_user
        assert action.history.first().rag == "red" and action.history.all()[1].rag == ""
        assert action.updates.get().history.first().history_user == officer_user


def test_memberships_inspections_and_plans_keep_history(db):
    membership = MembershipFactory()
    membership.representing = "Parent Governor Representative"
    membership.save()
    assert [h.history_type for h in membership.history.all()] == ["~", "+"]
    plan = ActionFactory().recommendation.plan
    plan_services.plan_set_published(plan=plan, published=False)
    assert plan.history.first().published is False
    membership_id = membership.pk
    membership.delete()
    assert Membership.history.filter(id=membership_id).first().history_type == "-"


def test_officers_cannot_edit_or_delete_the_trail(officer_client, officer_user, db):
    meeting = MeetingFactory()
    record = meeting.history.first()
    for model in ("meeting", "agendaitem", "paper", "meetingminutes", "minute", "decision", "membership"):
        for perm in ("add", "change", "delete"):
            assert not officer_user.has_perm(f"meetings.{perm}_historical{model}")
        assert officer_user.has_perm(f"meetings.view_historical{model}")
    officers = Permission.objects.filter(group__name="Committee officers")
    assert not officers.filter(codename__startswith="delete_historical").exists()
    changelist = reverse("admin:meetings_historicalmeeting_changelist")
    assert officer_client.get(changelist).status_code == 200
    change = officer_client.get(reverse("admin:meetings_historicalmeeting_change", args=[record.pk]))
    form = change.text.split('id="content-main"')[1].split("</form>")[0]
    assert change.status_code == 200 and 'type="submit"' not in form
    delete = reverse("admin:meetings_historicalmeeting_delete", args=[record.pk])
    assert officer_client.post(delete, {"post": "yes"}).status_code == 403
    assert meeting.history.filter(pk=record.pk).exists()


def test_a_superuser_may_delete_history(superuser_client, db):
    meeting = MeetingFactory()
    record = meeting.history.first()
    url = reverse("admin:meetings_historicalmeeting_delete", args=[record.pk])
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not meeting.history.filter(pk=record.pk).exists()


def test_progress_updates_cannot_be_deleted_by_officers(officer_client, superuser_client, db):
    action = rate(ActionFactory(), "amber", "Started.")
    action = rate(action, "red", "Slipped.")
    latest = action.updates.order_by("-id").first()
    url = reverse("admin:actionplans_progressupdate_delete", args=[latest.pk])
    assert officer_client.post(url, {"post": "yes"}).status_code == 403
    assert officer_client.post(
        reverse("admin:actionplans_progressupdate_changelist"),
        {"action": "delete_selected", "_selected_action": [latest.pk], "post": "yes"},
    ).status_code in (200, 403)
    assert ProgressUpdate.objects.filter(pk=latest.pk).exists()
    # A superuser may, and the action's current RAG falls back to the latest remaining update.
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    action.refresh_from_db()
    assert (action.rag, action.progress) == ("amber", "Started.")
    assert ProgressUpdate.history.filter(id=latest.pk, history_type="-").exists()


@pytest.fixture
def superuser_client(admin_client_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_client_user)
    return client
