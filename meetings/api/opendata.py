"""The open data page and the nightly archive of the public record.

The archive (``manage.py build_open_data``, run nightly) is built as THE_PUBLIC sees the site, from
the same OParl objects the interface serves, so it never holds anything the public may not see.
It is written under MEDIA_ROOT/open-data/ and served here (MEDIA_ROOT is never exposed directly).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.generic import TemplateView

ARCHIVE_NAME = "scrutiny-open-data.zip"


def archive_path() -> Path:
    return Path(settings.MEDIA_ROOT) / "open-data" / ARCHIVE_NAME


class OpenDataView(TemplateView):
    template_name = "open_data.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        path = archive_path()
        ctx["archive_size"] = path.stat().st_size if path.exists() else None
        return ctx


def archive(request):
    path = archive_path()
    try:
        handle = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    except FileNotFoundError:
        raise Http404("The archive has not been built yet.") from None
    response = FileResponse(handle, content_type="application/zip", as_attachment=True, filename=ARCHIVE_NAME)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
