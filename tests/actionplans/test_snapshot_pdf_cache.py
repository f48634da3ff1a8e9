"""No anonymous request renders a PDF twice: a snapshot's PDF is rendered
once per content version into the packs storage and streamed from there."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from actionplans import services
from meetings.packs import render

from .factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    calls = []
    original = render.html_to_pdf

    def counting(html):
        calls.append(html)
        return original(html)

    monkeypatch.setattr(render, "html_to_pdf", counting)
    return calls


def test_two_requests_render_the_snapshot_once_and_a_change_renders_it_again(renders):
    plan = ActionPlanFactory(title="Improvement plan", published=True)
    ActionFactory(recommendation__section__plan=plan, recommendation__plan=plan, number="R1.1")
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    url = f"/action-plans/{plan.pk}/snapshots/{snap.pk}/report.pdf"

    first = Client().get(url)
    body = b"".join(first.streaming_content)
    second = Client().get(url)
    assert first.status_code == second.status_code == 200
    assert b"".join(second.streaming_content) == body and body.startswith(b"%PDF-")
    assert len(renders) == 1
    assert first["ETag"] == second["ETag"]
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["X-Content-Type-Options"] == "nosniff"
    stored = list((settings.MEDIA_ROOT / "packs").rglob(f"{first['ETag'].strip(chr(34))}.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == body

    # A new content version (the plan's title is printed) is rendered once more, then served.
    plan.title = "Improvement plan (revised)"
    plan.save()
    third = Client().get(url)
    assert third.status_code == 200 and third["ETag"] != first["ETag"]
    Client().get(url)
    assert len(renders) == 2


def test_a_hidden_snapshot_pdf_is_not_found_and_renders_nothing(renders):
    plan = ActionPlanFactory(published=False)
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    assert Client().get(f"/action-plans/{plan.pk}/snapshots/{snap.pk}/report.pdf").status_code == 404
    assert renders == []
