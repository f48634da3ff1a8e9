"""One builder at a time per lock name, across processes and machines sharing the database.

- PostgreSQL: an advisory lock on a 64-bit hash of the name. Waiters block in the database. In
  autocommit (requests, task workers) it is a session lock (``pg_advisory_lock``), released right
  after the build, whose rows are already committed, so the next holder finds the finished build;
  the build runs in no long transaction. Inside a transaction it is ``pg_advisory_xact_lock``,
  released at commit, when the build's rows become visible. Either way, if the builder's process
  or machine dies, PostgreSQL ends its session and the lock goes with it. (A pooler in front
  must use session pooling for the session lock, as Django's persistent connections expect.)
- SQLite (one machine by definition): a BuildClaim row inserted in its own short transaction (the
  name is unique), deleted when the build ends. Others poll until it is gone, and take over a
  claim older than PACK_BUILD_CLAIM_STALE_SECONDS (its builder died). SQLite's write lock is held
  only for the insert and the delete, never for the build.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import time
import uuid

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, OperationalError, connections, transaction
from django.utils import timezone

from meetings.packs.models import BuildClaim


def lock_id(name: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, stable across processes and machines."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def build_lock(name: str, *, using: str = DEFAULT_DB_ALIAS):
    """Hold the lock `name` for the duration of the block (re-entrant on PostgreSQL only)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = lock_id(name)
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    with _claimed(name, using=using):
        yield


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.PACK_BUILD_CLAIM_STALE_SECONDS)


@contextlib.contextmanager
def _claimed(name: str, *, using: str):
    token = uuid.uuid4().hex
    claims = BuildClaim.objects.using(using)
    delay = 0.05
    while True:
        try:
            with transaction.atomic(using=using):
                claims.filter(name=name, claimed_at__lt=_stale_before()).delete()
                claims.create(name=name, token=token, claimed_at=timezone.now())
            break
        except IntegrityError:  # someone else is building it: wait for them
            pass
        except OperationalError as exc:  # another writer holds SQLite's lock longer than its timeout
            if "locked" not in str(exc):
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
    try:
        yield
    finally:
        for _attempt in range(50):
            try:
                claims.filter(name=name, token=token).delete()
                break
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.1)
