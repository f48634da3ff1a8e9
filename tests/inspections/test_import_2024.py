"""Ofsted's management information as published since September 2024: every real shape imports.

Graded inspections without an overall grade ("Not judged"), ungraded inspections with an outcome
in words, report cards, categories of concern, previous inspections, early years outcomes, and
the values that mean "no grade". Refusals still name row and column and store nothing.
"""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections import services
from inspections.models import Inspection, InspectionGrade, Provider, Trust

from .factories import EarlyYearsFactory, ProviderFactory, record

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "inspections" / "sample_data"
SCHOOLS = SAMPLES / "ofsted-state-funded-schools-2026-sample.csv"
EARLY_YEARS = SAMPLES / "ofsted-early-years-2026-sample.csv"
NO_GRADE_VALUES = ["Not judged", "NULL", "9", "", "Not applicable", "Does not apply"]


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_ofsted", str(path), *args, "--no-progress", stdout=out)
    return out.getvalue()


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def sample_header(path=SCHOOLS) -> list[str]:
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    return next(row for row in rows if "URN" in row or "Provider URN" in row)


def full_layout_file(tmp_path, rows: list[dict], name="current.csv") -> Path:
    """A file in the current state-funded schools layout (title rows, every column), NULL where not given."""
    header = sample_header()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["State-funded schools inspections and outcomes as at 31 March 2026"])
    writer.writerow([])
    writer.writerow(header)
    for number, values in enumerate(rows):
        cells = dict.fromkeys(header, "NULL")
        cells.update(
            {
                "URN": str(906001 + number),
                "School name": f"Test School {number}",
                "Ofsted phase": "Primary",
                "Type of education": "Community school",
                "Local authority": "Manchester",
            }
        )
        cells.update(values)
        writer.writerow([cells[h] for h in header])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


GRADED_2024 = {
    "Inspection number of latest graded inspection": "10340001",
    "Inspection type": "Graded inspection",
    "Inspection start date of latest graded inspection": "02/10/2024",
    "Publication date of latest graded inspection": "15/11/2024",
    "Overall effectiveness": "Not judged",
    "Quality of education": "2",
    "Behaviour and attitudes": "2",
    "Personal development": "1",
    "Effectiveness of leadership and management": "2",
    "Safeguarding is effective?": "Yes",
}


def grades_of(inspection) -> dict[str, str]:
    return {g.area.code: g.grade.label for g in inspection.grades.select_related("area", "grade")}


# 1. The current state-funded schools file, every shape, exact summary, idempotent.


def test_current_schools_file_imports_every_shape_with_the_exact_summary():
    header = sample_header()
    assert len(header) >= 45 and header[:2] == ["Web link (opens in new window)", "URN"]
    out = run(SCHOOLS)
    assert last_line(out) == "Imported: 11 providers created, 0 updated, 21 inspections created, 0 unchanged"

    not_judged = Inspection.objects.get(provider__urn="905002", start_date=datetime.date(2024, 10, 2))
    assert (not_judged.kind, not_judged.framework.slug, not_judged.overall_grade) == (
        "graded",
        "schools-eif-2019",
        None,
    )
    assert grades_of(not_judged) == {
        "quality": "Requires improvement",
        "behaviour": "Good",
        "personal": "Good",
        "leadership": "Requires improvement",
        "sixth-form": "Requires improvement",
    }
    assert not_judged.overall_not_judged and not_judged.safeguarding == "met"
    assert not_judged.inspection_number == "10340102"

    ungraded = Inspection.objects.get(provider__urn="905004", kind="ungraded")
    assert (ungraded.start_date, ungraded.published_on, ungraded.outcome) == (
        datetime.date(2025, 1, 23),
        datetime.date(2025, 2, 27),
        "School remains Good",
    )
    assert not ungraded.grades.exists() and not ungraded.overall_not_judged

    report_card = Inspection.objects.get(provider__urn="905010", kind="report_card")
    assert report_card.framework.slug == "schools-report-card-2025"
    assert grades_of(report_card)["inclusion"] == "Needs attention"
    assert report_card.safeguarding == "not_met"

    special_measures = Inspection.objects.get(provider__urn="905003", start_date=datetime.date(2025, 3, 4))
    assert special_measures.category_of_concern == "special_measures"
    assert special_measures.safeguarding == "not_met"
    assert Inspection.objects.get(provider__urn="905008").category_of_concern == "serious_weaknesses"

    # previous graded inspections belong to the history, each under its own framework and words
    didsbury = {i.start_date.year: i for i in Inspection.objects.filter(provider__urn="905005")}
    assert sorted(didsbury) == [2008, 2014, 2025]
    assert (didsbury[2008].framework.slug, didsbury[2008].overall_grade.label) == ("schools-2005", "Good")
    assert (didsbury[2014].framework.slug, didsbury[2014].overall_grade.label) == ("schools-2012", "Outstanding")
    assert didsbury[2025].outcome == "School remains Outstanding/Concerns - graded inspection next"

    # an ungraded inspection that converted to a graded one is stored once, as the graded one
    beswick = Provider.objects.get(urn="905007")
    assert (beswick.kind, beswick.phase) == ("school", "nursery")
    assert list(beswick.inspections.order_by("start_date").values_list("kind", flat=True)) == ["graded", "graded"]
    # a new academy shows its predecessor's inspection: it is kept as the predecessor's, never the academy's
    academy = Provider.objects.get(urn="905009")
    assert not academy.inspections.exists()
    predecessor = academy.predecessor
    assert (predecessor.urn, predecessor.name, predecessor.kind) == ("105509", "Cheetham Hill High School", "school")
    inherited = predecessor.inspections.get()
    assert (inherited.overall_grade.label, inherited.category_of_concern) == ("Inadequate", "special_measures")


def test_reimporting_the_current_schools_file_changes_nothing():
    run(SCHOOLS)
    before = list(Inspection.objects.order_by("pk").values_list("pk", "updated_at"))
    grades = list(InspectionGrade.objects.order_by("pk").values_list("pk", "grade_id"))
    providers = list(Provider.objects.order_by("pk").values_list("pk", "updated_at"))
    assert last_line(run(SCHOOLS)) == "Imported: 0 providers created, 0 updated, 0 inspections created, 21 unchanged"
    assert list(Inspection.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert list(InspectionGrade.objects.order_by("pk").values_list("pk", "grade_id")) == grades
    assert list(Provider.objects.order_by("pk").values_list("pk", "updated_at")) == providers


def test_next_months_file_moves_the_latest_to_previous_without_losing_its_judgements(tmp_path):
    """The previous-inspection columns carry only the overall grade: the key judgements stored
    from an earlier file stay."""
    first = {
        **GRADED_2024,
        "Inspection start date of latest graded inspection": "08/02/2022",
        "Publication date of latest graded inspection": "16/03/2022",
        "Overall effectiveness": "2",
    }
    run(full_layout_file(tmp_path, [first], "march.csv"))
    later = {
        **GRADED_2024,
        "Inspection number of latest graded inspection": "10340002",
        "Previous graded inspection number": "10340001",
        "Previous inspection start date": "08/02/2022",
        "Previous publication date": "16/03/2022",
        "Previous graded inspection overall effectiveness": "2",
    }
    out = run(full_layout_file(tmp_path, [later], "april.csv"))
    assert last_line(out) == "Imported: 0 providers created, 0 updated, 1 inspections created, 1 unchanged"
    old = Inspection.objects.get(start_date=datetime.date(2022, 2, 8))
    assert grades_of(old) == {
        "overall": "Good",
        "quality": "Good",
        "behaviour": "Good",
        "personal": "Outstanding",
        "leadership": "Good",
    }


# 2. "Not judged" and the other no-grade values: no grade stored, "Not judged" shown, summaries honest.


@pytest.mark.parametrize("value", NO_GRADE_VALUES)
def test_no_grade_values_store_no_grade_in_any_grade_column(tmp_path, value):
    row = {
        **GRADED_2024,
        "Overall effectiveness": value,
        "Early years provision (where applicable)": value,
        "Previous inspection start date": "14/06/2022",
        "Previous publication date": "20/07/2022",
        "Previous graded inspection overall effectiveness": value,
        "Report card inspection start date": "20/01/2026",
        "Report card publication date": "03/03/2026",
        "Inclusion": value,
        "Achievement": "Strong standard",
        "Safeguarding standards met?": "Met",
    }
    out = run(full_layout_file(tmp_path, [row]))
    assert last_line(out) == "Imported: 1 providers created, 0 updated, 3 inspections created, 0 unchanged"
    graded = Inspection.objects.get(start_date=datetime.date(2024, 10, 2))
    assert graded.overall_grade is None and graded.overall_not_judged
    assert set(grades_of(graded)) == {"quality", "behaviour", "personal", "leadership"}
    previous = Inspection.objects.get(start_date=datetime.date(2022, 6, 14))
    assert previous.overall_grade is None and not previous.grades.exists()
    report_card = Inspection.objects.get(kind="report_card")
    assert grades_of(report_card) == {"achievement": "Strong standard"}


def test_not_judged_in_a_later_file_removes_the_grade_it_had(tmp_path):
    run(full_layout_file(tmp_path, [{**GRADED_2024, "Overall effectiveness": "2"}], "first.csv"))
    out = run(full_layout_file(tmp_path, [GRADED_2024], "corrected.csv"))
    assert last_line(out) == "Imported: 0 providers created, 1 updated, 0 inspections created, 0 unchanged"
    inspection = Inspection.objects.get()
    assert inspection.overall_grade is None
    assert not inspection.grades.filter(area__is_overall=True).exists()


def test_provider_page_shows_not_judged_in_the_overall_column(client):
    run(SCHOOLS)
    response = client.get(reverse("inspections:provider-detail", kwargs={"urn": "905002"}))
    assert response.status_code == 200
    eif = next(g for g in response.context["history"] if g["framework"].slug == "schools-eif-2019")
    assert eif["areas"][0].name == "Overall effectiveness"
    latest = eif["inspections"][0]
    assert latest.grade_cells[0].not_judged and latest.grade_cells[0].grade is None
    html = response.content.decode()
    table = html.split("Education inspection framework: schools")[1]
    row = table.split("2 October 2024")[1].split("</tr>")[0]
    assert row.count("Not judged") == 1
    assert "Requires improvement" in row


def test_inspection_page_shows_overall_effectiveness_not_judged(client):
    run(SCHOOLS)
    inspection = Inspection.objects.get(provider__urn="905002", start_date=datetime.date(2024, 10, 2))
    html = client.get(inspection.get_absolute_url()).content.decode()
    grades = html.split('id="grades"')[1]
    assert "Overall effectiveness</th>" in grades and "Not judged" in grades
    assert "Ofsted inspection number" in html and "10340102" in html


def test_register_shows_not_judged_for_the_latest_inspection(client):
    run(SCHOOLS)
    response = client.get(reverse("inspections:register"), {"q": "905002"})
    html = response.content.decode()
    result = html.split('id="providers"')[1]
    assert "Overall effectiveness:</span>" in result and "Not judged" in result
    assert "Quality of education: Requires improvement" in result


@pytest.fixture
def schools_2024():
    """Four maintained schools: judged Good; Good then not judged; not judged only; Good then ungraded."""
    judged = ProviderFactory(name="Judged Good School")
    record(judged, start=datetime.date(2023, 11, 14), grades={"overall": "Good"})
    regraded = ProviderFactory(name="Was Good School")
    record(regraded, start=datetime.date(2021, 5, 4), grades={"overall": "Good"})
    record(regraded, start=datetime.date(2024, 10, 2), grades={"quality": "Requires improvement"})
    first = ProviderFactory(name="First Graded 2025 School")
    record(first, start=datetime.date(2025, 3, 4), grades={"quality": "Good"})
    ungraded = ProviderFactory(name="Remains Good School")
    record(ungraded, start=datetime.date(2022, 2, 8), grades={"overall": "Good"})
    record(ungraded, start=datetime.date(2025, 1, 23), kind="ungraded", grades={}, outcome="School remains Good")


def test_good_or_outstanding_counts_only_inspections_with_that_judgement(client, schools_2024):
    response = client.get(reverse("inspections:register"))
    [summary] = [s for s in response.context["good_summaries"] if s["kind"] == "school"]
    assert (summary["good"], summary["total"], summary["not_judged"]) == (2, 2, 2)
    html = response.content.decode()
    assert (
        '<span class="scrutiny-stat">2 of 2</span> maintained schools good or outstanding at their latest '
        'graded inspection (100%); a further <span class="scrutiny-stat">2</span> not judged for overall '
        "effectiveness"
    ) in html
    chart = next(c for c in response.context["legacy_charts"] if "education inspection framework" in c.title)
    assert dict((label, count) for label, count, _ in chart.bars)["Good"] == 2


def test_summary_when_no_latest_inspection_has_an_overall_grade(client):
    record(ProviderFactory(), start=datetime.date(2025, 3, 4), grades={"quality": "Good"})
    response = client.get(reverse("inspections:register"))
    assert response.status_code == 200
    assert (
        "No maintained schools with an overall effectiveness grade at their latest graded inspection: "
        '<span class="scrutiny-stat">1</span> not judged'
    ) in response.content.decode()


# 3. Ungraded outcomes and categories of concern: kept, shown on the provider page and in the API.


def test_provider_page_shows_ungraded_outcome_and_category_of_concern(client):
    run(SCHOOLS)
    moston = client.get(reverse("inspections:provider-detail", kwargs={"urn": "905004"})).content.decode()
    assert "Outcome: School remains Good" in moston
    gorton = client.get(reverse("inspections:provider-detail", kwargs={"urn": "905003"})).content.decode()
    summary = " ".join(gorton.split('id="history"')[0].split())
    assert "Category of concern</dt>" in summary and "Special measures</strong> since the" in summary
    assert "graded inspection of 4 March 2025" in summary
    assert "Special measures" in gorton.split('id="history"')[1]


def test_a_later_judging_inspection_ends_the_category_of_concern(client):
    school = ProviderFactory()
    record(
        school,
        start=datetime.date(2023, 4, 18),
        grades={"overall": "Inadequate"},
        category_of_concern="serious_weaknesses",
    )
    record(
        school,
        start=datetime.date(2026, 1, 20),
        kind="report_card",
        slug="schools-report-card-2025",
        grades={"inclusion": "Expected standard"},
    )
    html = client.get(school.get_absolute_url()).content.decode()
    assert "Category of concern</dt>" not in html
    assert "Serious weaknesses" in html  # still in the history of the 2023 inspection


def test_api_carries_outcome_category_and_not_judged(client):
    run(SCHOOLS)
    ungraded = Inspection.objects.get(provider__urn="905004", kind="ungraded")
    data = client.get(f"/api/inspections/{ungraded.pk}/").json()
    assert (data["kind"], data["outcome"], data["overallGrade"], data["overallNotJudged"]) == (
        "ungraded",
        "School remains Good",
        None,
        False,
    )
    concern = Inspection.objects.get(provider__urn="905003", start_date=datetime.date(2025, 3, 4))
    data = client.get(f"/api/inspections/{concern.pk}/").json()
    assert (data["categoryOfConcern"], data["overallGrade"], data["overallNotJudged"]) == (
        "special_measures",
        None,
        True,
    )
    assert data["inspectionNumber"] == "10350103"
    assert {"area": "Quality of education", "grade": "Inadequate"} in data["grades"]


def test_outcome_text_is_escaped_on_every_page(client):
    school = ProviderFactory()
    record(school, start=datetime.date(2025, 1, 23), kind="ungraded", grades={}, outcome="<script>alert(1)</script>")
    for url in (
        school.get_absolute_url(),
        reverse("inspections:register"),
        Inspection.objects.get().get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()


# 4. The early years file's current layout.


def test_current_early_years_file_imports_with_its_own_no_grade_values():
    out = run(EARLY_YEARS)
    assert last_line(out) == "Imported: 7 providers created, 0 updated, 12 inspections created, 0 unchanged"
    met = Inspection.objects.get(provider__urn="EY905102", start_date=datetime.date(2024, 9, 18))
    assert (met.outcome, met.overall_grade, met.grades.count()) == ("Met", None, 0)
    actions = Inspection.objects.get(provider__urn="EY905103")
    assert (actions.outcome, actions.grades.count()) == ("Not met with actions", 0)
    report_card = Inspection.objects.get(provider__urn="EY905105", kind="report_card")
    assert report_card.framework.slug == "early-years-report-card-2025"
    assert grades_of(report_card)["welfare"] == "Strong standard" and report_card.safeguarding == "met"
    childminder = Provider.objects.get(urn="309876")
    assert (childminder.kind, childminder.name, childminder.postcode) == ("childminder", "REDACTED", "")
    assert [i.overall_grade.label for i in childminder.inspections.order_by("start_date")] == ["Good", "Satisfactory"]
    assert not Provider.objects.get(urn="EY905107").inspections.exists()
    again = run(EARLY_YEARS)
    assert last_line(again) == "Imported: 0 providers created, 0 updated, 0 inspections created, 12 unchanged"


def test_early_years_outcome_is_shown_and_counted_as_not_judged(client):
    run(EARLY_YEARS)
    html = client.get(reverse("inspections:provider-detail", kwargs={"urn": "EY905102"})).content.decode()
    assert "Outcome: Met" in html and "Not judged" in html
    summary = next(
        s for s in client.get(reverse("inspections:register")).context["good_summaries"] if s["kind"] == "early_years"
    )
    assert summary["not_judged"] == 2  # "Met" and "Not met with actions"


# 5. Every other refusal names row and column and stores nothing.


def test_refusals_in_the_current_layout_name_row_and_column_and_store_nothing(tmp_path):
    rows = [
        GRADED_2024,
        {
            **GRADED_2024,
            "Previous inspection start date": "14/06/2022",
            "Previous graded inspection overall effectiveness": "7",
        },
        {**GRADED_2024, "Category of concern": "Under review"},
        {
            "Date of latest ungraded inspection": "31/02/2025",
            "Ungraded inspection overall outcome": "School remains Good",
        },
        {"Report card inspection start date": "20/01/2026", "Inclusion": "Good"},
        {**GRADED_2024, "Safeguarding is effective?": "Maybe"},
        {"Report card inspection start date": "02/10/2024", "Inclusion": "Expected standard"},
        {"Quality of education": "2"},
        {**GRADED_2024, "Publication date of latest graded inspection": "01/09/2024"},
        {"Type of education": "Boarding house"},
        {**GRADED_2024, "Does the latest graded inspection relate to the URN of the current school?": "No"},
    ]
    with pytest.raises(CommandError) as exc:
        run(full_layout_file(tmp_path, rows))
    message = str(exc.value)
    assert "Nothing was imported: 10 problems found." in message
    assert "Row 5, column “Previous graded inspection overall effectiveness”: “7” is not on the grade scale" in message
    assert "Row 6, column “Category of concern”: “Under review” is not a category of concern" in message
    assert "Row 7, column “Date of latest ungraded inspection”: “31/02/2025” is not a date" in message
    assert "Row 8, column “Inclusion”: “Good” is not on the grade scale of the Report card" in message
    assert "Row 9, column “Safeguarding is effective?”: “Maybe” is not Yes or No" in message
    assert (
        "Row 10, column “Report card inspection start date”: 2 October 2024 is before report card inspections began"
    ) in message
    assert (
        "Row 11, column “Inspection start date of latest graded inspection”: the latest graded inspection has "
        "results but no start date."
    ) in message
    assert (
        "Row 12, column “Publication date of latest graded inspection”: The report cannot be published before "
        "the inspection starts."
    ) in message
    assert "Row 13, column “Type of education”: “Boarding house” is not a provider type" in message
    assert (
        "Row 14, column “URN at time of latest graded inspection”: the latest graded inspection is of another "
        "school, but its URN is missing."
    ) in message
    assert not Provider.objects.exists() and not Inspection.objects.exists() and not Trust.objects.exists()


def test_a_file_with_a_problem_writes_nothing_at_all(tmp_path):
    """The import parses every row before it stores any: a problem in the last row means no write."""
    path = full_layout_file(tmp_path, [GRADED_2024, GRADED_2024, {**GRADED_2024, "Overall effectiveness": "Good-ish"}])
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError, match="Row 6, column “Overall"):
        run(path)
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_a_problem_found_while_storing_names_its_column_and_rolls_back_every_row(tmp_path):
    header = "URN,School name,Ofsted phase,Type of education,Academy trust,Inspection start date,"
    header += "Overall effectiveness\n"
    path = tmp_path / "trusts.csv"
    path.write_text(
        header + "123456,Fine Academy,Primary,Academy converter,Fine Trust,05/03/2024,2\n"
        f"123457,Long Trust Academy,Primary,Academy converter,{'T' * 250},05/03/2024,2\n"
    )
    with pytest.raises(CommandError) as exc:
        run(path)
    assert "Row 3, column “Academy trust”: Ensure this value has at most 200 characters" in str(exc.value)
    assert not Provider.objects.exists() and not Trust.objects.exists()


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"PK\x03\x04\x14\x00\x06\x00binary workbook", "Row 1: this is a spreadsheet workbook, not a CSV file"),
        (b"URN,School name\n\x81\x8d\x8f\x90\x9d\n", "Row 1: the file is not text in UTF-8 or Windows-1252"),
        (
            b'URN,School name,Inspection start date\n123456,"' + b"x" * 200_000 + b'",05/03/2024\n',
            "the file cannot be read as CSV",
        ),
        (b"", "Row 1: no header row found"),
        (b"URN,Inspection start date\n123456,05/03/2024\n", "Row 1: the file has no column “School name”"),
    ],
)
def test_unreadable_files_are_refused_without_a_traceback(tmp_path, content, problem):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as exc:
        run(path)
    assert problem in str(exc.value)
    assert not Provider.objects.exists()


# The services the importer writes through.


def test_provider_upsert_creates_updates_and_keeps_what_it_is_not_given():
    provider, status = services.provider_upsert(
        urn="123456", name="Old Name Academy", kind="academy", phase="primary", trust_name="Oak Trust", ward="Moston"
    )
    assert status == "created" and provider.trust.name == "Oak Trust"
    provider, status = services.provider_upsert(urn="123456", name="Old Name Academy", kind="academy", phase="primary")
    assert status == "unchanged" and provider.ward == "Moston" and provider.trust.name == "Oak Trust"
    provider, status = services.provider_upsert(
        urn="123456", name="New Name Academy", kind="academy", phase="primary", trust_name=""
    )
    assert status == "updated" and provider.trust is None and provider.name == "New Name Academy"


def test_trusts_whose_names_share_a_slug_both_import():
    first = services.trust_get_or_create(name="St. Mary's Trust")
    second = services.trust_get_or_create(name="St Mary's Trust")
    assert first.pk != second.pk and first.slug != second.slug


def test_pages_with_2024_shapes_keep_bounded_queries(client, django_assert_max_num_queries):
    for n in range(30):
        school = ProviderFactory() if n % 3 else EarlyYearsFactory()
        slug = "schools-eif-2019" if n % 3 else "early-years-2015"
        record(school, slug, start=datetime.date(2021, 5, 4), grades={"overall": "Good"})
        record(
            school,
            slug,
            start=datetime.date(2024, 10, 2),
            grades={"leadership": "Good"},
            category_of_concern="" if n % 3 == 0 else "serious_weaknesses",
        )
        record(school, slug, start=datetime.date(2025, 1, 23), kind="ungraded", grades={}, outcome="Remains Good")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("inspections:register")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(school.get_absolute_url()).status_code == 200
