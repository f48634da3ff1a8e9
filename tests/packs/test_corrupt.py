"""A corrupt paper becomes a placeholder page naming it, and a warning for officers."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from meetings.models import PackBuild
from meetings.packs import api
from tests.factories import AgendaItemFactory, MeetingFactory

from .conftest import pages_text, read
from .factories import upload


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
