"""Background jobs: heavy work (pack builds, text extraction, re-indexing, alerts, the open data
archive) run as tasks through Django's Tasks API, with a record officers can read.

Each area defines its tasks in its own ``tasks.py`` with ``django_tasks.task`` and enqueues them
through ``services.job_enqueue``, which writes a ``BackgroundJob`` (what, for which meeting, how
many attempts, the last error) and hands the task to the configured backend (``TASKS_BACKEND``:
``immediate`` runs it at once, ``database`` leaves it for ``manage.py db_worker``). The task
calls ``services.job_run``, which retries a failure with a growing delay and, after the last
attempt, leaves the job failed with its error for officers (the admin's "Background jobs").

This area names no other: the areas that enqueue work import it, never the reverse.
"""
