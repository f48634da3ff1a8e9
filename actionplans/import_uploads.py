"""A spreadsheet upload kept on the server between the import preview and its confirmation.

The file goes to the default storage (private: never served) under a random token; the session
holds the token, so only the officer who uploaded it can confirm it, and the confirm step posts
the token, not the file. One pending upload per session: a new preview replaces the last.
"""

import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "actionplans_import_upload"
FOLDER = "imports"


class Expired(Exception):
    """The upload to confirm is not (or no longer) held for this session."""

    def __init__(self):
        super().__init__("The uploaded file is no longer available to confirm. Upload it again.")


def keep(request, data: bytes, filename: str) -> str:
    """Store the upload for this session and return its token."""
    discard(request)
    token = secrets.token_urlsafe(24)
    suffix = PurePath(filename).suffix.lower()[:10]
    path = default_storage.save(f"{FOLDER}/{token}{suffix}", ContentFile(data))
    request.session[SESSION_KEY] = {"token": token, "path": path, "filename": PurePath(filename).name[:255]}
    return token


def load(request, token: str) -> tuple[bytes, str]:
    """The bytes and file name of the upload held under ``token`` for this session."""
    held = request.session.get(SESSION_KEY)
    if not token or not held or not secrets.compare_digest(str(held.get("token", "")), token):
        raise Expired()
    try:
        with default_storage.open(held["path"], "rb") as handle:
            return handle.read(), held["filename"]
    except (FileNotFoundError, OSError) as exc:
        raise Expired() from exc


def discard(request) -> None:
    """Forget this session's pending upload and delete its file."""
    held = request.session.pop(SESSION_KEY, None)
    if held and held.get("path"):
        try:
            default_storage.delete(held["path"])
        except OSError:
            pass
