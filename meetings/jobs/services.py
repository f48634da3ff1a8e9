"""Enqueue work as a background job, run it with bounded retries, try a failed job again.

A task is an ordinary ``django_tasks.task`` whose only argument is the job's id::

    @task()
    def packs_build(job_id: int) -> None:
        job_run(job_id=job_id, work=_build)

    job_enqueue(packs_build, label="Agenda packs of …", key=f"packs-meeting-{meeting.pk}",
                meeting=meeting, kwargs={"meeting_id": meeting.pk})

The job row is written in the caller's transaction, and so is the database backend's task row:
if the caller rolls back, neither exists, and the worker never sees work for data that is not
committed. With the immediate backend the task runs inside ``job_enqueue``, in a savepoint, so a
failure never breaks the caller's request or transaction.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends

from meetings.jobs.models import BackgroundJob

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status


def _backend(task):
    return task_backends[task.backend]


def runs_in_background(task) -> bool:
    """Whether the task's backend leaves tasks for a worker (the database backend), rather than
    running them at once inside the caller (the immediate backend)."""
    return bool(_backend(task).supports_defer)


def retries_allowed(task) -> bool:
    """Retries wait (backoff), so only a backend that can defer a task retries: with the
    immediate backend a job is tried once, as the work was before it became a task."""
    return runs_in_background(task)


def _send(job: BackgroundJob, task, *, run_after: datetime.datetime | None = None) -> None:
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue(job_id=job.pk)
    BackgroundJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])


def job_enqueue(task, *, label: str, key: str = "", meeting=None, kwargs: dict | None = None) -> BackgroundJob:
    """Record the job and hand it to the task backend. With a `key`, a job with the same key
    still waiting to start is returned instead (it will do the same work, on the data as it is
    when it runs)."""
    if key:
        waiting = BackgroundJob.objects.filter(key=key, status=Status.WAITING).first()
        if waiting is not None:
            return waiting
    job = BackgroundJob.objects.create(
        task_path=task.module_path,
        label=label[:300],
        key=key[:200],
        kwargs=kwargs or {},
        meeting=meeting,
        max_attempts=max(1, settings.TASK_MAX_ATTEMPTS) if retries_allowed(task) else 1,
    )
    _send(job, task)
    job.refresh_from_db()
    return job


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt after `attempts` failures: doubling from
    TASK_RETRY_SECONDS (30 s, 60 s, 120 s …), at most an hour."""
    seconds = settings.TASK_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, 3600))


def job_run(*, job_id: int, work: Callable[..., object], on_finish: Callable[[BackgroundJob], None] | None = None):
    """Run one attempt of a job: `work(**job.kwargs)` in a savepoint. On failure the job is sent
    again after a delay while attempts remain, else it is left failed with its error; the error is
    raised again so the task backend records the attempt as failed too. `on_finish(job)` runs
    once the job is done or has finally failed (outside the work's savepoint)."""
    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is None or job.status in (Status.DONE, Status.FAILED):
        return None  # the record is gone (its meeting was deleted), or another attempt finished it
    job.status = Status.RUNNING
    job.attempts += 1
    job.run_after = None
    job.save(update_fields=["status", "attempts", "run_after", "updated_at"])
    try:
        with transaction.atomic():
            result = work(**job.kwargs)
    except Exception as exc:
        job.error = "".join(traceback.format_exception(exc))[-20_000:]
        if job.attempts < job.max_attempts:
            job.status = Status.RETRYING
            job.run_after = timezone.now() + retry_delay(job.attempts)
            job.save(update_fields=["status", "error", "run_after", "updated_at"])
            logger.warning(
                "%s failed (attempt %s of %s); trying again at %s", job, job.attempts, job.max_attempts, job.run_after
            )
            _send(job, import_string(job.task_path), run_after=job.run_after)
        else:
            job.status = Status.FAILED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at", "updated_at"])
            logger.error("%s failed after %s attempt(s): %r", job, job.attempts, exc)
            if on_finish is not None:
                on_finish(job)
        raise
    job.status = Status.DONE
    job.error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
    if on_finish is not None:
        on_finish(job)
    return result


def job_retry(*, job: BackgroundJob) -> BackgroundJob:
    """Try a failed job again now (an officer's "Try again"), with a fresh set of attempts."""
    if job.status != Status.FAILED:
        return job
    job.status = Status.WAITING
    job.attempts = 0
    job.finished_at = None
    job.save(update_fields=["status", "attempts", "finished_at", "updated_at"])
    _send(job, import_string(job.task_path))
    job.refresh_from_db()
    return job


STALLED_ERROR = "The worker stopped while running this job (killed or its machine went away)."


def jobs_recover_stalled(*, now: datetime.datetime | None = None) -> list[BackgroundJob]:
    """Jobs left "running" by a worker that died mid-run (SIGKILL, a lost machine): the task backend
    never hands such a task out again. A job running for longer than TASK_STALLED_SECONDS counts as
    a failed attempt: it is sent again while attempts remain, else left failed for officers. The
    build locks are database locks released with the dead worker's connection, so the pack is
    still built once. The scheduler runs this (``manage.py enqueue stalled``)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASK_STALLED_SECONDS)
    recovered = []
    for job in BackgroundJob.objects.filter(status=Status.RUNNING, updated_at__lt=cutoff):
        job.error = STALLED_ERROR
        if job.attempts < job.max_attempts:
            job.status = Status.RETRYING
            job.run_after = now
            job.save(update_fields=["status", "error", "run_after", "updated_at"])
            _send(job, import_string(job.task_path))
        else:
            job.status = Status.FAILED
            job.finished_at = now
            job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        logger.warning("%s stalled: %s", job, job.get_status_display())
        recovered.append(job)
    return recovered
