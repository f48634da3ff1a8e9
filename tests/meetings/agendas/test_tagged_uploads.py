"""An untagged uploaded PDF is accepted but flagged: the officer is told on upload, the paper
carries the flag in the admin, the public page points to its text version, and the pack's
accessibility report (on the meeting's admin page) names its pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.agendas.models import Paper
from meetings.agendas.services import meeting_publish
from meetings.packs import api, render
from tests.admin_forms import post_paper_upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

NOT_ACCESSIBLE = "not accessible: upload a tagged PDF or the Word file"


def tagged_pdf(title: str) -> bytes:
    return render.html_to_pdf(
        f'<html lang="en-GB"><head><title>{title}</title></head><body><h1>{title}</h1><p>Text.</p></body></html>'
    )


def post_upload(client, item, data: bytes, title: str):
    return post_paper_upload(client, item, data, name="paper.pdf", title=title, follow=True)


def test_an_untagged_upload_is_accepted_and_flagged_everywhere_the_officer_and_public_look(admin_client, client):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=30))
    item = AgendaItemFactory(meeting=meeting, number=1, title="Progress report")
    response = post_upload(admin_client, item, make_pdf(2, text="Scanned letter"), "Scanned letter")
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert "“Scanned letter” is " + NOT_ACCESSIBLE + "." in messages
    paper = Paper.objects.get(title="Scanned letter")
    assert paper.tagged is False and paper.not_accessible

    # The flag on the paper, in its list and on its page.
    listing = admin_client.get(reverse("admin:meetings_paper_changelist")).content.decode()
    assert "Not accessible" in listing
    assert (
        "Not accessible" in admin_client.get(reverse("admin:meetings_paper_change", args=[paper.pk])).content.decode()
    )

    # The public page lists it with its text version, and says why.
    meeting_publish(meeting=meeting, issued_on=timezone.localdate())
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:paper-text", args=[paper.pk]) in page
    assert "this PDF is not tagged for screen readers: use the text version" in page
    assert "Scanned letter page 2" in client.get(reverse("meetings:paper-text", args=[paper.pk])).content.decode()

    # The pack's accessibility report, on the meeting's admin page, names the untagged pages.
    api.pack_for(meeting, client.get("/").wsgi_request.user)
    admin_page = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert "Accessibility: pages 3–4 (item 1, “Scanned letter”) are untagged" in admin_page


def test_a_tagged_upload_is_not_flagged(admin_client):
    item = AgendaItemFactory(number=1, title="Progress report")
    response = post_upload(admin_client, item, tagged_pdf("Progress report"), "Progress report")
    assert not [m for m in response.context["messages"] if NOT_ACCESSIBLE in str(m)]
    paper = Paper.objects.get(title="Progress report")
    assert paper.tagged is True and not paper.not_accessible
    assert "Tagged" in admin_client.get(reverse("admin:meetings_paper_changelist")).content.decode()
