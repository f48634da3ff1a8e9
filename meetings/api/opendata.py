"""The open data page and the nightly archive of the public record.

The archive (``manage.py build_open_data``, run nightly) is built as THE_PUBLIC sees the site, from
the same OParl objects the interface serves, so it never holds anything the public may not see.
It is kept in the `packs` storage (meetings/storage.py: the local MEDIA_ROOT or object storage)
and served here, like any stored file (meetings/packs/sending.py); storage is never exposed.
"""

from __future__ import annotations

from django.core.files import File
from django.views.generic import TemplateView

from meetings import sending
from meetings import storage as files

ARCHIVE_NAME = "scrutiny-open-data.zip"
ARCHIVE_FILE = f"open-data/{ARCHIVE_NAME}"


def save_archive(handle) -> str:
    """Store the archive (an open binary file) in place of the previous one; its storage name."""
    saved = files.packs().save(ARCHIVE_FILE, File(handle, name=ARCHIVE_NAME))
    if saved != ARCHIVE_FILE:
        raise RuntimeError(f"The packs storage saved the archive as {saved!r}; it must overwrite.")
    return saved


def archive_size() -> int | None:
    try:
        return files.packs().size(ARCHIVE_FILE)
    except FileNotFoundError:
        return None


class OpenDataView(TemplateView):
    template_name = "open_data.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["archive_size"] = archive_size()
        return ctx


def archive(request):
    return sending.send_file(
        request,
        ARCHIVE_FILE,
        storage=files.PACKS,
        filename=ARCHIVE_NAME,
        content_type="application/zip",
        cache_control="public, max-age=3600",
        attachment=True,
        headers={"Access-Control-Allow-Origin": "*"},
    )
