"""The URL fetcher WeasyPrint uses for packs: our own static and media files, nothing else.

Templates refer to static files with ``{% static %}`` (``/static/…``); the HTML is rendered with
``BASE_URL`` as its base, so WeasyPrint asks for ``http://scrutiny.invalid/static/…``. The fetcher
maps that to a file found by the staticfiles finders (or a file under pack-assets/ in the default
storage, e.g. report images, for ``/media/…``) and refuses every other URL — other hosts, other schemes, ``file:``, ``data:``,
paths that climb out of their folder — by raising :class:`URLRefused` (fail closed: the resource is
never loaded, so content cannot make the server fetch anything).
"""

import mimetypes
import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

from meetings import storage as files

BASE_URL = "http://scrutiny.invalid/"
_HOST = "scrutiny.invalid"
MEDIA_PREFIX = "/media/"
STATIC_PREFIX = "/static/"
MEDIA_ASSET_DIR = "pack-assets"
ALLOWED_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".woff", ".woff2", ".ttf", ".otf"}


class URLRefused(PermissionError):
    """WeasyPrint asked for a URL the pack may not load."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve(url: str) -> Path | str:
    """The static file (a local path) or pack asset (its name in the default storage) for an
    allowed URL, or raise URLRefused."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.netloc != _HOST or parts.query:
        raise URLRefused(f"Packs load only the site's own files; refused {url[:200]!r}.")
    path = unquote(parts.path)
    if ".." in path.split("/") or "\x00" in path:
        raise URLRefused(f"Refused a path that climbs out of its folder: {url[:200]!r}.")
    suffix = Path(path).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise URLRefused(f"Refused a file type packs do not use: {url[:200]!r}.")
    if path.startswith(STATIC_PREFIX):
        relative = path[len(STATIC_PREFIX) :]
        found = finders.find(relative)
        if found:
            return Path(found)
        root = Path(settings.STATIC_ROOT)
        candidate = root / relative
        if _inside(candidate, root) and candidate.is_file():
            return candidate
        raise URLRefused(f"No such static file: {relative!r}.")
    if path.startswith(MEDIA_PREFIX):
        name = posixpath.normpath(f"{MEDIA_ASSET_DIR}/{path[len(MEDIA_PREFIX) :]}")
        if name.startswith(f"{MEDIA_ASSET_DIR}/") and files.papers().exists(name):
            return name
        raise URLRefused(f"No such pack asset: {path!r}.")
    raise URLRefused(f"Packs load only /static/ and /media/ files; refused {url[:200]!r}.")


class PackURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves resolve()'d files and raises for everything else."""

    def fetch(self, url, headers=None):
        found = resolve(url)
        content_type = mimetypes.guess_type(PurePosixPath(str(found)).name)[0] or "application/octet-stream"
        data = found.read_bytes() if isinstance(found, Path) else files.read(files.papers(), found)
        return URLFetcherResponse(url, data, headers={"Content-Type": content_type})
