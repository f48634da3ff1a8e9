"""Reads of background jobs for pages and the admin."""

from meetings.jobs.models import BackgroundJob


def meeting_work_open(meeting, *, key_prefix: str) -> bool:
    """Whether work on this meeting whose key starts with `key_prefix` is waiting or running
    (one query)."""
    return BackgroundJob.objects.open().filter(meeting=meeting, key__startswith=key_prefix).exists()


def meeting_work_failed(meeting) -> list[BackgroundJob]:
    """The meeting's failed jobs not since done by a later job with the same key."""
    jobs = list(BackgroundJob.objects.filter(meeting=meeting).order_by("-created_at", "-pk")[:50])
    latest: dict[str, BackgroundJob] = {}
    for job in jobs:
        latest.setdefault(job.key or f"job-{job.pk}", job)
    return [job for job in latest.values() if job.status == BackgroundJob.Status.FAILED]
