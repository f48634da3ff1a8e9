"""Upload validation: a real PDF, not encrypted, within size and page limits; bad files change nothing."""

import pytest

from meetings.models import Paper
from tests.admin_forms import post_paper_upload
from tests.meetings.factories import AgendaItemFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db


def upload(admin_client, item, data: bytes, name="report.pdf", title="Officer report"):
    return post_paper_upload(admin_client, item, data, name=name, title=title)


@pytest.fixture
def item(db):
    return AgendaItemFactory()


def test_a_real_pdf_is_accepted_with_its_facts_recorded(admin_client, item):
    data = make_pdf(pages=3)
    response = upload(admin_client, item, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = Paper.objects.get(item=item)
    assert paper.page_count == 3
    assert paper.size_bytes == len(data)
    import hashlib

    assert paper.sha256 == hashlib.sha256(data).hexdigest()
    assert paper.original_filename == "report.pdf"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Hello, this is a Word document pretending", "The file is not a PDF"),
        (b"%PDF-1.7\n this is broken beyond repair", "could not be read as a PDF"),
        (make_pdf(pages=1, encrypt="secret"), "encrypted or password-protected"),
    ],
    ids=["not-a-pdf", "corrupt", "encrypted"],
)
def test_bad_files_get_a_clear_error_and_nothing_is_saved(admin_client, item, data, message):
    response = upload(admin_client, item, data)
    assert response.status_code == 200
    # Said once, against the file field (not repeated as an error of the whole row).
    assert response.content.decode().count(message) == 1
    assert "papers-0-file_error" in response.content.decode()
    assert not Paper.objects.exists()


def test_too_large_file_is_refused(admin_client, item, settings):
    settings.PAPER_MAX_UPLOAD_BYTES = 1000
    response = upload(admin_client, item, make_pdf(pages=2) + b" " * 2000)
    assert "papers must be 1000" in response.content.decode().replace("\xa0", " ")
    assert not Paper.objects.exists()


def test_too_many_pages_is_refused(admin_client, item, settings):
    settings.PAPER_MAX_PAGES = 5
    response = upload(admin_client, item, make_pdf(pages=6))
    assert "The PDF has 6 pages; papers may have at most 5." in response.content.decode()
    assert not Paper.objects.exists()


def test_service_validates_too(item):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from meetings.agendas.services import paper_create

    with pytest.raises(ValidationError) as exc:
        paper_create(item=item, title="Not a PDF", file=ContentFile(b"plain text", name="x.pdf"))
    assert "file" in exc.value.message_dict
    assert not Paper.objects.exists()
