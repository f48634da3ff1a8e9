"""Stored files (packs, front sheets, printed minutes, papers) sent like a static file server would.

- Python never reads the file into memory: the response streams from the open file, which a
  WSGI server with ``wsgi.file_wrapper`` (gunicorn) hands to the kernel's ``sendfile``.
- With ``settings.SENDFILE_HEADER`` (``X-Accel-Redirect`` for nginx, ``X-Sendfile`` for Apache
  or lighttpd) the response is empty and the web server sends the file: for X-Accel-Redirect the
  header is ``SENDFILE_URL`` + the path under MEDIA_ROOT (an ``internal`` location), for the
  others the absolute path. The view has already applied the visibility rule.
- ``ETag`` and ``Last-Modified``, with conditional requests (304), and single byte ranges
  (``Range: bytes=0-99`` → 206 with ``Content-Range``; ``If-Range`` honoured; a range beyond the
  end → 416). Several ranges in one request get the whole file (allowed by RFC 9110).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

RANGE_RE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class FileSlice:
    """A window [start, start + length) of an open file: read() stops at its end; fileno() and
    the current offset let gunicorn's sendfile send exactly Content-Length bytes from there."""

    mode = "rb"

    def __init__(self, handle, start: int, length: int):
        self.handle = handle
        self.start = start
        self.remaining = length
        handle.seek(start)

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def fileno(self) -> int:
        return self.handle.fileno()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()

    def seekable(self) -> bool:
        return False  # Django must not measure the file: Content-Length is the slice's

    def close(self) -> None:
        self.handle.close()


def byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """`bytes=a-b` → (start, end inclusive); None when the header does not apply (whole file);
    False when unsatisfiable."""
    match = RANGE_RE.match(header or "")
    if not match:
        return None  # absent, malformed or several ranges: send the whole file
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        return False
    return start, end


def _if_range_matches(request, etag: str, last_modified: int) -> bool:
    value = request.META.get("HTTP_IF_RANGE")
    if not value:
        return True
    value = value.strip()
    if value.startswith('"') or value.startswith("W/"):
        return value == etag  # strong comparison
    date = parse_http_date_safe(value)
    return date is not None and int(last_modified) <= date


def send_file(
    request, path: Path, *, filename: str, etag: str = "", cache_control: str, content_type: str = "application/pdf"
) -> HttpResponse:
    """The response for a stored file the request may see (the caller checked visibility)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise Http404("The file is not available.") from None
    size, last_modified = stat.st_size, int(stat.st_mtime)
    etag = f'"{etag}"' if etag else f'"{stat.st_mtime_ns:x}-{size:x}"'

    def finish(response: HttpResponse) -> HttpResponse:
        # What to send, for the page cache (scrutiny/pagecache.py): an anonymous request for the
        # same URL and content version is answered by send_file() again, without the view.
        response.stored_file = {
            "path": str(path),
            "filename": filename,
            "etag": etag.strip('"'),
            "cache_control": cache_control,
            "content_type": content_type,
        }
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = cache_control
        response["Accept-Ranges"] = "bytes"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    if request.method in ("GET", "HEAD"):
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return finish(not_modified)

    header = getattr(settings, "SENDFILE_HEADER", "")
    if header:
        response = HttpResponse(content_type=content_type)
        if header.lower() == "x-accel-redirect":
            relative = Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
            response[header] = settings.SENDFILE_URL.rstrip("/") + "/" + relative.as_posix()
        else:
            response[header] = str(Path(path).resolve())
        response["Content-Disposition"] = content_disposition_header(False, filename)
        return finish(response)

    wanted = None
    if request.method == "GET" and request.META.get("HTTP_RANGE") and _if_range_matches(request, etag, last_modified):
        wanted = byte_range(request.META["HTTP_RANGE"], size)
        if wanted is False:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return finish(response)
    start, end = wanted if wanted else (0, size - 1)
    length = max(0, end - start + 1)
    handle = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    response = FileResponse(
        FileSlice(handle, start, length), content_type=content_type, as_attachment=False, filename=filename
    )
    response["Content-Length"] = str(length)
    if wanted:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return finish(response)
