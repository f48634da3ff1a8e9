"""Stored files (packs, front sheets, printed minutes, papers) sent like a static file server would.

Files come from a storage (meetings/storage.py: ``packs`` for built files, ``default`` for papers),
by name; the view has already applied the visibility rule.

- Local folder: Python never reads the file into memory: the response streams from the open
  file, which a WSGI server with ``wsgi.file_wrapper`` (gunicorn) hands to the kernel's
  ``sendfile``. With ``settings.SENDFILE_HEADER`` (``X-Accel-Redirect`` for nginx, ``X-Sendfile``
  for Apache or lighttpd) the response is empty and the web server sends the file: for
  X-Accel-Redirect the header is ``SENDFILE_URL`` + the path under MEDIA_ROOT (an ``internal``
  location), for the others the absolute path.
- Object storage (S3): the object is streamed in chunks from a ranged GET (never downloaded
  whole first), or, with ``STORAGE_S3_PRESIGNED``, the answer is a redirect to a presigned URL
  valid ``STORAGE_S3_PRESIGNED_SECONDS`` (objects are private; the URL is the only way in).
- ``ETag`` and ``Last-Modified``, with conditional requests (304), and single byte ranges
  (``Range: bytes=0-99`` → 206 with ``Content-Range``; ``If-Range`` honoured; a range beyond the
  end → 416). Several ranges in one request get the whole file (allowed by RFC 9110).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

from meetings import storage as files

CHUNK = 64 * 1024

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
    request,
    name: str,
    *,
    storage: str = files.PACKS,
    filename: str,
    etag: str = "",
    cache_control: str,
    content_type: str = "application/pdf",
    attachment: bool = False,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The response for a stored file the request may see (the caller checked visibility).
    `attachment` asks the browser to save it rather than show it; `headers` are added as they are."""
    store = storages[storage]
    if not name:
        raise Http404("The file is not available.")
    # What to send, for the page cache (scrutiny/pagecache.py): an anonymous request for the
    # same URL and content version is answered by send_file() again, without the view.
    described = {
        "name": name,
        "storage": storage,
        "filename": filename,
        "etag": etag,
        "cache_control": cache_control,
        "content_type": content_type,
        "attachment": attachment,
        "headers": dict(headers or {}),
    }
    path = files.local_path(store, name)
    if path is not None:
        return _send_local(request, store, path, described)
    if settings.STORAGE_S3_PRESIGNED:
        return _redirect_presigned(store, name, described)
    return _send_remote(request, store, name, described)


def _headers(response: HttpResponse, described: dict, etag: str, last_modified: int) -> HttpResponse:
    response.stored_file = described
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = described["cache_control"]
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    for header, value in described["headers"].items():
        response[header] = value
    return response


def _wanted_range(request, size: int, etag: str, last_modified: int):
    """(start, end) to send, None for the whole file, False when unsatisfiable."""
    if request.method == "GET" and request.META.get("HTTP_RANGE") and _if_range_matches(request, etag, last_modified):
        return byte_range(request.META["HTTP_RANGE"], size)
    return None


def _send_local(request, store, path: Path, described: dict) -> HttpResponse:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise Http404("The file is not available.") from None
    size, last_modified = stat.st_size, int(stat.st_mtime)
    etag = f'"{described["etag"]}"' if described["etag"] else f'"{stat.st_mtime_ns:x}-{size:x}"'

    def finish(response: HttpResponse) -> HttpResponse:
        return _headers(response, described, etag, last_modified)

    if request.method in ("GET", "HEAD"):
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return finish(not_modified)

    header = getattr(settings, "SENDFILE_HEADER", "")
    if header:
        response = HttpResponse(content_type=described["content_type"])
        if header.lower() == "x-accel-redirect":
            relative = Path(path).resolve().relative_to(Path(store.location).resolve())
            response[header] = settings.SENDFILE_URL.rstrip("/") + "/" + relative.as_posix()
        else:
            response[header] = str(Path(path).resolve())
        response["Content-Disposition"] = content_disposition_header(described["attachment"], described["filename"])
        return finish(response)

    wanted = _wanted_range(request, size, etag, last_modified)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return finish(response)
    start, end = wanted if wanted else (0, size - 1)
    length = max(0, end - start + 1)
    handle = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    response = FileResponse(
        FileSlice(handle, start, length),
        content_type=described["content_type"],
        as_attachment=described["attachment"],
        filename=described["filename"],
    )
    response["Content-Length"] = str(length)
    if wanted:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return finish(response)


def _redirect_presigned(store, name: str, described: dict) -> HttpResponse:
    """A redirect to a short-lived signed URL for the private object (no request to S3 is made:
    the URL is signed here). Never cached: the URL expires."""
    url = store.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(described["attachment"], described["filename"]),
            "ResponseContentType": described["content_type"],
        },
        expire=settings.STORAGE_S3_PRESIGNED_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    for header, value in described["headers"].items():
        response[header] = value
    return response


def _streamed(body):
    """The object's bytes in chunks; the connection goes back to the pool when the response is
    closed (Django closes a streaming response's iterator), even if the client went away."""
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def _send_remote(request, store, name: str, described: dict) -> HttpResponse:
    try:
        handle = store.open(name, "rb")  # django-storages' S3 file: a HEAD request, no download
    except FileNotFoundError:
        raise Http404("The file is not available.") from None
    obj = getattr(handle, "obj", None)  # the boto3 Object behind an S3 file
    if obj is not None:
        size, modified = obj.content_length, obj.last_modified
    else:
        size, modified = store.size(name), store.get_modified_time(name)
    last_modified = int(modified.timestamp())
    etag = f'"{described["etag"]}"' if described["etag"] else f'"{last_modified:x}-{size:x}"'

    def finish(response: HttpResponse) -> HttpResponse:
        return _headers(response, described, etag, last_modified)

    if request.method in ("GET", "HEAD"):
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            handle.close()
            return finish(not_modified)
    wanted = _wanted_range(request, size, etag, last_modified)
    if wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return finish(response)
    start, end = wanted if wanted else (0, size - 1)
    length = max(0, end - start + 1)
    if obj is None:
        response = FileResponse(
            FileSlice(handle, start, length),
            content_type=described["content_type"],
            as_attachment=described["attachment"],
            filename=described["filename"],
        )
    else:
        handle.close()
        if length == 0 or request.method == "HEAD":
            chunks = iter(())
        else:
            chunks = _streamed(obj.get(Range=f"bytes={start}-{end}")["Body"])
        response = StreamingHttpResponse(chunks, content_type=described["content_type"])
        response["Content-Disposition"] = content_disposition_header(described["attachment"], described["filename"])
    response["Content-Length"] = str(length)
    if wanted:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return finish(response)
