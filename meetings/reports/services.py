"""Writes for officer reports: a Word document becomes an authored report (and its paper)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from meetings.agendas.models import AgendaItem, Paper
from meetings.reports import wordimport
from meetings.reports.models import OfficerReport, ReportContact, ReportImage, ReportSection

MAX_DOCX_BYTES = 20 * 1024 * 1024


@dataclass
class ImportResult:
    report: OfficerReport
    paper: Paper | None
    warnings: list[str]


def _cut(value: str, model, name: str) -> str:
    limit = model._meta.get_field(name).max_length
    return value[:limit] if limit else value


@transaction.atomic
def officer_report_import_docx(*, data: bytes, item: AgendaItem | None = None, exempt: bool = False) -> ImportResult:
    """Read a Word officer report into an authored report; attach it to `item` as a paper if given.

    Fields the document does not give are filled from the agenda item where they can be (report to,
    report of) and otherwise left for the officer, with a warning saying so."""
    if len(data) > MAX_DOCX_BYTES:
        raise ValidationError("The Word document is larger than 20 MB.")
    try:
        doc = wordimport.read_docx(data)
    except wordimport.NotAWordDocument as error:
        raise ValidationError(str(error)) from error
    warnings = list(doc.warnings)
    fields = dict(doc.fields)
    if not fields.get("subject"):
        fields["subject"] = item.title if item else ""
        warnings.append("The document has no ‘Subject:’; the subject was taken from the agenda item.")
    if not fields.get("report_to") and item:
        fields["report_to"] = f"{item.meeting.committee_name} – {item.meeting.start:%-d %B %Y}"
    if not fields.get("report_of") and item:
        fields["report_of"] = item.report_of
    for name, label in (("summary", "Summary"), ("recommendations", "Recommendations")):
        if not fields.get(name):
            warnings.append(f"The document has no ‘{label}’ heading; fill it in before the agenda is issued.")
    if not doc.sections:
        warnings.append("No numbered sections (‘1.0 Introduction’ or Heading 1) were found.")
    report = OfficerReport(
        kind=doc.kind,
        report_to=_cut(fields.get("report_to", ""), OfficerReport, "report_to"),
        subject=_cut(fields.get("subject", ""), OfficerReport, "subject"),
        report_of=_cut(fields.get("report_of", ""), OfficerReport, "report_of"),
        summary=fields.get("summary") or "–",
        recommendations=fields.get("recommendations") or "–",
        wards_affected=_cut(fields.get("wards_affected") or "All", OfficerReport, "wards_affected"),
        background_documents=fields.get("background_documents", ""),
    )
    report.full_clean()
    report.save()
    for order, contact in enumerate(doc.contacts, start=1):
        row = ReportContact(
            report=report,
            order=order,
            name=_cut(contact.get("name", ""), ReportContact, "name") or "–",
            position=_cut(contact.get("position", ""), ReportContact, "position"),
            telephone=_cut(contact.get("telephone", ""), ReportContact, "telephone"),
            email=contact.get("email", "") if "@" in contact.get("email", "") else "",
        )
        row.full_clean()
        row.save()
    for image in doc.images:
        row = ReportImage(report=report, order=image.order)
        row.image.save(f"report-{report.pk}-{image.order}.{image.extension}", ContentFile(image.data), save=False)
        row.save()
    for order, (heading, body) in enumerate(doc.sections, start=1):
        section = ReportSection(
            report=report, order=order, heading=_cut(heading, ReportSection, "heading"), body=body or "~ –"
        )
        section.full_clean(exclude=["report"])
        section.save()
    paper = None
    if item is not None:
        paper = Paper(
            item=item,
            title=_cut(report.subject, Paper, "title"),
            report=report,
            exempt=exempt,
            order=item.papers.count() + 1,
        )
        paper.full_clean()
        paper.save()
    return ImportResult(report=report, paper=paper, warnings=warnings)
