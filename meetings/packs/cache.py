"""Built PDFs are stored under MEDIA_ROOT/packs/ by content version and built once.

- The key of a pack is a hash of everything printed in it (meeting, items, membership, the
  papers' sha256 or the authored reports' fields, rendered minutes …) and the template version,
  so any change gives a new file and an unchanged pack is served straight from storage.
- A build holds an exclusive file lock (fcntl) per meeting and variant: concurrent requests for a
  pack not yet built wait, then find the finished file; it is built once. File locks work the
  same whatever the database (SQLite has no row locks for select_for_update).
- Files are written to a temporary name in the same folder and moved into place with
  os.replace, so nobody can be served a partial file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Callable

from django.conf import settings

from meetings.agendas.models import Meeting
from meetings.packs import render
from meetings.packs.models import PackBuild

logger = logging.getLogger(__name__)

PACK_DIR = "packs"


def media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def build_lock(name: str):
    """An exclusive lock across threads and processes on this host (and shared media volumes)."""
    path = media_path(f"{PACK_DIR}/locks/{name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _part_path(html: str) -> Path:
    key = hashlib.sha256((render.TEMPLATE_VERSION + "\x00" + html).encode()).hexdigest()
    return media_path(f"{PACK_DIR}/parts/{key[:2]}/{key}.pdf")


def rendered_part(html: str) -> bytes:
    """WeasyPrint output for some HTML, cached by the HTML's hash (shared between packs)."""
    path = _part_path(html)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = render.html_to_pdf(html)
    atomic_write(path, data)
    return data


def part_file(html: str) -> Path:
    """The stored PDF of some HTML (a standalone document such as an action plan snapshot),
    rendered once per content version: concurrent first requests wait on a lock, then all are
    served the one stored file."""
    path = _part_path(html)
    if path.is_file():
        return path
    with build_lock(f"part-{path.stem}"):
        if not path.is_file():
            atomic_write(path, render.html_to_pdf(html))
    return path


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
        path = _part_path(html)
        if path not in seen and not path.exists():
            seen.add(path)
            missing.append((path, html))
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
        for (path, _html), data in zip(missing, pool.map(render.html_to_pdf, [h for _p, h in missing]), strict=False):
            atomic_write(path, data)


def ready_build(meeting: Meeting, variant: str, key: str) -> PackBuild | None:
    build = PackBuild.objects.filter(
        meeting=meeting,
        variant=variant,
        key=key,
        status=PackBuild.Status.READY,
        despatch__isnull=True,
    ).first()
    if build is not None and media_path(build.path).is_file():
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
    atomic_write(media_path(relative), data)
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
            with contextlib.suppress(FileNotFoundError):
                media_path(build.path).unlink()
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
