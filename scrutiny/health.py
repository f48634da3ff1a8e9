"""Health checks for load balancers and process managers (README "Health checks").

- ``/healthz``: the process is alive and answering; touches nothing else (no database, no cache).
- ``/readyz``: the process can serve: the database answers a query, both file storages
  (``default`` for papers, ``packs`` for built files) answer, and the caches (``default``, and
  ``limits`` for abuse-limit counters) store and return a value. 200 when all do; otherwise 503 naming each part that failed, one per line.

Both are answered by the first middleware, before anything reads the Host header or redirects to
HTTPS: a probe may use any Host (an IP address, say) and plain HTTP, and ALLOWED_HOSTS,
SECURE_SSL_REDIRECT, sessions and the page cache never see it. The answers are plain text and
never cached (``Cache-Control: no-store``). They say only "ok" or which part failed, never why.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Callable

from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpResponse

from meetings import storage as files

logger = logging.getLogger(__name__)

STORAGE_PROBE = "readyz-probe"


def _answer(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def healthz(request) -> HttpResponse:
    return _answer("ok\n")


def check_database(alias: str = "default") -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_storage(alias: str) -> None:
    """The storage answers: a lookup of a name that need not exist (a HEAD request on S3, which
    fails when the bucket is unreachable or refuses our keys); a local folder must be writable."""
    storage = storages[alias]
    storage.exists(STORAGE_PROBE)
    if files.local_path(storage, STORAGE_PROBE) is not None:
        folder = Path(storage.location)
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            raise PermissionError(f"{folder} is not writable")


def check_cache(alias: str = "default") -> None:
    cache = caches[alias]
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


def checks() -> list[tuple[str, Callable[[], None]]]:
    return [
        ("database", check_database),
        ("storage default", lambda: check_storage("default")),
        ("storage packs", lambda: check_storage("packs")),
        ("cache", check_cache),
        ("cache limits", lambda: check_cache("limits")),
    ]


def readyz(request) -> HttpResponse:
    failed = []
    for name, check in checks():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means not ready; the log says why
            logger.exception("readyz: %s is not reachable", name)
            failed.append(name)
    if failed:
        return _answer("".join(f"{name}: unavailable\n" for name in failed), status=503)
    return _answer("ok\n")


PATHS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers /healthz and /readyz before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PATHS.get(request.path_info.rstrip("/") or "/")
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
