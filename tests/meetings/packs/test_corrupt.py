"""A corrupt paper becomes a placeholder page naming it, and a warning for officers."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from meetings.models import PackBuild
from meetings.packs import api
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from ..builders import upload
from .conftest import pages_text, read


def corrupt(paper):
    with open(paper.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer <<>>\n%%EOF garbage")


def test_corrupt_paper_becomes_a_placeholder_page(client, db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Budget")
    bad = upload(item, title="Budget monitoring report", pages=2, text="Budget")
    upload(item, title="Appendix A", pages=1, text="Appendix")
    corrupt(bad)
    response = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200
    texts = pages_text(b"".join(response.streaming_content))
    whole = "\n".join(texts)
    assert "Budget monitoring report" in whole and "could not be included" in whole
    assert "Appendix page 1" in whole
    build = PackBuild.objects.get(meeting=meeting, variant="public")
    assert "Budget monitoring report" in build.warnings


def test_missing_file_is_a_placeholder_too(db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1)
    paper = upload(item, title="Lost paper", pages=1)
    import os

    os.unlink(paper.file.path)
    build = api.pack_for(meeting, AnonymousUser())
    assert "Lost paper" in "\n".join(pages_text(read(build)))
    assert "the file is missing" in build.warnings


def test_officers_see_the_warning_in_the_admin(client, admin_client_user, db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1)
    corrupt(upload(item, title="Broken appendix", pages=1))
    api.pack_for(meeting, AnonymousUser())
    client.force_login(admin_client_user)
    response = client.get(reverse("admin:meetings_packbuild_changelist") + "?warnings=yes")
    assert response.status_code == 200
    assert "Broken appendix" in response.content.decode()
    response = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert "Broken appendix" in response.content.decode()


def _damaged_pdf(mutate=None, *, break_stream=False) -> bytes:
    """A small PDF with an intact cross-reference table, damaged in a way only copying or
    stamping its page reveals."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Damaged upload) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    if mutate:
        mutate(page)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    return data.replace(b"endstream", b"endstreaX", 1) if break_stream else data


def test_paper_that_breaks_only_when_merged_is_a_placeholder_not_a_server_error(client, db):
    """The file opens and its pages list, but its content stream has lost its end: the pack
    still downloads, with a placeholder naming the paper and the other paper merged in."""
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Budget")
    bad = upload(item, title="Damaged budget report", pages=1)
    upload(item, title="Appendix A", pages=1, text="Appendix")
    with open(bad.file.path, "wb") as handle:
        handle.write(_damaged_pdf(break_stream=True))
    response = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200
    whole = "\n".join(pages_text(b"".join(response.streaming_content)))
    assert "Damaged budget report" in whole and "could not be included" in whole
    assert "Appendix page 1" in whole
    assert "Damaged budget report" in PackBuild.objects.get(meeting=meeting, variant="public").warnings


def test_page_with_null_resources_still_gets_its_page_number(client, db):
    from pypdf.generic import NameObject, NullObject

    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Budget")
    odd = upload(item, title="Scanned letter", pages=1)
    with open(odd.file.path, "wb") as handle:
        handle.write(_damaged_pdf(lambda page: page.__setitem__(NameObject("/Resources"), NullObject())))
    response = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200
    texts = pages_text(b"".join(response.streaming_content))
    assert "could not be included" not in "\n".join(texts)  # merged as it is, not replaced
    assert texts[-1].split()[-1] == str(len(texts))  # its page, stamped with its number
