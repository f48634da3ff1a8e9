"""Where files live: Django's storage API, never paths (a foundation any area may use).

- ``storages["default"]`` holds uploaded papers and report images; ``storages["packs"]`` holds
  everything we build (packs, front sheets, printed minutes, rendered parts, the open-data
  archive). Both are the local folder MEDIA_ROOT by default and private S3-compatible object
  storage when ``STORAGE_S3_BUCKET`` is set (settings, README "Storage").
- Built files are named by content version, so writing one again writes the same bytes:
  ``write()`` overwrites, and on the local folder it writes a temporary file and renames it into
  place, so nobody ever reads half a file.
- ``local_path()`` says whether a storage is a local folder (the file can be handed to sendfile or
  X-Accel-Redirect) or remote (it is streamed or redirected to with a presigned URL).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

PACKS = "packs"
PAPERS = "default"


class BuiltFileStorage(FileSystemStorage):
    """The local folder for built files: a save replaces the file atomically (temporary file in
    the same folder, then os.replace), keeping the name it was given."""

    def get_available_name(self, name, max_length=None):
        return name  # names are content versions: the same name is the same content

    def _save(self, name, content):
        full_path = Path(self.path(name))
        full_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=full_path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:  # FILE_UPLOAD_PERMISSIONS, 0o644 by default
                os.chmod(tmp, self.file_permissions_mode)
            os.replace(tmp, full_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return name


def packs() -> Storage:
    return storages[PACKS]


def papers() -> Storage:
    return storages[PAPERS]


def write(storage: Storage, name: str, data: bytes) -> str:
    """Store `data` under exactly `name` (replacing what was there)."""
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # a storage configured to keep both: never serve the wrong version
        raise RuntimeError(f"The storage saved {name!r} as {saved!r}; built files must overwrite.")
    return saved


def read(storage: Storage, name: str) -> bytes:
    """The whole file (FileNotFoundError when there is none)."""
    with storage.open(name, "rb") as handle:
        return handle.read()


def local_path(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine, or None for remote storage."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None
