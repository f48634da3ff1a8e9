"""Validation of uploaded PDF papers: a real PDF, not encrypted, within size and page limits."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    size: int
    sha256: str


def inspect_pdf(file) -> PdfInfo:
    """Parse an uploaded file as a PDF and return its facts, or raise ValidationError.

    The result is cached on the file object so that field validation and model cleaning parse
    the file once.
    """
    cached = getattr(file, "_scrutiny_pdf_info", None)
    if cached is not None:
        return cached
    try:
        return _inspect(file)
    except ValidationError as exc:
        try:
            file._scrutiny_pdf_error = exc
        except AttributeError:
            pass
        raise


def already_refused(file) -> bool:
    """True if this upload was already inspected and refused (the field validator reported it)."""
    return getattr(file, "_scrutiny_pdf_error", None) is not None


def _inspect(file) -> PdfInfo:
    max_bytes = settings.PAPER_MAX_UPLOAD_BYTES
    size = file.size
    if size > max_bytes:
        raise ValidationError(
            "The file is %(size)s; papers must be %(limit)s or smaller.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    file.seek(0)
    head = file.read(1024)
    if b"%PDF-" not in head:
        raise ValidationError("The file is not a PDF. Upload the paper as a PDF file.", code="not_pdf")
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "The PDF is encrypted or password-protected. Upload a copy without protection.",
                code="encrypted",
            )
        page_count = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(
            "The file could not be read as a PDF (%(reason)s).", code="unreadable", params={"reason": exc}
        ) from exc
    finally:
        file.seek(0)
    if page_count < 1:
        raise ValidationError("The PDF has no pages.", code="no_pages")
    if page_count > settings.PAPER_MAX_PAGES:
        raise ValidationError(
            "The PDF has %(pages)d pages; papers may have at most %(limit)d.",
            code="too_many_pages",
            params={"pages": page_count, "limit": settings.PAPER_MAX_PAGES},
        )
    info = PdfInfo(page_count=page_count, size=size, sha256=digest.hexdigest())
    try:
        file._scrutiny_pdf_info = info
    except AttributeError:
        pass
    return info


def validate_pdf_upload(value) -> None:
    """Field validator: only checks files being uploaded now, not ones already stored."""
    if value and not getattr(value, "_committed", True):
        inspect_pdf(value.file if hasattr(value, "file") else value)
