"""Export writes the officers' columns; importing an export gives the same plan back."""

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from actionplans.models import ActionPlan
from actionplans.spreadsheet import HEADERS

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db


def plan_shape(plan):
    """Everything the spreadsheet carries, in order."""
    out = []
    for section in plan.sections.order_by("order"):
        out.append(("section", section.title))
        for rec in section.recommendations.order_by("order"):
            out.append(("rec", rec.code, rec.code_derived, rec.category, rec.wording, rec.rating))
            for a in rec.actions.order_by("order"):
                out.append(
                    (
                        "action",
                        a.number,
                        a.activity,
                        a.outcome,
                        a.timeline,
                        a.due_date,
                        a.lead,
                        a.progress,
                        a.rag,
                        a.improvement_notice,
                    )
                )
    return out


def do_import(path, title):
    call_command("import_action_plan", str(path), "--title", title, stdout=StringIO())
    return ActionPlan.objects.get(title=title)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_reproduces_the_plan(tmp_path, fmt):
    original = do_import(FIXTURES / "quirky_plan.xlsx", "Original")
    out = tmp_path / f"export.{fmt}"
    call_command(
        "export_action_plan",
        str(original.pk),
        "--format",
        fmt,
        "--output",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    again = do_import(out, "Again")
    assert plan_shape(again) == plan_shape(original)
    assert len(plan_shape(original)) == 2 + 4 + 7


def test_csv_export_layout(tmp_path):
    plan = do_import(FIXTURES / "quirky_plan.csv", "Plan")
    out = StringIO()
    call_command("export_action_plan", str(plan.pk), "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert rows[0] == HEADERS
    assert rows[1] == ["Leadership, Management and Governance"] + [""] * 9  # section row
    a1 = rows[2]
    assert a1[0] == "A1 Priority & Immediate Action" and a1[2] == "A1.1" and a1[9] == "Red"  # rating on first row
    assert rows[3][0] == "" and rows[3][9] == ""
    assert rows[4][2] == "A1.2 (IN)" and rows[4][8] == "Red"
    assert rows[5][0] == "Governance Leadership and Management"  # derived code not invented
    assert rows[-1][0] == "B7 Area for Improvement" and rows[-1][2] == "" and rows[-1][9] == "Amber"


def test_download_from_plan_page(client):
    plan = do_import(FIXTURES / "quirky_plan.csv", "Plan")
    plan.published = True
    plan.save()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f"/action-plans/{plan.pk}/export.xlsx" in page
    response = client.get(f"/action-plans/{plan.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    csv_response = client.get(f"/action-plans/{plan.pk}/export.csv")
    assert "A1.1b" in csv_response.content.decode("utf-8-sig")


def test_unpublished_plan_export_is_404_for_public(client):
    plan = do_import(FIXTURES / "quirky_plan.csv", "Plan")
    assert client.get(f"/action-plans/{plan.pk}/export.csv").status_code == 404


def test_admin_download_action(admin_client_user, client):
    plan = do_import(FIXTURES / "quirky_plan.csv", "Plan")
    client.force_login(admin_client_user)
    response = client.post("/admin/actionplans/actionplan/", {"action": "download_csv", "_selected_action": [plan.pk]})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="action-plan-{plan.pk}.csv"'
    assert "LMG.2" in response.content.decode("utf-8-sig")
