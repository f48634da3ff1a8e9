import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Attendance, Decision, MeetingMinutes

from ..builders import make_minute
from ..factories import CommitteeFactory, MeetingFactory, PersonFactory


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def setup(db):
    committee = CommitteeFactory(short_code="CYP/OSG")
    june = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    minute = make_minute(june, title="Daycare Providers")
    decision = services.decision_create(minute=minute, text="To write to the nurseries.")
    person = PersonFactory()
    services.attendance_record(meeting=june, person=person)
    return june, october, minute, decision, person


def test_full_lifecycle(setup):
    june, october, minute, decision, person = setup
    minutes = june.minutes
    assert minutes.status == MeetingMinutes.Status.DRAFT
    services.minutes_publish(minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == "published" and minutes.published_on == timezone.localdate()
    approving = make_minute(october, title="Minutes")
    services.minutes_approve(minutes=minutes, at=october, minute=approving)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at, minutes.approved_by_minute) == ("approved", october, approving)
    assert minutes.approved_on == datetime.date(2018, 10, 2)
    services.minutes_lock(minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == "locked"


def test_published_minutes_can_be_withdrawn_to_draft(setup):
    june = setup[0]
    services.minutes_publish(minutes=june.minutes)
    services.minutes_unpublish(minutes=june.minutes)
    june.minutes.refresh_from_db()
    assert june.minutes.status == "draft"


def test_refusals_of_the_lifecycle(setup):
    june, october, *_ = setup
    minutes = june.minutes
    with pytest.raises(ValidationError, match="still a draft; publish them"):
        services.minutes_approve(minutes=minutes, at=october)
    with pytest.raises(ValidationError, match="Only approved minutes can be locked"):
        services.minutes_lock(minutes=minutes)
    with pytest.raises(ValidationError, match="Only published draft minutes can be withdrawn"):
        services.minutes_unpublish(minutes=minutes)
    services.minutes_publish(minutes=minutes)
    with pytest.raises(ValidationError, match="already published"):
        services.minutes_publish(minutes=minutes)
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(minutes=minutes, at=june)
    other = MeetingFactory(committee=CommitteeFactory(), start=at(2018, 11, 1))
    with pytest.raises(ValidationError, match="same committee"):
        services.minutes_approve(minutes=minutes, at=other)
    services.minutes_approve(minutes=minutes, at=october)
    with pytest.raises(ValidationError, match="already been approved"):
        services.minutes_approve(minutes=minutes, at=october)
    with pytest.raises(ValidationError, match="can be withdrawn"):
        services.minutes_unpublish(minutes=minutes)


def test_cannot_publish_minutes_of_a_draft_meeting(db):
    meeting = MeetingFactory(start=at(2018, 6, 26), agenda_issued_on=None)
    make_minute(meeting)
    with pytest.raises(ValidationError, match="issue its agenda first"):
        services.minutes_publish(minutes=meeting.minutes)


def test_approved_minutes_refuse_changes_but_tracker_stays_editable(setup):
    june, october, minute, decision, person = setup
    services.minutes_publish(minutes=june.minutes)
    services.minutes_approve(minutes=june.minutes, at=october)
    message = "approved as a correct record at the meeting of 2 October 2018"
    with pytest.raises(ValidationError, match=message):
        services.minute_update(minute=minute, narrative="<p>Changed</p>")
    with pytest.raises(ValidationError, match="its minutes can no longer be changed"):
        make_minute(june)
    with pytest.raises(ValidationError, match="the wording of its decisions"):
        services.decision_update_wording(decision=decision, text="Something else")
    with pytest.raises(ValidationError, match="its decisions can no longer be changed"):
        services.decision_create(minute=minute, text="Another")
    with pytest.raises(ValidationError, match="the attendance can no longer be changed"):
        services.attendance_record(meeting=june, person=person, status=Attendance.Status.APOLOGIES)
    with pytest.raises(ValidationError):
        services.minute_delete(minute=minute)
    services.decision_update_tracker(
        decision=decision,
        status=Decision.Status.COMPLETED,
        response="Letters sent.",
        on=datetime.date(2018, 7, 20),
    )
    decision.refresh_from_db()
    assert decision.status == "completed" and decision.text == "To write to the nurseries."
    history = list(decision.updates.values_list("on", "status", "note"))
    assert history == [(datetime.date(2018, 7, 20), "completed", "Letters sent.")]


def test_draft_minutes_may_still_change(setup):
    june, october, minute, decision, person = setup
    services.minute_update(minute=minute, narrative="<p>Fine</p><script>alert(1)</script>")
    minute.refresh_from_db()
    assert minute.narrative == "<p>Fine</p>"  # sanitised on save
    services.decision_update_wording(decision=decision, text="To write to all three settings.")
    assert Decision.objects.get(pk=decision.pk).text == "To write to all three settings."


def test_minutes_are_not_approved_at_a_future_or_cancelled_meeting(setup):
    june, october, *_ = setup
    services.minutes_publish(minutes=june.minutes)
    later = timezone.now() + datetime.timedelta(days=7)
    future = MeetingFactory(committee=june.committee, start=later)
    with pytest.raises(ValidationError, match="has not taken place yet"):
        services.minutes_approve(minutes=june.minutes, at=future)
    october.status = "cancelled"
    october.save()
    with pytest.raises(ValidationError, match="was cancelled"):
        services.minutes_approve(minutes=june.minutes, at=october)
    june.minutes.refresh_from_db()
    assert june.minutes.status == "published"
