"""Frameworks are data: areas and scales per framework, and grades outside them are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inspections import services
from inspections.models import Framework, InspectionGrade, Provider

from .factories import ProviderFactory, framework, record

pytestmark = pytest.mark.django_db


def labels(slug):
    return list(framework(slug).grades.order_by("rank").values_list("label", flat=True))


def test_frameworks_are_loaded_with_their_scales_and_areas():
    assert labels("schools-cif-2015") == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert labels("schools-report-card-2025") == [
        "Exceptional",
        "Strong standard",
        "Expected standard",
        "Needs attention",
        "Urgent improvement",
    ]
    assert labels("ilacs-2018")[2] == "Requires improvement to be good"
    report_card = framework("schools-report-card-2025")
    assert report_card.in_force_from == datetime.date(2025, 11, 10)
    assert report_card.judges_safeguarding
    assert not report_card.areas.filter(is_overall=True).exists()
    assert set(report_card.areas.values_list("name", flat=True)) >= {
        "Inclusion",
        "Curriculum and teaching",
        "Achievement",
        "Attendance and behaviour",
        "Personal development and well-being",
        "Leadership and governance",
    }
    ilacs_areas = list(framework("ilacs-2018").areas.values_list("name", flat=True))
    assert ilacs_areas[0] == "Overall effectiveness"
    assert "The experiences and progress of care leavers" in ilacs_areas
    # graded (2008, 2013, 2015) and report card; before 2012/2013 grade 3 was Satisfactory
    assert Framework.objects.filter(scope="early_years").count() == 4
    assert labels("schools-2005")[2] == "Satisfactory"
    assert labels("schools-2012")[2] == "Requires improvement"
    assert labels("early-years-2008")[2] == "Satisfactory"


def test_legacy_grade_is_refused_under_report_card():
    school = ProviderFactory()
    with pytest.raises(ValidationError) as exc:
        record(school, "schools-report-card-2025", start=datetime.date(2026, 1, 12), grades={"inclusion": "Good"})
    assert "“Good” is not on the grade scale" in str(exc.value)
    assert not school.inspections.exists()


def test_area_of_another_framework_is_refused():
    school = ProviderFactory()
    with pytest.raises(ValidationError) as exc:
        record(
            school,
            "schools-report-card-2025",
            start=datetime.date(2026, 1, 12),
            grades={"Overall effectiveness": "Exceptional"},
        )
    assert "“Overall effectiveness” is not an area of the Report card" in str(exc.value)
    assert not school.inspections.exists()


def test_report_card_grade_is_refused_under_legacy_framework():
    school = ProviderFactory()
    with pytest.raises(ValidationError, match="“Strong standard” is not on the grade scale"):
        record(school, "schools-eif-2019", grades={"overall": "Strong standard"})


def test_ilacs_uses_its_own_wording():
    council = ProviderFactory(urn="80447", kind=Provider.Kind.LA_CHILDRENS_SERVICES, phase="")
    inspection = record(
        council, "ilacs-2018", kind="ilacs_standard", grades={"overall": "Requires improvement to be good"}
    )
    assert inspection.overall_grade.label == "Requires improvement to be good"
    with pytest.raises(ValidationError, match="“Requires improvement” is not on the grade scale"):
        record(
            council,
            "ilacs-2018",
            kind="ilacs_standard",
            start=datetime.date(2023, 1, 9),
            grades={"overall": "Requires improvement"},
        )


def test_grade_row_from_another_framework_is_refused_by_the_model():
    school = ProviderFactory()
    inspection = record(school, "schools-eif-2019", grades={"overall": "Good"})
    report_card = framework("schools-report-card-2025")
    row = InspectionGrade(
        inspection=inspection,
        area=report_card.areas.get(code="inclusion"),
        grade=report_card.grades.get(rank=1),
    )
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert set(exc.value.message_dict) == {"area", "grade"}


def test_safeguarding_refused_where_framework_does_not_judge_it():
    nursery = ProviderFactory(urn="EY400001", kind=Provider.Kind.EARLY_YEARS, phase="")
    with pytest.raises(ValidationError) as exc:
        record(nursery, "early-years-2015", grades={"overall": "Good"}, safeguarding="met")
    assert "safeguarding" in exc.value.message_dict


def test_report_card_records_each_area_and_safeguarding():
    school = ProviderFactory()
    inspection = record(
        school,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 12),
        grades={"inclusion": "Exceptional", "Achievement": "Needs attention"},
        safeguarding="not_met",
    )
    grades = {g.area.name: g.grade.label for g in inspection.grades.select_related("area", "grade")}
    assert grades == {"Inclusion": "Exceptional", "Achievement": "Needs attention"}
    assert inspection.overall_grade is None
    assert inspection.get_safeguarding_display() == "Not met"


@pytest.mark.parametrize("urn", ["12", "ABC123", "EY12", "1234567890", "EY1234567X"])
def test_invalid_urn_is_refused(urn):
    provider = Provider(urn=urn, name="Bad", kind=Provider.Kind.SCHOOL, phase="primary")
    with pytest.raises(ValidationError) as exc:
        provider.full_clean()
    assert "urn" in exc.value.message_dict


def test_school_needs_phase_and_only_academies_have_trusts():
    from .factories import TrustFactory

    provider = Provider(urn="123456", name="No phase", kind=Provider.Kind.SCHOOL)
    with pytest.raises(ValidationError) as exc:
        provider.full_clean()
    assert "phase" in exc.value.message_dict
    provider.phase = "primary"
    provider.trust = TrustFactory()
    with pytest.raises(ValidationError) as exc:
        provider.full_clean()
    assert "trust" in exc.value.message_dict
    provider.kind = Provider.Kind.ACADEMY
    provider.full_clean()


def test_recording_twice_is_unchanged_and_keeps_recommendation_rows():
    council = ProviderFactory(urn="80447", kind=Provider.Kind.LA_CHILDRENS_SERVICES, phase="")
    fw = framework("ilacs-2018")
    args = dict(
        provider=council,
        framework=fw,
        kind="ilacs_standard",
        start_date=datetime.date(2019, 3, 4),
        grades={"overall": "Good"},
        recommendations=["First.", "Second."],
    )
    inspection, status = services.inspection_record(**args)
    assert status == "created"
    ids = list(inspection.recommendations.values_list("pk", flat=True))
    _, status = services.inspection_record(**args)
    assert status == "unchanged"
    _, status = services.inspection_record(**{**args, "recommendations": ["First.", "Second, amended."]})
    assert status == "updated"
    assert list(inspection.recommendations.values_list("pk", flat=True)) == ids
    assert inspection.recommendations.get(number=2).text == "Second, amended."
