"""Background jobs: bounded retries with backoff, failures shown to officers with their error,
the TASKS_BACKEND setting, and the enqueue command for the scheduler."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings.agendas import services
from meetings.jobs.services import STALLED_ERROR, jobs_recover_stalled, retry_delay
from meetings.models import BackgroundJob, PackBuild
from meetings.packs import api
from scrutiny.settings.base import env_tasks
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


class FailingBuild(list):
    """api.prebuild failing (each call recorded) until `fixed` is set."""

    fixed = False


@pytest.fixture
def failing_build(monkeypatch):
    calls = FailingBuild()
    real = api.prebuild

    def explode(meeting, **kwargs):
        calls.append(meeting.pk)
        if calls.fixed:
            return real(meeting, **kwargs)
        raise RuntimeError("disk full on the pack volume")

    monkeypatch.setattr(api, "prebuild", explode)
    return calls


@pytest.fixture
def issued(db, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1)

    def issue():
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_publish(meeting=meeting)
        return meeting

    return issue


def pack_job(meeting) -> BackgroundJob:
    return BackgroundJob.objects.get(meeting=meeting, key__endswith=":current")


def test_a_failing_task_is_retried_then_listed_for_officers(issued, failing_build, run_worker, officer):
    meeting = issued()
    run_worker()  # every retry is due at once here (TASK_RETRY_SECONDS=0)

    job = pack_job(meeting)
    assert failing_build == [meeting.pk] * 3  # three attempts, then it stops
    assert (job.status, job.attempts, job.max_attempts) == ("failed", 3, 3)
    assert "RuntimeError: disk full on the pack volume" in job.error
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3  # each attempt, as the backend saw it

    listing = officer.get(reverse("admin:meetings_backgroundjob_changelist") + "?state=attention")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f"Agenda packs of {meeting}" in html
    assert "RuntimeError: disk full on the pack volume" in html
    assert "3 of 3" in html
    detail = officer.get(reverse("admin:meetings_backgroundjob_change", args=[job.pk])).content.decode()
    assert "Traceback" in detail and "disk full on the pack volume" in detail

    # The meeting's admin page warns, and the failure is recorded against the pack as before.
    page = officer.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert f"Agenda packs of {meeting} failed after 3 attempt(s): RuntimeError: disk full" in page
    assert "disk full" in PackBuild.objects.get(meeting=meeting, status="failed").warnings


def test_retries_wait_longer_each_time(issued, failing_build, run_worker, settings):
    settings.TASK_RETRY_SECONDS = 60
    meeting = issued()
    before = timezone.now()
    run_worker()

    job = pack_job(meeting)
    assert (job.status, job.attempts) == ("retrying", 1)
    assert failing_build == [meeting.pk]  # the retry is not due yet: the worker left it
    assert before + datetime.timedelta(seconds=59) < job.run_after < timezone.now() + datetime.timedelta(seconds=61)
    waiting = DBTaskResult.objects.get(status="READY", args_kwargs__kwargs__job_id=job.pk)
    assert waiting.run_after == job.run_after
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]

    run_worker()
    assert failing_build == [meeting.pk]  # still not due


def test_an_officer_can_try_a_failed_job_again(issued, failing_build, run_worker, officer):
    meeting = issued()
    run_worker()
    job = pack_job(meeting)
    assert job.status == "failed"
    failing_build.fixed = True  # the disk has space again

    response = officer.post(
        reverse("admin:meetings_backgroundjob_changelist"),
        {"action": "try_again", "_selected_action": [job.pk]},
        follow=True,
    )
    assert "Sent 1 failed job(s) again." in response.content.decode()
    job.refresh_from_db()
    assert job.status == "waiting"
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    assert PackBuild.objects.filter(meeting=meeting, variant="public", status="ready").exists()
    page = officer.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert "failed after" not in page


def test_immediate_backend_tries_once_and_records_the_failure(issued, failing_build):
    meeting = issued()
    job = pack_job(meeting)
    assert (job.status, job.attempts, job.max_attempts) == ("failed", 1, 1)
    assert failing_build == [meeting.pk]
    assert meeting.is_published  # issuing never fails because of the pack


def test_tasks_backend_setting(monkeypatch):
    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    assert env_tasks("TASKS_BACKEND")["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    monkeypatch.setenv("TASKS_BACKEND", "database")
    assert env_tasks("TASKS_BACKEND")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    monkeypatch.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(Exception, match="TASKS_BACKEND must be immediate or database"):
        env_tasks("TASKS_BACKEND")


def test_enqueue_command_hands_the_open_data_archive_to_the_worker(db, database_tasks):
    out = io.StringIO()
    call_command("enqueue", "open-data", stdout=out)
    assert out.getvalue().strip() == "Open data archive: waiting"
    call_command("enqueue", "open-data", stdout=io.StringIO())  # asked again while it waits: one job
    job = BackgroundJob.objects.get()
    assert job.task_path == "meetings.api.tasks.open_data_build"
    assert DBTaskResult.objects.filter(task_path="meetings.api.tasks.open_data_build").count() == 1


def test_enqueue_command_names_a_meeting_that_is_not_published(db):
    draft = MeetingFactory(agenda_issued_on=None)
    with pytest.raises(Exception, match=f"No published meeting with ID {draft.pk}"):
        call_command("enqueue", "packs", "--meeting", str(draft.pk), stdout=io.StringIO())


def test_a_job_whose_worker_died_is_sent_again_and_the_pack_built_once(issued, run_worker, settings):
    """A worker killed mid-build (SIGKILL, a lost machine) leaves its job "running" and its task
    claimed for ever; `enqueue stalled` (run by the scheduler) sends it again, and the next worker
    builds the pack, once."""
    meeting = issued()
    job = pack_job(meeting)
    # What a worker killed mid-build leaves: the job running and the backend's task row claimed.
    BackgroundJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    DBTaskResult.objects.filter(args_kwargs__kwargs__job_id=job.pk).update(status="RUNNING")
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)  # stuck: no worker hands it out again

    out = io.StringIO()
    call_command("enqueue", "stalled", stdout=out)
    assert f"Agenda packs of {meeting}: failed, will try again" in out.getvalue()
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    current = PackBuild.objects.filter(meeting=meeting, variant="public", status="ready", despatch__isnull=True)
    assert current.count() == 1  # built once (the despatch keeps its own copy as issued)

    # A job that is only slow is left alone, and a stalled job on its last attempt is failed.
    running = BackgroundJob.objects.create(task_path=job.task_path, label="Slow", status="running", attempts=1)
    last = BackgroundJob.objects.create(task_path=job.task_path, label="Last", status="running", attempts=3)
    BackgroundJob.objects.filter(pk=last.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    assert [j.pk for j in jobs_recover_stalled()] == [last.pk]
    running.refresh_from_db()
    last.refresh_from_db()
    assert running.status == "running"
    assert (last.status, last.error) == ("failed", STALLED_ERROR)
