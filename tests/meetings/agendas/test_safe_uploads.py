"""Uploads are made safe or refused: active content never reaches storage or a
pack; AES-encrypted uploads get the same clear error as any encrypted PDF; inspection reports go
through the same validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.agendas.models import Paper
from meetings.packs import cache
from meetings.validators import active_content
from tests.admin_forms import post_paper_upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.pdfs import make_active_pdf, make_aes_pdf, make_pdf

pytestmark = pytest.mark.django_db


def upload(admin_client, item, data: bytes, name="report.pdf", title="Officer report"):
    return post_paper_upload(admin_client, item, data, name=name, title=title)


def test_the_test_pdf_holds_every_kind_of_active_content():
    found = set(active_content(make_active_pdf()))
    assert {
        "open action (/OpenAction)",
        "additional actions (/AA)",
        "JavaScript action",
        "Launch action",
        "unsafe link (for example javascript:)",
        "embedded file",
        "embedded files",
        "document JavaScript",
        "FileAttachment annotation",
        "XFA form",
    } <= found


def test_active_content_is_removed_before_the_paper_is_stored_and_never_reaches_a_pack(admin_client, client):
    import hashlib

    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Action plan")
    response = upload(admin_client, item, make_active_pdf(pages=2))
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = Paper.objects.get(item=item)
    stored = paper.file.read()
    assert active_content(stored) == []
    assert paper.page_count == 2
    assert paper.size_bytes == len(stored)
    assert paper.sha256 == hashlib.sha256(stored).hexdigest()
    # A safe link survives.
    assert b"https://www.manchester.gov.uk/" in stored

    download = client.get(paper.get_absolute_url())
    assert download.status_code == 200
    assert active_content(b"".join(download.streaming_content)) == []
    for url in (
        reverse("meetings:meeting-pack", args=[meeting.pk]),
        reverse("meetings:meeting-front-sheet", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert active_content(b"".join(response.streaming_content)) == []


def test_a_paper_stored_before_uploads_were_made_safe_loses_its_active_content_in_the_pack(client, councillor_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Legacy upload")
    # Saved without validation, as papers stored before this check were.
    Paper.objects.create(item=item, title="Legacy", file=ContentFile(make_active_pdf(), name="legacy.pdf"))
    for who in (client, councillor_client):
        response = who.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert active_content(data) == []
    from meetings.packs.models import PackBuild

    for build in PackBuild.objects.exclude(path=""):
        assert active_content(cache.read(build.path)) == []


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_uploads_get_one_clear_error(admin_client, algorithm):
    item = AgendaItemFactory()
    response = upload(admin_client, item, make_aes_pdf(algorithm))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("The PDF is encrypted or password-protected. Upload a copy without protection.") == 1
    assert not Paper.objects.exists()


def inspection():
    from inspections.models import Framework, Inspection, Provider

    provider = Provider.objects.create(
        urn="105574", name="Harpurhey Primary", kind=Provider.Kind.SCHOOL, phase=Provider.Phase.PRIMARY
    )
    return Inspection(
        provider=provider,
        framework=Framework.objects.first(),
        kind=Inspection.Kind.GRADED,
        start_date=datetime.date(2024, 3, 1),
        published_on=datetime.date(2024, 4, 1),
    )


def test_inspection_report_upload_must_be_a_pdf_and_is_made_safe():
    report = inspection()
    report.report_file = SimpleUploadedFile(
        "report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as caught:
        report.full_clean()
    assert "The file is not a PDF" in str(caught.value.message_dict["report_file"])

    report.report_file = SimpleUploadedFile("report.pdf", make_active_pdf(), content_type="application/pdf")
    report.full_clean()
    report.save()
    report.refresh_from_db()
    assert active_content(report.report_file.read()) == []


def test_a_stored_inspection_report_that_is_not_a_pdf_is_never_served_as_one(client):
    report = inspection()
    report.save()
    report.report_file.save("report.pdf", ContentFile(b"<html><script>alert(1)</script></html>"))
    response = client.get(reverse("inspections:inspection-report", args=[report.pk]))
    assert response.status_code == 404

    report.report_file.save("report.pdf", ContentFile(make_pdf(1)))
    response = client.get(reverse("inspections:inspection-report", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
