import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Decision, MeetingMinutes

from ..builders import make_minute
from ..factories import CommitteeFactory, MeetingFactory, PersonFactory


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


@pytest.mark.parametrize(
    "model", ["meetingminutes", "minute", "decision", "workprogrammeitem", "termsofreference", "reportdeadline"]
)
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
    response = officer_client.post(
        url, {"action": "approve_at_next_meeting", "_selected_action": [june.minutes.pk]}, follow=True
    )
    assert "Approved 1 set(s) of minutes" in response.text
    june.minutes.refresh_from_db()
    assert june.minutes.approved_at == october


def test_admin_refuses_changing_an_approved_minute_but_allows_tracker(officer_client, approved):
    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    # The change form of an approved minute offers nothing to edit.
    page = officer_client.get(reverse("admin:meetings_minute_change", args=[minute.pk]))
    assert 'name="title"' not in page.text
    response = officer_client.post(
        reverse("admin:meetings_decision_change", args=[decision.pk]),
        {
            "owner": "Scrutiny Support Officer",
            "due_date": "2018-07-31",
            "status": "completed",
            "response": "Letters sent on 20 July 2018.",
            "update_note": "",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.text) == ("completed", "To write to the nurseries.")
    assert decision.updates.get().note == "Letters sent on 20 July 2018."


def test_decision_form_refuses_wording_change_with_message(approved):
    from meetings.minutes.admin import DecisionForm

    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    form = DecisionForm(
        instance=decision,
        data={
            "minute": minute.pk,
            "number": 1,
            "kind": Decision.Kind.DECISION,
            "text": "Reworded",
            "status": "not_started",
            "owner": "",
            "response": "",
        },
    )
    assert not form.is_valid()
    assert "the wording of its decisions can no longer be changed" in str(form.errors)
    assert MeetingMinutes.objects.get(meeting=june).status == "approved"


def test_saving_an_approved_minute_page_updates_the_decision_tracker_without_error(officer_client, approved):
    """The approved minute's page still lets the officer move its decisions' tracker on."""
    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    response = officer_client.post(
        reverse("admin:meetings_minute_change", args=[minute.pk]),
        {
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "1",
            "decisions-MIN_NUM_FORMS": "0",
            "decisions-MAX_NUM_FORMS": "1000",
            "decisions-0-id": decision.pk,
            "decisions-0-minute": minute.pk,
            "decisions-0-owner": "Scrutiny Support Officer",
            "decisions-0-due_date": "",
            "decisions-0-status": "in_progress",
            "decisions-0-response": "Letters drafted.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    minute.refresh_from_db()
    assert (decision.status, decision.response, decision.text) == (
        "in_progress",
        "Letters drafted.",
        "To write to the nurseries.",
    )
    assert minute.title == "Daycare Providers"
    assert decision.updates.get().note == "Letters drafted."  # the dated history records it


def test_approved_minutes_cannot_be_deleted_in_the_admin(officer_client, approved):
    """Deleting the approved record would make its minutes editable again: refused."""
    june, october, minute, decision = approved
    services.minutes_approve(minutes=june.minutes, at=october)
    minutes = june.minutes
    assert (
        officer_client.post(
            reverse("admin:meetings_meetingminutes_delete", args=[minutes.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = officer_client.post(
        reverse("admin:meetings_meetingminutes_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [minutes.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert MeetingMinutes.objects.filter(pk=minutes.pk, status="approved").exists()
    assert (
        officer_client.post(reverse("admin:meetings_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code
        == 403
    )
    with pytest.raises(Exception, match="its minutes can no longer be changed"):
        services.minute_create(meeting=june, title="Late addition")


def test_attendance_of_approved_minutes_cannot_be_changed_in_the_meeting_admin(officer_client, approved):
    from meetings.minutes.models import Attendance

    june, october, minute, decision = approved
    present = PersonFactory()
    services.attendance_record(meeting=june, person=present)
    services.minutes_approve(minutes=june.minutes, at=october)
    url = reverse("admin:meetings_meeting_change", args=[june.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert 'name="attendance-0-status"' not in page.text  # shown read-only
    late = PersonFactory()
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not hasattr(v, "strftime")}
    start = june.start.astimezone(timezone.get_current_timezone())
    data.update(
        {
            "committee": june.committee_id,
            "start_0": start.strftime("%Y-%m-%d"),
            "start_1": start.strftime("%H:%M"),
            "status": june.status,
            "agenda_issued_on": june.agenda_issued_on.isoformat(),
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update(
            {f"{fs.prefix}-TOTAL_FORMS": str(len(fs.forms)), f"{fs.prefix}-INITIAL_FORMS": str(fs.initial_form_count())}
        )
        for i, f in enumerate(fs.forms):
            if f.instance.pk:
                data[f"{fs.prefix}-{i}-id"] = f.instance.pk
                data[f"{fs.prefix}-{i}-meeting"] = june.pk
    data.update(
        {
            "attendance-TOTAL_FORMS": "2",
            "attendance-1-person": late.pk,
            "attendance-1-status": "present",
            "attendance-1-order": "2",
        }
    )
    response = officer_client.post(url, data)
    assert response.status_code == 302  # the meeting itself may still be saved
    assert list(Attendance.objects.filter(meeting=june).values_list("person", flat=True)) == [present.pk]


def test_meeting_admin_leads_the_officer_to_papers_and_minutes(officer_client, db):
    meeting = MeetingFactory(start=at(2018, 6, 26))
    page = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    start = f"{reverse('admin:meetings_meetingminutes_add')}?meeting={meeting.pk}"
    assert start in page.text
    # The link pre-selects the meeting, so starting the minutes is one click and "Save".
    add = officer_client.get(start)
    assert add.context["adminform"].form.initial["meeting"] == str(meeting.pk)
    assert officer_client.post(start, {"meeting": meeting.pk}).status_code == 302
    minutes = MeetingMinutes.objects.get(meeting=meeting)
    page = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert reverse("admin:meetings_meetingminutes_change", args=[minutes.pk]) in page.text
    assert "Minutes: Draft (officers only)" in page.text


def test_attendance_rows_entered_in_the_meeting_admin_go_through_the_attendance_service(officer_client):
    """Recording attendance on the meeting page marks the meeting held, as the service does."""
    import datetime

    from django.utils import timezone

    from meetings.models import Attendance, Meeting
    from tests.admin_forms import admin_form_data
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PersonFactory

    meeting = MeetingFactory(
        start=timezone.now() - datetime.timedelta(hours=3),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=8),
    )
    AgendaItemFactory(meeting=meeting, number=1)
    person = PersonFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    post = admin_form_data(officer_client.get(url))
    post.update(
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-0-person": str(person.pk),
            "attendance-0-status": Attendance.Status.PRESENT,
            "attendance-0-order": "1",
            "attendance-0-meeting": str(meeting.pk),
        }
    )
    response = officer_client.post(url, post)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Attendance.objects.filter(meeting=meeting, person=person).exists()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
