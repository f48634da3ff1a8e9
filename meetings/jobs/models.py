"""The record of a background job, for officers and for pages that wait on one."""

from django.db import models

from meetings.jobs.querysets import BackgroundJobQuerySet


class BackgroundJob(models.Model):
    """One piece of work handed to the task backend, and what became of it.

    ``key`` names the work ("packs-meeting-12"): while a job with the same key is waiting, asking
    again adds nothing. ``meeting`` is set for work on one meeting, so its pages can say that its
    pack is being prepared and its admin page can warn when the work failed.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Failed, will try again"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    task_path = models.CharField(max_length=200, help_text="The task (module path) that does the work.")
    label = models.CharField(max_length=300, help_text="What the job does, for officers.")
    key = models.CharField(max_length=200, blank=True, db_index=True)
    kwargs = models.JSONField(default=dict, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="background_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True, help_text="The last failure: the error and where it happened.")
    task_result_id = models.CharField(
        max_length=64, blank=True, help_text="The task backend's id of the latest attempt."
    )
    run_after = models.DateTimeField(null=True, blank=True, help_text="The next attempt, when retrying.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "background job"
        indexes = [models.Index(fields=["meeting", "status"]), models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_attempts__gte=1), name="background_job_attempts_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def error_summary(self) -> str:
        """The last line of the error (the exception and its message)."""
        lines = [line for line in self.error.strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""
