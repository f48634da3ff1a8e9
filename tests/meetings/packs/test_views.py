"""Meeting page links, officer report pages and downloads, the publish hook and build_packs."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from meetings.agendas import services
from meetings.models import PackBuild, Paper
from meetings.packs import api
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.pdfs import make_pdf

from .conftest import pages_text
from .factories import OfficerReportFactory, authored, upload


def test_meeting_page_links_pack_and_front_sheet_with_size_and_pages(client, seed_meeting, django_assert_max_num_queries):
    api.prebuild(seed_meeting)
    url = seed_meeting.get_absolute_url()
    with django_assert_max_num_queries(40):
        response = client.get(url)
    html = response.content.decode()
    pack = PackBuild.objects.get(meeting=seed_meeting, variant="public")
    front = PackBuild.objects.get(meeting=seed_meeting, variant="front")
    assert reverse("meetings:meeting-pack", args=[seed_meeting.pk]) in html
    assert reverse("meetings:meeting-front-sheet", args=[seed_meeting.pk]) in html
    assert f"{pack.page_count} pages" in html and f"{front.page_count} page" in html
    assert "Agenda pack, including exempt papers" not in html


def test_councillor_sees_the_full_pack_link(councillor_client, seed_meeting):
    html = councillor_client.get(seed_meeting.get_absolute_url()).content.decode()
    assert "Agenda pack, including exempt papers" in html


def test_front_sheet_download_has_the_public_ranges(client, seed_meeting):
    response = client.get(reverse("meetings:meeting-front-sheet", args=[seed_meeting.pk]))
    texts = pages_text(b"".join(response.streaming_content))
    assert "This agenda was issued on" in texts[-1]
    pack = pages_text(b"".join(client.get(reverse("meetings:meeting-pack", args=[seed_meeting.pk])).streaming_content))
    assert texts == pack[:len(texts)]  # the same front sheet, with the public pack's real ranges
    assert "5 - 16" in "\n".join(texts) and "Action plan page 1" in pack[4]


def test_authored_report_is_a_public_page_and_a_pdf(client, db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=2)
    paper = authored(item, subject="Post Ofsted Inspection Action Plan - Progress Report", text="Practice")
    page = client.get(paper.get_html_url())
    html = page.content.decode()
    assert page.status_code == 200
    for text in ["Report for Information", "Post Ofsted Inspection Action Plan - Progress Report",
                 "Practice paragraph 1.2 of the report.", "Sean McKendrick", "Wards affected",
                 "A thriving and sustainable city", "1.0 Section 1"]:
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
    from django.test import Client

    client = Client()
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1, exempt=True, exempt_paragraph=1)
    paper = authored(item, subject="Staffing matters", text="Private")
    assert client.get(paper.get_html_url()).status_code == 404
    assert client.get(paper.get_absolute_url()).status_code == 404
    assert councillor_client.get(paper.get_html_url()).status_code == 200
    text = pages_text(b"".join(councillor_client.get(paper.get_absolute_url()).streaming_content))[0]
    assert "NOT FOR PUBLICATION" in text


def test_uploaded_paper_download_still_works(client, db):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1)
    paper = upload(item, title="Uploaded", pages=2, text="Uploaded text")
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    assert "Uploaded text page 2" in pages_text(b"".join(response.streaming_content))[1]


def test_a_paper_is_either_a_file_or_a_report(db):
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1)
    neither = Paper(item=item, title="Nothing")
    with pytest.raises(ValidationError, match="either an uploaded PDF or an officer report"):
        neither.full_clean()
    both = Paper(item=item, title="Both", report=OfficerReportFactory(),
                 file=ContentFile(make_pdf(1), name="x.pdf"))
    with pytest.raises(ValidationError, match="either an uploaded PDF or an officer report"):
        both.full_clean()


def test_publishing_prebuilds_the_public_pack(db, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(agenda_issued_on=None)
    upload(AgendaItemFactory(meeting=meeting, number=1), title="Paper", pages=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    assert PackBuild.objects.filter(meeting=meeting, variant="public", status="ready").exists()
    assert PackBuild.objects.filter(meeting=meeting, variant="front", status="ready").exists()


def test_a_failing_prebuild_does_not_break_publishing(db, django_capture_on_commit_callbacks, monkeypatch):
    meeting = MeetingFactory(agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(api, "prebuild", explode)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_published
    failed = PackBuild.objects.get(meeting=meeting, status="failed")
    assert "disk full" in failed.warnings


def test_build_packs_command(seed_meeting):
    out = io.StringIO()
    call_command("build_packs", meeting=[seed_meeting.pk], stdout=out)
    assert "Built the packs of 1 meeting(s)." in out.getvalue()
    variants = set(PackBuild.objects.filter(meeting=seed_meeting).values_list("variant", flat=True))
    assert {"public", "front", "full", "paper"} <= variants


@pytest.mark.parametrize("name", ["officerreport", "packbuild"])
def test_admin_changelists_and_forms(client, admin_client_user, seed_meeting, name):
    api.pack_for(seed_meeting, AnonymousUser())
    client.force_login(admin_client_user)
    assert client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
    obj = (PackBuild if name == "packbuild" else Paper.objects.exclude(report=None).get().report.__class__).objects.first()
    assert client.get(reverse(f"admin:meetings_{name}_change", args=[obj.pk])).status_code == 200
    if name == "officerreport":
        assert client.get(reverse("admin:meetings_officerreport_add")).status_code == 200
