"""Officer reports written in the admin: a public HTML page and a PDF, withheld when exempt."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from pypdf import PdfReader

from meetings.models import Paper
from tests.meetings.builders import authored
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, OfficerReportFactory
from tests.pdfs import make_pdf


def test_authored_report_is_a_public_page_and_a_pdf(client, db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=2)
    paper = authored(item, subject="Post Ofsted Inspection Action Plan - Progress Report", text="Practice")
    page = client.get(paper.get_html_url())
    html = page.content.decode()
    assert page.status_code == 200
    for text in [
        "Report for Information",
        "Post Ofsted Inspection Action Plan - Progress Report",
        "Practice paragraph 1.2 of the report.",
        "Sean McKendrick",
        "Wards affected",
        "A thriving and sustainable city",
        "1.0 Section 1",
    ]:
        assert text in html
    response = client.get(paper.get_absolute_url())
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert "Practice paragraph 1.1 of the report." in reader.pages[0].extract_text() + reader.pages[-1].extract_text()
    assert reader.metadata.title == paper.title
    paper.refresh_from_db()
    assert paper.page_count == len(reader.pages) and paper.size_bytes == len(data)
    meeting_html = client.get(meeting.get_absolute_url()).content.decode()
    assert paper.get_html_url() in meeting_html


def test_exempt_authored_report_is_404_for_the_public_and_marked_for_councillors(councillor_client, db):
    client = Client()
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1, exempt=True, exempt_paragraph=1)
    paper = authored(item, subject="Staffing matters", text="Private")
    assert client.get(paper.get_html_url()).status_code == 404
    assert client.get(paper.get_absolute_url()).status_code == 404
    assert councillor_client.get(paper.get_html_url()).status_code == 200
    data = b"".join(councillor_client.get(paper.get_absolute_url()).streaming_content)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "NOT FOR PUBLICATION" in text


def test_a_paper_is_either_a_file_or_a_report(db):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1)
    neither = Paper(item=item, title="Nothing")
    with pytest.raises(ValidationError, match="either an uploaded PDF or an officer report"):
        neither.full_clean()
    both = Paper(item=item, title="Both", report=OfficerReportFactory(), file=ContentFile(make_pdf(1), name="x.pdf"))
    with pytest.raises(ValidationError, match="either an uploaded PDF or an officer report"):
        both.full_clean()
