"""Alert emails as a background task (README "Background tasks").

Issuing an agenda or a supplement enqueues a run of ``send_alerts``, so subscribers hear at once
rather than at the next cron run; the ``send_alerts`` command (from the scheduler) still catches
up anything missed. A run that could not send some emails fails and is tried again; what was
sent is never sent twice (AlertDelivery's unique constraint).
"""

from __future__ import annotations

from django_tasks import task

from meetings.alerts.services import send_alerts
from meetings.jobs.services import job_enqueue, job_run


def _send(*, base_url: str = "") -> int:
    return send_alerts(base_url=base_url or None, raise_on_failure=True)


@task()
def alerts_send(job_id: int) -> None:
    job_run(job_id=job_id, work=_send)


def alerts_enqueue(*, base_url: str = ""):
    return job_enqueue(alerts_send, label="Email alerts", key="alerts-send", kwargs={"base_url": base_url})


def on_issue(sender, despatch, **kwargs) -> None:
    alerts_enqueue()


def connect() -> None:
    from meetings.agendas.signals import despatch_issued

    despatch_issued.connect(on_issue, dispatch_uid="meetings.alerts.send_on_issue")
