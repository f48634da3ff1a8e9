"""Snapshots: 'Report as at DATE' freezes the plan; attached to agenda items under the one rule."""

import datetime

import pytest
from django.test import Client

from actionplans import services
from actionplans.models import Action, Rag, Snapshot
from actionplans.printing import snapshot_print_html
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(title="Post Inspection Action Plan")
    section = SectionFactory(plan=plan, title="Help and protection", order=1)
    rec = RecommendationFactory(plan=plan, section=section, code="R1", order=1, rating=Rag.AMBER)
    rate(ActionFactory(recommendation=rec, number="R1.1", improvement_notice=True), Rag.RED, "Slipped.")
    rate(ActionFactory(recommendation=rec, number="R1.2"), Rag.GREY, "Not started.")
    return plan


def test_snapshot_freezes_the_plan(client, plan):
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    rate(Action.objects.get(number="R1.1"), Rag.BLUE, "Done.")
    body = client.get(snap.get_absolute_url()).content.decode()
    assert "Report as at 26 June 2018" in body
    assert "Slipped." in body and "Done." not in body  # as it stood then
    assert "govuk-tag--red" in body and ">Red<" in body
    assert "What the RAG ratings mean" in body  # the legend
    assert "Improvement Notice" in body


def test_comparing_two_snapshots_lists_what_changed(client, plan):
    older = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    rate(Action.objects.get(number="R1.1"), Rag.AMBER, "Recovered.")
    rec = plan.recommendations.get()
    ActionFactory(recommendation=rec, number="R1.3", activity="A brand new action")
    newer = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 10, 2))
    diff = services.snapshots_compare(older=older, newer=newer)
    assert [c["number"] for c in diff["changed"]] == ["R1.1"]
    assert [a["number"] for a in diff["added"]] == ["R1.3"]
    body = client.get(
        f"/action-plans/{plan.pk}/snapshots/compare/", {"from": older.pk, "to": newer.pk}
    ).content.decode()
    assert "From 26 June 2018 to 2 October 2018" in body
    assert "R1.1" in body and "rating, progress changed" in body and "Recovered." in body
    assert "Actions added" in body and "R1.3" in body
    assert "R1.2" not in body.split("Actions that changed")[1]


def test_snapshot_on_draft_meeting_is_404_for_public_but_shown_to_officers(officer_client, plan):
    item = AgendaItemFactory(meeting=MeetingFactory(agenda_issued_on=None))
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26), agenda_item=item)
    assert Client().get(snap.get_absolute_url()).status_code == 404
    assert Client().get(f"/action-plans/{plan.pk}/snapshots/{snap.pk}/report.pdf").status_code == 404
    assert "26 June 2018" not in Client().get(plan.get_absolute_url()).content.decode()
    assert officer_client.get(snap.get_absolute_url()).status_code == 200


def test_snapshot_on_exempt_item_is_for_those_who_may_see_exempt_papers(councillor_client, plan):
    item = AgendaItemFactory(exempt=True, exempt_paragraph=3)
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26), agenda_item=item)
    assert Client().get(snap.get_absolute_url()).status_code == 404
    assert councillor_client.get(snap.get_absolute_url()).status_code == 200
    assert list(Snapshot.objects.visible_to(None)) == []


def test_snapshot_on_open_item_of_published_meeting_is_public(client, plan):
    item = AgendaItemFactory(title="Post Inspection Action Plan - Progress Report")
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 10, 2), agenda_item=item)
    body = client.get(snap.get_absolute_url()).content.decode()
    assert "Considered at" in body and "Post Inspection Action Plan - Progress Report" in body
    assert list(item.action_plan_snapshots.all()) == [snap]


def test_snapshot_of_unpublished_plan_is_404_for_public(plan):
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    plan.published = False
    plan.save()
    assert Client().get(snap.get_absolute_url()).status_code == 404


def test_printable_snapshot_is_landscape_with_legend_and_makes_a_pdf(client, plan):
    snap = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    html = snapshot_print_html(snap)
    assert 'class="print-snapshot"' in html  # the print scaffold's landscape snapshot page
    assert "RED" in html and "Tasks or outcomes not met" in html and "SHADED" in html
    assert "R1.1" in html and "Slipped." in html
    response = client.get(f"/action-plans/{plan.pk}/snapshots/{snap.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert "R1.1" in page.extract_text()
    assert "Report as at 26 June 2018" in page.extract_text() and "Page 1 of" in page.extract_text()


def test_admin_snapshot_create_and_attach(admin_client_user, client, plan):
    client.force_login(admin_client_user)
    item = AgendaItemFactory()
    response = client.post(
        "/admin/actionplans/snapshot/add/",
        {"plan": plan.pk, "as_at": "2018-06-26", "title": "", "agenda_item": item.pk},
    )
    assert response.status_code == 302
    snap = Snapshot.objects.get()
    assert snap.agenda_item == item and snap.counts["red"] == 1 and snap.counts["grey"] == 1
    assert client.get(f"/admin/actionplans/snapshot/{snap.pk}/change/").status_code == 200
    taken = client.post("/admin/actionplans/actionplan/", {"action": "take_snapshot", "_selected_action": [plan.pk]})
    assert taken.status_code == 302 and Snapshot.objects.count() == 2


def test_agenda_item_panel_lists_only_visible_snapshots(councillor_user, plan):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from meetings import panels

    item = AgendaItemFactory(exempt=True, exempt_paragraph=3)
    services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26), agenda_item=item)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert "report as at 26 June 2018" not in panels.render_items([item], request)[item.pk]
    request.user = councillor_user
    assert "report as at 26 June 2018" in panels.render_items([item], request)[item.pk]


def test_sitemap_sections_hold_only_public_pages(plan):
    from actionplans.sitemaps import ActionPlanSitemap, SnapshotSitemap

    public = services.snapshot_create(plan=plan, as_at=datetime.date(2018, 6, 26))
    services.snapshot_create(
        plan=plan,
        as_at=datetime.date(2018, 7, 1),
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(agenda_issued_on=None)),
    )
    assert list(ActionPlanSitemap().items()) == [plan]
    assert list(SnapshotSitemap().items()) == [public]
