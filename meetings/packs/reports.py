"""Papers as PDF: uploaded files checked at build time, authored officer reports rendered."""

from __future__ import annotations

import hashlib
import io
import logging
import re

from django.core.exceptions import ValidationError
from pypdf import PdfReader

from meetings.agendas.models import Paper
from meetings.packs import render
from meetings.reports import presenters
from meetings.validators import sanitise_pdf

logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "meetings/pack/report.html"
DAMAGE_WARNINGS = re.compile(r"expected endstream|recover(ed)? stream length|stream data", re.I)
PLACEHOLDER_TEMPLATE = "meetings/pack/placeholder.html"


def report_context(paper: Paper) -> dict:
    report = paper.report
    images = presenters.image_sources(report.images.all())
    sections = [(n, section, section.blocks(n, images)) for n, section in enumerate(report.sections.all(), start=1)]
    return {
        "paper": paper,
        "report": report,
        "summary": presenters.paragraphs(report.summary),
        "recommendations": presenters.paragraphs(report.recommendations),
        "alignments": list(report.alignments.all()),
        "contacts": list(report.contacts.all()),
        "sections": sections,
        "exempt": paper.is_exempt,
    }


def report_fingerprint(report) -> str:
    """A hash of everything printed in an officer report (its fields and its rows)."""
    digest = hashlib.sha256()
    for name in (
        "kind",
        "report_to",
        "subject",
        "report_of",
        "summary",
        "recommendations",
        "wards_affected",
        "alignment_heading",
        "background_documents",
    ):
        digest.update(f"{name}={getattr(report, name)}\x00".encode())
    for row in report.alignments.all():
        digest.update(f"a{row.order}|{row.outcome}|{row.alignment}\x00".encode())
    for c in report.contacts.all():
        digest.update(f"c{c.order}|{c.name}|{c.position}|{c.telephone}|{c.email}\x00".encode())
    for s in report.sections.all():
        digest.update(f"s{s.order}|{s.heading}|{s.body}\x00".encode())
    for image in report.images.all():
        digest.update(f"i{image.order}|{image.image.name}\x00".encode())
    return digest.hexdigest()


def report_html(paper: Paper) -> str:
    return render.render_html(REPORT_TEMPLATE, report_context(paper))


def placeholder_html(paper: Paper, reason: str) -> str:
    return render.render_html(PLACEHOLDER_TEMPLATE, {"paper": paper, "reason": reason})


def read_upload(paper: Paper) -> bytes:
    """The uploaded PDF's bytes if it opens and every page parses; otherwise raise ValueError."""
    try:
        with paper.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:
        raise ValueError("the file is missing") from exc
    if b"%PDF-" not in data[:1024]:
        raise ValueError("the file is not a PDF")
    try:
        # Uploads are made safe before they are stored; a paper stored before that loses its
        # active content (JavaScript, actions, embedded files) here, before it joins a pack.
        data = sanitise_pdf(data)
    except ValidationError as exc:
        raise ValueError(exc.messages[0].rstrip(".")) from exc
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValueError("the PDF is encrypted")
        pages = reader.pages
        if len(pages) == 0:
            raise ValueError("the PDF has no pages")
        for page in pages:
            page.mediabox  # noqa: B018  (touch each page so a broken one fails here, not mid-merge)
        _trial_merge(data)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001  (a corrupt PDF can raise anything from the parser)
        raise ValueError(f"the PDF could not be read ({type(exc).__name__})") from exc
    return data


def _trial_merge(data: bytes) -> None:
    """Do to a copy what the builder does (copy every page with its structure, stamp it, write
    the file), so an upload whose damage only shows when its objects are copied fails here, not
    mid-build."""
    import pikepdf

    from meetings.packs import stamping, structure

    with pikepdf.open(io.BytesIO(data)) as source:
        # qpdf recovers a content stream that lost its end by guessing its length; what it
        # recovers may be garbage, so such a paper is replaced by a placeholder naming it.
        for page in source.pages:
            contents = page.obj.get("/Contents")
            for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
                if isinstance(stream, pikepdf.Stream):
                    stream.read_raw_bytes()
        damage = [w for w in source.get_warnings() if DAMAGE_WARNINGS.search(w)]
        if damage:
            raise ValueError("the PDF is damaged (a page's content stream is broken)")
        assembly = structure.Assembly()
        assembly.append(source, title="trial")
        for page in assembly.pdf.pages:
            stamping.stamp(assembly.pdf, page, number=1, exempt=True)
        assembly.finish().save(io.BytesIO())


def paper_pdf(paper: Paper, warnings: list[str]) -> bytes:
    """The paper as PDF; a corrupt upload becomes a placeholder page naming it (and a warning)."""
    from meetings.packs.cache import rendered_part

    if paper.report_id:
        return rendered_part(report_html(paper))
    try:
        return read_upload(paper)
    except ValueError as exc:
        reason = str(exc)
        message = f"Paper “{paper.title}” (item {paper.item.number}) could not be included: {reason}."
        logger.warning(message)
        warnings.append(message)
        return rendered_part(placeholder_html(paper, reason))
