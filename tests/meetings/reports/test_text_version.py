"""Every uploaded paper has a text version: an HTML page with its words in reading order and its
headings, linked beside the PDF, withheld exactly when the PDF is."""

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from weasyprint import HTML

from meetings.agendas.services import paper_create
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

DOCUMENT = """<html lang="en-GB"><head><title>Supervision</title></head><body>
<h1>Supervision and caseloads</h1>
<p>This report updates the Subgroup on supervision.</p>
<h2>Background</h2>
<p>Caseloads have fallen for the third quarter running.</p>
<h2 style="page-break-before: always">Next steps</h2>
<p>The service will audit supervision records in March.</p>
</body></html>"""


def text_url(paper) -> str:
    return reverse("meetings:paper-text", args=[paper.pk])


def pdf_paper(item, *, exempt=False):
    data = HTML(string=DOCUMENT).write_pdf()
    return paper_create(item=item, title="Supervision report", file=ContentFile(data, name="s.pdf"), exempt=exempt)


@pytest.mark.django_db
def test_uploaded_paper_has_a_text_version_with_its_headings_linked_beside_the_pdf(public):
    meeting = MeetingFactory()
    paper = pdf_paper(AgendaItemFactory(meeting=meeting, number=3))
    listing = lxml.html.fromstring(public.get(meeting.get_absolute_url()).content)
    (link,) = listing.xpath(f"//a[@href='{text_url(paper)}']")
    assert "text version" in link.text_content()
    assert link.getparent().xpath(f".//a[@href='{paper.get_absolute_url()}']")

    response = public.get(text_url(paper))
    assert response.status_code == 200
    main = lxml.html.fromstring(response.content).get_element_by_id("main-content")
    headings = [h.text_content() for h in main.xpath(".//h2[not(contains(@class,'visually-hidden'))] | .//h3")]
    assert headings == ["Supervision and caseloads", "Background", "Next steps"]
    assert [h.tag for h in main.xpath(".//h3")] == ["h3", "h3"]
    words = main.text_content()
    order = ["This report updates", "Caseloads have fallen", "Next steps", "audit supervision records"]
    assert [words.index(w) for w in order] == sorted(words.index(w) for w in order)
    assert paper.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_text_version_of_exempt_and_draft_papers_is_404_like_the_pdf(public, councillor):
    exempt = pdf_paper(AgendaItemFactory(meeting=MeetingFactory(), number=1), exempt=True)
    draft = pdf_paper(AgendaItemFactory(meeting=MeetingFactory(agenda_issued_on=None), number=1))
    for paper in (exempt, draft):
        assert public.get(paper.get_absolute_url()).status_code == 404
        assert public.get(text_url(paper)).status_code == 404
    response = councillor.get(text_url(exempt))
    assert response.status_code == 200 and "Not for publication" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_text_version_of_an_authored_report_is_its_web_page(public):
    from tests.meetings.builders import authored

    paper = authored(AgendaItemFactory(meeting=MeetingFactory(), number=1))
    response = public.get(text_url(paper))
    assert response.status_code == 302 and response["Location"] == paper.get_html_url()
