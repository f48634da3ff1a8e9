"""Email alerts sent by a background task when an agenda is issued, retried while the mail
server is down."""

import datetime

from django.core import mail

from meetings.agendas import services
from meetings.alerts import services as alerts
from meetings.models import AlertDelivery, BackgroundJob
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def test_issuing_sends_alerts_through_the_worker_and_retries_a_mail_failure(
    db, run_worker, django_capture_on_commit_callbacks, monkeypatch
):
    meeting = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1, title="Library opening hours")
    subscription = alerts.alert_subscription_confirm(email="resident@example.com", committee=meeting.committee)
    subscription.confirmed_at -= datetime.timedelta(days=7)
    subscription.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    job = BackgroundJob.objects.get(label="Email alerts")
    assert job.status == "waiting" and mail.outbox == []

    server = {"up": False}
    real_send = alerts.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if not server["up"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(alerts.EmailMultiAlternatives, "send", send)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert "AlertsNotSent: 1 alert email(s) not sent (0 sent): ConnectionRefusedError('mail server down')" in job.error
    assert AlertDelivery.objects.count() == 0

    server["up"] = True
    from meetings.jobs.services import job_retry

    job_retry(job=job)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    [message] = mail.outbox
    assert message.to == ["resident@example.com"] and "Library opening hours" in message.body
