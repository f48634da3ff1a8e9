"""HTML → PDF with WeasyPrint: our fetcher only, tagged PDF, title/author/language metadata."""

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader
from weasyprint import HTML

from meetings.packs.fetcher import BASE_URL, PackURLFetcher

logger = logging.getLogger(__name__)

# Bump when a pack template or the stamping changes, so that every cached PDF is rebuilt.
TEMPLATE_VERSION = "packs-4"

# Tagged PDF (structure tree for screen readers). WeasyPrint supports `pdf_tags` for its own
# output; pages merged from uploaded PDFs keep whatever tagging they came with.
PDF_OPTIONS = {"pdf_tags": True}


def render_html(template: str, context: dict) -> str:
    context = {"COUNCIL_NAME": settings.COUNCIL_NAME, "COUNCIL_ADDRESS": settings.COUNCIL_ADDRESS, **context}
    return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    """Render HTML with WeasyPrint. Any URL other than our static/media files is refused."""
    fetcher = PackURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(**PDF_OPTIONS)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
