"""Provider page: history by framework, predecessor, considered-at links, visibility, queries."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import Provider
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .factories import ProviderFactory, TrustFactory, record

pytestmark = pytest.mark.django_db


def page(client, provider):
    return client.get(reverse("inspections:provider-detail", kwargs={"urn": provider.urn}))


def test_old_and_new_frameworks_are_shown_separately_never_converted(client):
    school = ProviderFactory(name="Riverbank Primary School")
    record(
        school,
        "schools-eif-2019",
        start=datetime.date(2021, 5, 4),
        grades={"overall": "Good", "quality": "Good", "leadership": "Outstanding"},
        safeguarding="met",
    )
    record(
        school,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 20),
        grades={"inclusion": "Expected standard", "leadership": "Strong standard"},
        safeguarding="met",
    )
    response = page(client, school)
    history = response.context["history"]
    assert [g["framework"].slug for g in history] == ["schools-report-card-2025", "schools-eif-2019"]
    assert [a.name for a in history[0]["areas"]] == ["Inclusion", "Leadership and governance"]
    assert [a.name for a in history[1]["areas"]] == [
        "Overall effectiveness",
        "Quality of education",
        "Leadership and management",
    ]
    html = response.content.decode()
    assert "Report card: schools (from 10 November 2025)</h3>" in html
    assert "Education inspection framework: schools (September 2019 to November 2025)</h3>" in html
    report_card_table = html.split("Report card: schools")[1].split("Education inspection framework")[0]
    assert "Strong standard" in report_card_table and "Outstanding" not in report_card_table


def test_academy_shows_trust_and_keeps_predecessor_history_reachable(client):
    old = ProviderFactory(name="Newall Green High School (maintained)", phase="secondary", is_open=False)
    record(old, "schools-cif-2015", start=datetime.date(2016, 2, 2), grades={"overall": "Requires improvement"})
    academy = ProviderFactory(
        name="Newall Green High School",
        kind=Provider.Kind.ACADEMY,
        phase="secondary",
        trust=TrustFactory(name="Prospere Trust"),
        predecessor=old,
    )
    html = page(client, academy).content.decode()
    assert "Prospere Trust" in html
    assert f'href="{old.get_absolute_url()}"' in html
    assert "Before Newall Green High School: Newall Green High School (maintained)" in html
    assert "Requires improvement" in html
    old_html = page(client, old).content.decode()
    assert "Replaced by" in old_html and academy.get_absolute_url() in old_html
    assert "Closed" in old_html


def test_considered_at_shows_only_meetings_the_viewer_may_see(client, officer_user):
    school = ProviderFactory()
    inspection = record(school, "schools-eif-2019", grades={"overall": "Good"})
    published_item = AgendaItemFactory(
        title="Ofsted Inspections of Manchester Schools",
        meeting=MeetingFactory(start=datetime.datetime(2022, 6, 26, 10, tzinfo=datetime.UTC)),
    )
    draft_item = AgendaItemFactory(title="Secret draft item", meeting=MeetingFactory(agenda_issued_on=None))
    inspection.considered_at.add(published_item, draft_item)

    html = page(client, school).content.decode()
    assert "Ofsted Inspections of Manchester Schools" in html
    assert published_item.get_absolute_url() in html
    assert "Secret draft item" not in html
    detail = client.get(inspection.get_absolute_url()).content.decode()
    assert "Considered at" in detail and "Secret draft item" not in detail

    officer = Client()
    officer.force_login(officer_user)
    assert "Secret draft item" in page(officer, school).content.decode()


def test_unpublished_inspection_is_for_officers_only(client, officer_user):
    school = ProviderFactory()
    inspection = record(
        school,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 9),
        published=datetime.date(2099, 1, 1),
        grades={"inclusion": "Exceptional"},
    )
    assert "Exceptional" not in page(client, school).content.decode()
    assert client.get(inspection.get_absolute_url()).status_code == 404
    officer = Client()
    officer.force_login(officer_user)
    response = officer.get(inspection.get_absolute_url())
    assert response.status_code == 200
    assert "Not yet published by Ofsted" in response.content.decode()


def test_unknown_provider_is_404(client):
    assert client.get(reverse("inspections:provider-detail", kwargs={"urn": "999999"})).status_code == 404


def test_provider_page_queries_are_bounded(client, django_assert_max_num_queries):
    school = ProviderFactory(predecessor=ProviderFactory())
    for year in range(2000, 2025):
        inspection = record(
            school,
            "schools-eif-2019" if year >= 2019 else "schools-cif-2015",
            start=datetime.date(year, 3, 1),
            grades={"overall": "Good"},
            recommendations=["Improve reading.", "Improve attendance."],
        )
        inspection.considered_at.add(AgendaItemFactory(), AgendaItemFactory())
    with django_assert_max_num_queries(10):
        response = page(client, school)
    assert len(response.context["inspections"]) == 25


def test_inspection_page_lists_numbered_recommendations(client):
    council = ProviderFactory(
        urn="80447", name="Manchester children's services", kind=Provider.Kind.LA_CHILDRENS_SERVICES, phase=""
    )
    inspection = record(
        council,
        "sif-2013",
        kind="sif",
        start=datetime.date(2017, 11, 6),
        grades={"overall": "Requires improvement to be good"},
        recommendations=["Monitor and improve management oversight.", "Reduce caseloads."],
    )
    html = client.get(inspection.get_absolute_url()).content.decode()
    assert 'id="recommendation-2"' in html
    assert "Recommendation 2</strong><br>Reduce caseloads." in html
    assert "Requires improvement to be good" in html


def test_report_file_is_served_only_when_the_inspection_is_visible(client, officer_user, settings, tmp_path):
    from django.core.files.base import ContentFile

    from tests.pdfs import make_pdf

    settings.MEDIA_ROOT = tmp_path
    school = ProviderFactory()
    published = record(school, "schools-eif-2019", grades={"overall": "Good"})
    published.report_file.save("report.pdf", ContentFile(make_pdf(2)))
    embargoed = record(
        school, "schools-report-card-2025", start=datetime.date(2026, 1, 9), published=datetime.date(2099, 1, 1)
    )
    embargoed.report_file.save("report.pdf", ContentFile(make_pdf(2)))

    url = reverse("inspections:inspection-report", args=[published.pk])
    assert url in client.get(published.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("inspections:inspection-report", args=[embargoed.pk])).status_code == 404
    officer = Client()
    officer.force_login(officer_user)
    assert officer.get(reverse("inspections:inspection-report", args=[embargoed.pk])).status_code == 200
