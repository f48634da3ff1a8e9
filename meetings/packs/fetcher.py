"""The URL fetcher WeasyPrint uses for packs: our own static and media files, nothing else.

Templates refer to static files with ``{% static %}`` (``/static/…``); the HTML is rendered with
``BASE_URL`` as its base, so WeasyPrint asks for ``http://scrutiny.invalid/static/…``. The fetcher
maps that to a file found by the staticfiles finders (or a file under MEDIA_ROOT/pack-assets/ for
``/media/…``) and refuses every other URL — other hosts, other schemes, ``file:``, ``data:``,
paths that climb out of their folder — by raising :class:`URLRefused` (fail closed: the resource is
never loaded, so content cannot make the server fetch anything).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def resolve(url: str) -> Path:
    """The local file for an allowed URL, or raise URLRefused."""
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
        root = Path(settings.MEDIA_ROOT) / MEDIA_ASSET_DIR
        candidate = root / path[len(MEDIA_PREFIX) :]
        if _inside(candidate, root) and candidate.is_file():
            return candidate
        raise URLRefused(f"No such pack asset: {path!r}.")
    raise URLRefused(f"Packs load only /static/ and /media/ files; refused {url[:200]!r}.")


class PackURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves resolve()'d files and raises for everything else."""

    def fetch(self, url, headers=None):
        path = resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})
