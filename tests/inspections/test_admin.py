"""Officers manage the register in the admin; a new framework needs no code."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Framework, Inspection, InspectionRecommendation, Provider, Trust

from .factories import ProviderFactory, TrustFactory, framework, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    school = ProviderFactory(kind=Provider.Kind.ACADEMY, trust=TrustFactory())
    inspection = record(school, "schools-eif-2019", grades={"overall": "Good"}, recommendations=["Improve."])
    return inspection


@pytest.mark.parametrize("model", [Provider, Trust, Framework, Inspection, InspectionRecommendation])
def test_changelists_and_change_forms_open(admin_client, data, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == 200


def test_inspection_changelist_shows_overall_badge(admin_client, data):
    html = admin_client.get(reverse("admin:inspections_inspection_changelist")).content.decode()
    assert '<strong class="scrutiny-badge scrutiny-badge--blue">Good</strong>' in html


def test_officer_adds_a_framework_with_areas_and_scale(admin_client):
    response = admin_client.post(
        reverse("admin:inspections_framework_add"),
        {
            "name": "Children's homes: social care common inspection framework",
            "short_name": "Children's homes, SCCIF",
            "slug": "childrens-homes-sccif",
            "scope": "other",
            "in_force_from": "2017-04-01",
            "description": "",
            "areas-TOTAL_FORMS": "2",
            "areas-INITIAL_FORMS": "0",
            "areas-0-order": "1",
            "areas-0-name": "Overall experiences and progress of children and young people",
            "areas-0-code": "overall",
            "areas-0-is_overall": "on",
            "areas-1-order": "2",
            "areas-1-name": "How well children and young people are helped and protected",
            "areas-1-code": "protected",
            "grades-TOTAL_FORMS": "2",
            "grades-INITIAL_FORMS": "0",
            "grades-0-rank": "1",
            "grades-0-label": "Outstanding",
            "grades-0-is_good_or_better": "on",
            "grades-1-rank": "2",
            "grades-1-label": "Inadequate",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Framework.objects.get(slug="childrens-homes-sccif")
    assert new.areas.count() == 2 and new.grades.count() == 2
    home = ProviderFactory(urn="SC123456", kind=Provider.Kind.CHILDRENS_HOME, phase="")
    inspection = record(home, "childrens-homes-sccif", grades={"overall": "Outstanding"})
    assert inspection.overall_grade.label == "Outstanding"


def test_admin_refuses_a_grade_from_another_framework(admin_client):
    school = ProviderFactory()
    eif, report_card = framework("schools-eif-2019"), framework("schools-report-card-2025")
    response = admin_client.post(
        reverse("admin:inspections_inspection_add"),
        {
            "provider": school.pk,
            "framework": eif.pk,
            "kind": "graded",
            "start_date": "2024-03-05",
            "end_date": "",
            "published_on": "2024-04-01",
            "safeguarding": "met",
            "summary": "",
            "report_url": "",
            "grades-TOTAL_FORMS": "1",
            "grades-INITIAL_FORMS": "0",
            "grades-0-area": eif.areas.get(code="overall").pk,
            "grades-0-grade": report_card.grades.get(rank=1).pk,
            "recommendations-TOTAL_FORMS": "0",
            "recommendations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "is not on the grade scale of the Education inspection framework" in response.content.decode()
    assert not Inspection.objects.exists()


def test_admin_saves_grades_and_sets_overall(admin_client):
    school = ProviderFactory()
    eif = framework("schools-eif-2019")
    response = admin_client.post(
        reverse("admin:inspections_inspection_add"),
        {
            "provider": school.pk,
            "framework": eif.pk,
            "kind": "graded",
            "start_date": "2024-03-05",
            "end_date": "",
            "published_on": "2024-04-01",
            "safeguarding": "met",
            "summary": "",
            "report_url": "",
            "grades-TOTAL_FORMS": "1",
            "grades-INITIAL_FORMS": "0",
            "grades-0-area": eif.areas.get(code="overall").pk,
            "grades-0-grade": eif.grades.get(rank=2).pk,
            "recommendations-TOTAL_FORMS": "0",
            "recommendations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get().overall_grade.label == "Good"
    assert datetime.date(2024, 3, 5) == Inspection.objects.get().start_date
