"""Background tasks in tests: the database backend and its real worker, run until idle.

`database_tasks` switches the task backend to the database one (as `TASKS_BACKEND=database`
does), so enqueued work waits; `run_worker()` runs `manage.py db_worker --batch`, which works
through every task that is due and stops. Tests run inside a transaction that is rolled back, so
the worker's habit of closing stale connections between tasks is turned off (the test client
does the same for requests).
"""

import signal

import pytest
from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 0  # retries are due at once unless a test says otherwise
    return settings


@pytest.fixture
def run_worker(database_tasks, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        try:
            call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    return run
