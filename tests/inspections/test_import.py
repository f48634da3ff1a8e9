"""`manage.py import_ofsted`: header mapping, idempotency, errors with row and column, all or nothing."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from inspections.models import Inspection, Provider

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "inspections" / "sample_data"


def run(path, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_ofsted", str(path), *args, "--no-progress", stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="file.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_schools_file_imports_and_reimport_changes_nothing():
    out = run(SAMPLES / "ofsted-schools-sample.csv")
    assert out.strip().endswith("Imported: 5 providers created, 0 updated, 5 inspections created, 0 unchanged")
    brookside = Provider.objects.get(urn="900001")
    assert (brookside.name, brookside.kind, brookside.phase, brookside.ward) == (
        "Brookside Primary School",
        "school",
        "primary",
        "Moston",
    )
    inspection = brookside.inspections.get()
    assert inspection.start_date == datetime.date(2023, 11, 14)
    assert inspection.framework.slug == "schools-eif-2019"
    assert inspection.overall_grade.label == "Good"
    assert inspection.grades.get(area__code="personal").grade.label == "Outstanding"
    assert inspection.safeguarding == "met"
    assert Provider.objects.get(urn="900002").kind == "academy"
    # 2019 inspection falls under the earlier framework
    assert Inspection.objects.get(provider__urn="900005").framework.slug == "schools-cif-2015"
    before = list(Inspection.objects.values_list("pk", "updated_at"))

    again = run(SAMPLES / "ofsted-schools-sample.csv")
    assert again.strip().endswith("Imported: 0 providers created, 0 updated, 0 inspections created, 5 unchanged")
    assert list(Inspection.objects.values_list("pk", "updated_at")) == before


def test_sample_early_years_file():
    out = run(SAMPLES / "ofsted-early-years-sample.csv")
    assert "Imported: 3 providers created, 0 updated, 4 inspections created, 0 unchanged" in out
    sunflower = Provider.objects.get(urn="EY900002")
    assert sunflower.kind == "early_years"
    assert [i.overall_grade.label for i in sunflower.inspections.order_by("start_date")] == [
        "Requires improvement",
        "Good",
    ]
    assert Provider.objects.get(urn="EY900003").kind == "childminder"


def test_columns_in_any_order_with_extra_columns(tmp_path):
    path = write(
        tmp_path,
        (
            "Overall effectiveness,Something else,Inspection start date,Ofsted phase,URN,School name,Publication date\n"
            "1,ignored,05/03/2024,Secondary,123456,Column Order High School,20/04/2024\n"
        ),
    )
    run(path)
    inspection = Inspection.objects.get(provider__urn="123456")
    assert inspection.provider.name == "Column Order High School"
    assert inspection.provider.phase == "secondary"
    assert inspection.overall_grade.label == "Outstanding"
    assert inspection.published_on == datetime.date(2024, 4, 20)


def test_changed_file_updates_provider_and_inspection(tmp_path):
    header = "URN,School name,Ofsted phase,Inspection start date,Overall effectiveness\n"
    run(write(tmp_path, header + "123456,Old Name School,Primary,05/03/2024,3\n"))
    out = run(write(tmp_path, header + "123456,New Name School,Primary,05/03/2024,2\n", "second.csv"))
    assert (
        out.strip().splitlines()[-1] == "Imported: 0 providers created, 1 updated, 0 inspections created, 0 unchanged"
    )
    inspection = Inspection.objects.get(provider__urn="123456")
    assert inspection.provider.name == "New Name School"
    assert inspection.overall_grade.label == "Good"


def test_regraded_inspection_counts_its_provider_updated_in_the_exact_summary(tmp_path):
    header = "URN,School name,Ofsted phase,Inspection start date,Overall effectiveness\n"
    run(
        write(
            tmp_path,
            header + "123458,Same Name School,Primary,05/03/2024,3\n123458,Same Name School,Primary,05/03/2021,4\n",
        )
    )
    out = run(
        write(
            tmp_path,
            header + "123458,Same Name School,Primary,05/03/2024,2\n123458,Same Name School,Primary,05/03/2021,4\n",
            "second.csv",
        )
    )
    assert (
        out.strip().splitlines()[-1] == "Imported: 0 providers created, 1 updated, 0 inspections created, 1 unchanged"
    )
    assert (
        Inspection.objects.get(provider__urn="123458", start_date=datetime.date(2024, 3, 5)).overall_grade.label
        == "Good"
    )


def test_report_card_columns_with_text_grades(tmp_path):
    path = write(
        tmp_path,
        (
            "URN,School name,Ofsted phase,Inspection start date,Inclusion,Achievement,Safeguarding\n"
            "123457,Report Card Primary,Primary,2026-01-14,Strong standard,needs attention,Met\n"
        ),
    )
    run(path)
    inspection = Inspection.objects.get(provider__urn="123457")
    assert inspection.framework.slug == "schools-report-card-2025"
    assert inspection.kind == "report_card"
    assert {g.area.name: g.grade.label for g in inspection.grades.all()} == {
        "Inclusion": "Strong standard",
        "Achievement": "Needs attention",
    }
    assert inspection.safeguarding == "met"


def test_dry_run_saves_nothing():
    out = run(SAMPLES / "ofsted-schools-sample.csv", "--dry-run")
    assert "Dry run: nothing was saved." in out
    assert "Imported: 5 providers created, 0 updated, 5 inspections created, 0 unchanged" in out
    assert not Provider.objects.exists()


def test_errors_name_row_and_column_and_nothing_is_saved(tmp_path):
    path = write(
        tmp_path,
        (
            "URN,School name,Ofsted phase,Inspection start date,Overall effectiveness\n"
            "123456,Good Row School,Primary,05/03/2024,2\n"
            "12,Bad Urn School,Primary,05/03/2024,2\n"
            "123458,Bad Date School,Primary,31/02/2024,2\n"
            "123459,Bad Grade School,Primary,05/03/2024,7\n"
            "123460,Bad Phase School,Sixth form college,05/03/2024,2\n"
        ),
    )
    with pytest.raises(CommandError) as exc:
        run(path)
    message = str(exc.value)
    assert "Nothing was imported: 4 problems found." in message
    assert "Row 3, column “URN”: Enter the provider's Ofsted URN" in message
    assert "Row 4, column “Inspection start date”: “31/02/2024” is not a date" in message
    assert "Row 5, column “Overall effectiveness”: “7” is not on the grade scale" in message
    assert "Row 6, column “Ofsted phase”: “Sixth form college” is not a school phase" in message
    assert not Provider.objects.exists()
    assert not Inspection.objects.exists()


def test_missing_required_column_is_reported(tmp_path):
    path = write(tmp_path, "URN,School name,Overall effectiveness\n123456,No Date School,2\n")
    with pytest.raises(CommandError) as exc:
        run(path)
    assert "Row 1: the file has no column “Inspection start date”" in str(exc.value)
    assert not Provider.objects.exists()


def test_unknown_framework_named_in_file(tmp_path):
    path = write(
        tmp_path,
        (
            "URN,School name,Ofsted phase,Inspection start date,Framework\n"
            "123456,Named Framework School,Primary,05/03/2024,no-such-framework\n"
        ),
    )
    with pytest.raises(CommandError, match="Row 2, column “Framework”: there is no framework “no-such-framework”"):
        run(path)


def test_missing_file():
    with pytest.raises(CommandError, match="There is no file at /nope.csv"):
        run("/nope.csv")
