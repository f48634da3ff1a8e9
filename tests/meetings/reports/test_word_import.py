"""Officer reports written in Word become authored reports: a web page and a tagged PDF that keep
the document's masthead, numbering, emphasis, lists, tables and images; and reports written in
the admin support the same structures without ever printing markup characters."""

import io
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Inches
from PIL import Image
from pypdf import PdfReader

from meetings.models import OfficerReport, ReportSection
from meetings.reports import presenters
from meetings.reports.services import officer_report_import_docx
from tests.meetings.builders import authored
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

SEED_DOCX = Path(__file__).parent / "fixtures" / "officer-report-2017-09-12.docx"


def main_of(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).get_element_by_id("main-content")


def numbered(main) -> dict[str, str]:
    """Paragraph number → the paragraph's text, as printed on the page."""
    out = {}
    for p in main.find_class("scrutiny-para"):
        numbers = p.find_class("scrutiny-para__number")
        if numbers:
            out[numbers[0].text_content().strip()] = p.text_content()
    return out


def pdf_text(client, paper) -> str:
    data = b"".join(client.get(paper.get_absolute_url()).streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def small_docx() -> bytes:
    """A report with three levels of numbering, a table, an image with alt text and bold text."""
    doc = Document()
    doc.add_paragraph("Report for Information")
    for line in (
        "Report to:\tOfsted Subgroup – 2 October 2018",
        "Subject:\tSupervision and caseloads",
        "Report of:\tDeputy Director of Children's Services",
    ):
        doc.add_paragraph(line)
    doc.add_heading("Summary", level=2)
    doc.add_paragraph("A *report* on supervision.")  # typed asterisks are text, not emphasis
    doc.add_heading("Recommendations", level=2)
    doc.add_paragraph("To note the report.")
    for n, heading in enumerate(("Introduction", "Background", "Caseloads"), start=1):
        doc.add_heading(f"{n}.0 {heading}", level=1)
        doc.add_paragraph(f"{n}.1\tAbout {heading.lower()}.")
    doc.add_heading("4.0 Supervision", level=1)
    p = doc.add_paragraph("4.1\t")
    p.add_run("Management oversight").bold = True
    p.add_run(" was reviewed.")
    doc.add_paragraph("4.1.1\tSystems and processes for supervision recording were reviewed.")
    doc.add_paragraph("4.1.2\tThe supervision model is being refreshed.")
    doc.add_paragraph("An unnumbered note between numbered paragraphs.")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Team", "Average caseload"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "North", "18"
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "#1d70b8").save(png, format="PNG")
    png.seek(0)
    doc.add_picture(png, width=Inches(2))
    doc.inline_shapes[0]._inline.docPr.set("descr", "Chart of average caseloads by team")
    doc.add_paragraph("4.2\tCaseloads continue to fall.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_officer_uploads_the_seed_report_in_word_and_it_becomes_a_public_page_and_pdf(officer, public):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=5)
    with SEED_DOCX.open("rb") as handle:
        response = officer.post(
            reverse("admin:meetings_officerreport_import_word"), {"document": handle, "item": item.pk}
        )
    report = OfficerReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{report.pk}/change/")
    assert report.kind == "resolution"
    assert report.report_to == "Ofsted Subgroup - 12 September 2017"
    assert report.subject == "Ofsted Monitoring Visit Feedback and Action Planning"
    assert report.report_of == "Strategic Director of Children's Services"
    assert report.wards_affected == "All"
    assert report.summary.startswith("This report provides a further commentary")
    assert report.recommendations == "The Subgroup are asked to note the report and provide comments."
    assert [c.name for c in report.contacts.all()] == ["Paul Marshall", "Amanda Amesbury"]
    assert report.contacts.first().email == "p.marshall1@manchester.gov.uk"
    assert report.background_list == [
        "Report to Children & Young People Scrutiny Committee - 18 July 2017 - "
        "Ofsted's Monitoring Visit undertaken 6th and 7th June 2017."
    ]
    assert [s.heading for s in report.sections.all()] == [
        "Introduction",
        "Key Challenges",
        "Service Response and Action Plan",
        "Previous Monitoring Visits",
        "Conclusion",
    ]

    paper = item.papers.get()
    main = main_of(public.get(paper.get_html_url()))
    paras = numbered(main)
    # The numbering is the document's: 3.3, then two unnumbered paragraphs, then 3.4 after a heading.
    assert paras["1.1"].strip().endswith("improvement action plan in more detail.")
    assert "MASH leadership team" in paras["3.3"] and "understanding and application of thresholds" in paras["3.4"]
    assert "Social Work Consultants are now placed" in paras["3.10"]
    assert "Care Leavers Unsuitable Accommodation panel" in paras["3.23"]
    assert "In conclusion, the evidence points" in paras["5.5"]
    unnumbered = main.find_class("scrutiny-para--unnumbered")
    assert unnumbered[0].text_content().startswith("It should be noted, the overall feedback")
    assert [h.text_content() for h in main.iter("h3")][:2] == ["Duplication in Decision Making", "Thresholds"]
    # Emphasis is italic, in the list where the document has it; no asterisk prints.
    assert [em.text_content() for em in main.xpath("//ul/li/em")][:3] == [
        "duplication in decision making",
        "thresholds",
        "Strategy meetings",
    ]
    assert "*" not in main.text_content()

    text = pdf_text(public, paper)
    assert "3.23" in text and "Duplication in Decision Making" in text and "*" not in text


@pytest.mark.django_db
def test_word_import_keeps_three_levels_tables_images_and_typed_asterisks(public):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=2)
    result = officer_report_import_docx(data=small_docx(), item=item)
    assert result.warnings == []
    assert result.report.summary == "A \\*report\\* on supervision."
    main = main_of(public.get(result.paper.get_html_url()))
    paras = numbered(main)
    assert paras["4.1"].endswith("Management oversight was reviewed.")
    assert main.xpath("//p[contains(@class,'scrutiny-para')]/strong")[0].text == "Management oversight"
    assert "Systems and processes" in paras["4.1.1"] and "refreshed" in paras["4.1.2"]
    assert "Caseloads continue to fall." in paras["4.2"]
    assert "A *report* on supervision." in main.text_content()
    (region,) = main.find_class("scrutiny-table-scroll")
    assert region.get("role") == "region" and region.get("tabindex") == "0" and region.get("aria-label")
    assert [th.text_content() for th in region.xpath(".//th[@scope='col']")] == ["Team", "Average caseload"]
    (img,) = main.xpath("//img[contains(@class,'scrutiny-report-image')]")
    assert img.get("alt") == "Chart of average caseloads by team" and img.get("src").startswith("data:image/png")
    text = pdf_text(public, result.paper)
    assert "4.1.2" in text and "Average caseload" in text


@pytest.mark.django_db
def test_a_file_that_is_not_word_is_refused_with_a_message(officer):
    response = officer.post(
        reverse("admin:meetings_officerreport_import_word"), {"document": io.BytesIO(b"%PDF-1.7 not word")}
    )
    assert response.status_code == 200 and "Choose a Word document saved as .docx." in response.content.decode()
    fake = io.BytesIO(b"PK not really a zip")
    fake.name = "report.docx"
    response = officer.post(reverse("admin:meetings_officerreport_import_word"), {"document": fake})
    assert "is not a Word document" in response.content.decode()
    assert not OfficerReport.objects.exists()


@pytest.mark.django_db
def test_reports_written_in_the_admin_have_the_same_structures_and_no_literal_markup(public):
    paper = authored(AgendaItemFactory(meeting=MeetingFactory(), number=1), sections=1)
    section = ReportSection.objects.get(report=paper.report)
    section.body = (
        "# Caseloads\n\n"
        "Caseloads are *falling* and **steady**.\n\n"
        "+ North teams.\n\n+ South teams.\n\n"
        "~ A note that is not numbered, with a literal \\* asterisk.\n\n"
        "Second numbered paragraph.\n\n"
        "| Team | Caseload |\n|---|---|\n| North | 18 |\n\n"
        "1. first step\n2. second step"
    )
    section.save()
    main = main_of(public.get(paper.get_html_url()))
    paras = numbered(main)
    assert set(paras) == {"1.1", "1.1.1", "1.1.2", "1.2"}
    assert main.xpath("//p/em")[0].text == "falling" and main.xpath("//p/strong")[0].text == "steady"
    assert main.find_class("scrutiny-para--unnumbered")[0].text_content().endswith("a literal * asterisk.")
    assert main.xpath("//div[@role='region']/table//th[@scope='col']")[0].text_content() == "Team"
    assert [li.text_content() for li in main.xpath("//ol/li")][-2:] == ["first step", "second step"]
    body = main.text_content()
    assert "**" not in body and "*falling*" not in body and "|" not in body and "+ North" not in body


def test_markers_without_a_partner_print_as_they_are():
    assert presenters.plain(presenters.runs("5 * 3 = 15")) == "5 * 3 = 15"
    assert presenters.runs("***both***") == [presenters.Run("both", bold=True, italic=True)]
    assert presenters.plain(presenters.runs(presenters.escape_inline("a*b|c\\d"))) == "a*b|c\\d"
