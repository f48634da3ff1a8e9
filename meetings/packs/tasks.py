"""Pack building as a background task (README "Background tasks").

Issuing an agenda or a supplement enqueues two jobs: storing that despatch's packs as issued,
and building the meeting's current packs (authored papers, public pack and front sheet, full
pack, printed minutes). A download of a pack not yet built enqueues the build for its reader and
answers "being prepared" (meetings/packs/waiting.py). With the immediate backend each job runs
inside the request that asked for it, as before.
"""

from __future__ import annotations

import logging

from django_tasks import task

from meetings import visibility
from meetings.agendas.models import Despatch, Meeting
from meetings.jobs.models import BackgroundJob
from meetings.jobs.services import job_enqueue, job_run, runs_in_background
from meetings.packs import api, cache, stamp
from meetings.packs.models import PackBuild

logger = logging.getLogger(__name__)

AUDIENCES = {"public": visibility.THE_PUBLIC, "exempt": visibility.EXEMPT_READER, "drafts": visibility.DRAFT_READER}


def key_prefix(meeting: Meeting) -> str:
    return f"packs-meeting-{meeting.pk}:"


def audience_of(user, meeting: Meeting) -> str:
    """Whose pack a reader gets, as a name a task can carry."""
    if not meeting.is_published and visibility.can_view_drafts(user):
        return "drafts"
    return "exempt" if visibility.can_view_exempt(user) else "public"


def _build(*, meeting_id: int, audience: str = "public", despatch_id: int | None = None) -> int:
    meeting = Meeting.objects.select_related("committee__contact_officer").filter(pk=meeting_id).first()
    if meeting is None:
        return 0  # deleted since
    if despatch_id is not None:
        despatch = Despatch.objects.filter(pk=despatch_id, meeting=meeting).first()
        return len(api.store_despatch_packs(despatch)) if despatch is not None else 0
    if meeting.is_published:
        builds = api.prebuild(meeting)
        builds.append(api.front_sheet_for(meeting, visibility.THE_PUBLIC))
        return len(builds)
    if audience != "drafts":
        return 0  # not issued (any more): only officers may have its pack
    reader = AUDIENCES["drafts"]
    return len([api.pack_for(meeting, reader), api.front_sheet_for(meeting, reader)])


def _finished(job: BackgroundJob) -> None:
    meeting = Meeting.objects.filter(pk=job.kwargs.get("meeting_id")).first()
    if meeting is None:
        return
    if job.status == BackgroundJob.Status.FAILED:
        what = "issued pack" if job.kwargs.get("despatch_id") else "agenda pack"
        cache.record_failure(
            meeting,
            PackBuild.Variant.PUBLIC,
            "prebuild-failed",
            f"The {what} could not be built in the background after {job.attempts} attempt(s): "
            f"{job.error_summary}. Try the job again from Background jobs.",
        )
    if runs_in_background(packs_build):
        # Pages stored while the pack was being prepared say so: a new content version retires
        # them. The new files are then checked against it (nothing is rendered again).
        stamp.bump()
        if job.status == BackgroundJob.Status.DONE and not job.kwargs.get("despatch_id"):
            try:
                _build(**job.kwargs)
            except Exception:  # the files are built; checking them again is only a shortcut
                logger.exception("Verifying the packs of %s failed", meeting)


@task()
def packs_build(job_id: int) -> None:
    job_run(job_id=job_id, work=_build, on_finish=_finished)


def packs_enqueue(meeting: Meeting, *, audience: str = "public") -> BackgroundJob:
    """Build the meeting's current packs (for `audience` when it is not issued yet)."""
    kind = "drafts" if audience == "drafts" else "current"
    label = f"Agenda packs of {meeting}" + (" (officers' preview)" if kind == "drafts" else "")
    return job_enqueue(
        packs_build,
        label=label,
        key=f"{key_prefix(meeting)}{kind}",
        meeting=meeting,
        kwargs={"meeting_id": meeting.pk, "audience": audience},
    )


def despatch_packs_enqueue(despatch: Despatch) -> BackgroundJob:
    """Store a despatch's packs as issued."""
    meeting = despatch.meeting
    return job_enqueue(
        packs_build,
        label=f"{despatch.label} of {meeting}: packs as issued",
        key=f"{key_prefix(meeting)}despatch-{despatch.number}",
        meeting=meeting,
        kwargs={"meeting_id": meeting.pk, "despatch_id": despatch.pk},
    )


def on_issue(sender, despatch, **kwargs) -> None:
    """The agenda or a supplement was issued (sent on commit): store it as issued and build the
    meeting's current packs, in the background."""
    despatch_packs_enqueue(despatch)
    packs_enqueue(despatch.meeting)


def failed_work_warnings(meeting: Meeting) -> list[str]:
    """For the meeting's admin page: background work on it that failed."""
    from meetings.jobs.selectors import meeting_work_failed

    return [
        f"{job.label} failed after {job.attempts} attempt(s): {job.error_summary}. "
        "See Background jobs to read the error and try again."
        for job in meeting_work_failed(meeting)
    ]
