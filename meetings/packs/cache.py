"""Built PDFs are stored in the `packs` storage by content version and built once.

- The key of a pack is a hash of everything printed in it (meeting, items, membership, the
  papers' sha256 or the authored reports' fields, rendered minutes …) and the template version,
  so any change gives a new file and an unchanged pack is served straight from storage.
- Files are read and written only through Django's storage API (``meetings/storage.py``): the
  local folder MEDIA_ROOT, or private S3-compatible object storage shared by every machine.
  A file is recorded as ready (PackBuild) only once it is completely written.
- A build holds a lock per meeting and variant that holds across processes and machines
  (``meetings/packs/locks.py``: a PostgreSQL advisory lock, or a claimed row on SQLite):
  concurrent requests for a pack not yet built wait, then find the finished file; it is built once.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Callable

from django.conf import settings

from meetings import storage as files
from meetings.agendas.models import Meeting
from meetings.packs import render
from meetings.packs.locks import build_lock
from meetings.packs.models import PackBuild

logger = logging.getLogger(__name__)

PACK_DIR = "packs"

__all__ = ["build_lock", "get_or_build", "is_stored", "read", "ready_build", "store", "store_despatch"]


def is_stored(name: str) -> bool:
    """Whether a built file exists in the packs storage."""
    return bool(name) and files.packs().exists(name)


def read(name: str) -> bytes:
    """A built file's bytes (FileNotFoundError when it is missing)."""
    return files.read(files.packs(), name)


def write(name: str, data: bytes) -> None:
    """Store a built file under `name`, replacing any earlier copy (never half-written)."""
    files.write(files.packs(), name, data)


def _part_name(html: str) -> str:
    key = hashlib.sha256((render.TEMPLATE_VERSION + "\x00" + html).encode()).hexdigest()
    return f"{PACK_DIR}/parts/{key[:2]}/{key}.pdf"


def rendered_part(html: str) -> bytes:
    """WeasyPrint output for some HTML, cached by the HTML's hash (shared between packs)."""
    name = _part_name(html)
    try:
        return read(name)
    except FileNotFoundError:
        pass
    data = render.html_to_pdf(html)
    write(name, data)
    return data


def part_file(html: str) -> str:
    """The stored PDF (its name in the packs storage) of some HTML, a standalone document such as
    an action plan snapshot, rendered once per content version: concurrent first requests wait on
    a lock, then all are served the one stored file."""
    name = _part_name(html)
    if is_stored(name):
        return name
    with build_lock(f"part-{name.rsplit('/', 1)[-1]}"):
        if not is_stored(name):
            write(name, render.html_to_pdf(html))
    return name


def prerender_parts(htmls: list[str]) -> None:
    """Render the parts not yet cached, in parallel worker processes when there are several.

    WeasyPrint is pure Python and CPU-bound, so threads would not help; forked workers render
    HTML to PDF bytes (no database access) and the parent stores them. PACK_RENDER_PROCESSES
    (default 1: render here, one by one) sets the number of worker processes. Workers are
    forked, so enable it only under a process-based server (gunicorn sync/prefork workers), not
    inside a threaded one.
    """
    missing, seen = [], set()
    for html in htmls:
        name = _part_name(html)
        if name not in seen and not is_stored(name):
            seen.add(name)
            missing.append((name, html))
    workers = max(1, settings.PACK_RENDER_PROCESSES)
    if len(missing) < 2 or workers < 2:
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover  (platforms without fork render one by one)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(missing)), mp_context=context) as pool:
        for (name, _html), data in zip(missing, pool.map(render.html_to_pdf, [h for _n, h in missing]), strict=False):
            write(name, data)


def ready_build(meeting: Meeting, variant: str, key: str) -> PackBuild | None:
    build = PackBuild.objects.filter(
        meeting=meeting,
        variant=variant,
        key=key,
        status=PackBuild.Status.READY,
        despatch__isnull=True,
    ).first()
    if build is not None and is_stored(build.path):
        return build
    return None


def store(
    meeting: Meeting,
    variant: str,
    key: str,
    data: bytes,
    *,
    page_count: int,
    warnings: list[str] | tuple = (),
    seconds: float = 0.0,
    name: str = "",
) -> PackBuild:
    relative = f"{PACK_DIR}/{meeting.pk}/{name or variant}-{key[:32]}.pdf"
    build = _write_and_record(
        meeting, variant, key, data, relative, page_count=page_count, warnings=warnings, seconds=seconds
    )
    _prune(meeting, variant, keep=build, name=name)
    return build


def _write_and_record(
    meeting: Meeting,
    variant: str,
    key: str,
    data: bytes,
    relative: str,
    *,
    page_count: int,
    warnings,
    seconds: float,
    despatch=None,
) -> PackBuild:
    """Write the file atomically, then record it as the ready build of this content version."""
    write(relative, data)
    defaults = {
        "status": PackBuild.Status.READY,
        "path": relative,
        "page_count": page_count,
        "size_bytes": len(data),
        "warnings": "\n".join(warnings),
        "build_seconds": seconds,
    }
    if despatch is not None:
        defaults["despatch"] = despatch
    build, _ = PackBuild.objects.update_or_create(meeting=meeting, variant=variant, key=key, defaults=defaults)
    return build


def _prune(meeting: Meeting, variant: str, *, keep: PackBuild, name: str) -> None:
    """Remove superseded versions (older keys) of the same file."""
    # Packs stored as issued with a despatch are kept for as long as the meeting.
    old = PackBuild.objects.filter(meeting=meeting, variant=variant, despatch__isnull=True).exclude(pk=keep.pk)
    if name:
        old = old.filter(path__contains=f"/{name}-")
    for build in old:
        if build.path:
            files.packs().delete(build.path)  # no error when it is already gone
        build.delete()


def get_or_build(
    meeting: Meeting, variant: str, key: str, build: Callable[[], PackBuild], *, lock_name: str = ""
) -> PackBuild:
    """The stored build for this content version, building it (once, under a lock) if needed."""
    found = ready_build(meeting, variant, key)
    if found is not None:
        return found
    with build_lock(lock_name or f"{meeting.pk}-{variant}"):
        found = ready_build(meeting, variant, key)  # someone else may have built it meanwhile
        if found is not None:
            return found
        return build()


def record_failure(meeting: Meeting, variant: str, key: str, message: str) -> PackBuild:
    build, _ = PackBuild.objects.update_or_create(
        meeting=meeting,
        variant=variant,
        key=key,
        defaults={"status": PackBuild.Status.FAILED, "warnings": message, "path": ""},
    )
    return build


def store_despatch(
    despatch,
    variant: str,
    key: str,
    data: bytes,
    *,
    page_count: int,
    warnings: list[str] | tuple = (),
    seconds: float = 0.0,
) -> PackBuild:
    """Store a despatch's pack or front sheet as issued (packs/<meeting>/despatches/…); never pruned."""
    meeting = despatch.meeting
    relative = f"{PACK_DIR}/{meeting.pk}/despatches/{despatch.number}-{variant}-{key[:32]}.pdf"
    return _write_and_record(
        meeting,
        variant,
        key,
        data,
        relative,
        page_count=page_count,
        warnings=warnings,
        seconds=seconds,
        despatch=despatch,
    )
