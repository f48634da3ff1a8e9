"""Spreadsheet imports are bounded and linear: read-only XLSX with limits on
size, rows and columns; NUL bytes, over-long values and formulas with no saved value refused at
the preview with row and column; the confirm step does not post the file back; the plan's search
text is built once per import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from actionplans import search_index, services, spreadsheet
from actionplans.models import Action, ActionPlan
from actionplans.spreadsheet import HEADERS, SpreadsheetError, parse_file
from meetings.search.models import SearchEntry

pytestmark = pytest.mark.django_db
URL = "/admin/actionplans/actionplan/import/"


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_csv(recommendations: int, actions: int = 1, filler: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerow(["Leadership"] + [""] * 9)
    for r in range(1, recommendations + 1):
        for a in range(1, actions + 1):
            first = a == 1
            writer.writerow(
                [
                    f"A{r} Priority & Immediate Action" if first else "",
                    f"Ensure that children are seen (recommendation {r})." if first else "",
                    f"A{r}.{a}",
                    f"Audit cases {r}.{a}. {filler}",
                    f"Every child seen. {filler}",
                    "31/03/15",
                    "Head of Safeguarding",
                    "Started.",
                    "A",
                    "A" if first else "",
                ]
            )
    return out.getvalue().encode()


def problems(data: bytes, name: str) -> list[str]:
    with pytest.raises(SpreadsheetError) as caught:
        parse_file(data, name)
    return [str(p) for p in caught.value.problems]


def test_a_small_xlsx_claiming_a_huge_sheet_is_refused_before_it_is_read():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 10_000
    found = problems(out.getvalue(), "plan.xlsx")
    assert found == [
        f"Row {spreadsheet.MAX_ROWS + 1}: The sheet has more than {spreadsheet.MAX_ROWS:,} rows, the "
        "most an import may have. Split the plan or remove empty rows."
    ]


def test_too_many_columns_and_rows_are_refused_naming_the_limit(monkeypatch):
    wide = xlsx([HEADERS + [""] * 60 + ["stray"]])
    assert f"more than {spreadsheet.MAX_COLUMNS} columns" in problems(wide, "plan.xlsx")[0]
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    assert "more than 5 rows" in problems(plan_csv(10), "plan.csv")[0]
    # The sheet's own claim of its size is not trusted: rows are counted as they are read.
    assert (
        "more than 5 rows" in problems(xlsx([HEADERS] + [["A1 X", "w", f"A1.{n}"] for n in range(10)]), "plan.xlsx")[0]
    )


def test_too_large_a_file_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_IMPORT_BYTES", 1024 * 1024)
    assert problems(plan_csv(20, filler="x" * 30_000), "plan.csv") == [
        "Row 1: The file is larger than 1 MB, the most an import may be."
    ]


def test_nul_bytes_over_long_values_and_unsaved_formulas_are_listed_with_row_and_column(admin_client_user):
    data = xlsx(
        [
            HEADERS,
            [
                "A1 Priority & Immediate Action",
                "Wording",
                "A1.1",
                '=CONCATENATE("a","b")',
                "Outcome",
                "31/03/15",
                "Lead",
                "",
                "R",
                "R",
            ],
            ["", "", "A1.2", "Activity", "Outcome", "31/03/15", "L" * 301, "", "R", ""],
            [
                "B1 Area for Improvement",
                "Wording",
                "B1." + "1" * 40,
                "Activity",
                "Outcome",
                "x" * 201,
                "Lead",
                "",
                "A",
                "A",
            ],
        ]
    )
    client = Client()
    client.force_login(admin_client_user)
    body = client.post(URL, {"title": "T", "file": SimpleUploadedFile("plan.xlsx", data)}).content.decode()
    assert "Nothing was imported" in body
    assert "Row 2, column “Activity required”: A formula whose value was never saved" in body
    assert "Row 3, column “Lead Accountability”: Longer than 300 characters." in body
    assert "Row 4, column “Activity Number”: Longer than 30 characters." in body
    assert "Row 4, column “Timeline”: Longer than 200 characters." in body

    nul = plan_csv(2).replace(b"Audit cases 2.1", b"Audit\x00cases")
    body = client.post(URL, {"title": "T", "file": SimpleUploadedFile("plan.csv", nul)}).content.decode()
    assert "Row 4, column “Activity required”: Holds a NUL character" in body
    assert not ActionPlan.objects.exists()


def test_a_10_mb_import_is_previewed_then_confirmed_without_posting_the_file_back(admin_client_user, settings):
    data = plan_csv(200, actions=5, filler="x" * 5300)
    assert len(data) > 10 * 1024 * 1024
    client = Client()
    client.force_login(admin_client_user)
    preview = client.post(URL, {"title": "Big plan", "file": SimpleUploadedFile("big.csv", data)})
    assert preview.status_code == 200
    assert "would import 200 recommendations and 1000 actions" in preview.content.decode()
    token = preview.context["token"]
    body = preview.content.decode()
    # The confirm form carries a short token, not the file.
    assert 'name="payload"' not in body and f'<input type="hidden" name="token" value="{token}">' in body
    assert len(token) < 64

    # Another officer's session cannot confirm it.
    other = Client()
    other.force_login(admin_client_user)
    refused = other.post(URL, {"title": "Big plan", "token": token, "confirm": "1"})
    assert "no longer available" in refused.content.decode()
    assert not ActionPlan.objects.exists()

    done = client.post(URL, {"title": "Big plan", "token": token, "confirm": "1"})
    assert done.status_code == 302
    plan = ActionPlan.objects.get()
    assert Action.objects.filter(recommendation__plan=plan).count() == 1000
    # The held file is gone once imported; the token cannot be used again.
    again = client.post(URL, {"title": "Big plan", "token": token, "confirm": "1"})
    assert "no longer available" in again.content.decode()
    assert ActionPlan.objects.count() == 1


def test_the_plans_search_text_is_built_once_per_import(monkeypatch):
    calls = []
    original = search_index.ActionPlanIndexer.document

    def counting(self, obj, previous):
        calls.append(obj.pk)
        return original(self, obj, previous)

    monkeypatch.setattr(search_index.ActionPlanIndexer, "document", counting)
    _parsed, plan = services.plan_import(data=plan_csv(40, actions=2), filename="plan.csv", title="Plan")
    assert calls == [plan.pk]
    # Everything is indexed, once, at the end.
    assert SearchEntry.objects.filter(kind="action").count() == 80
    assert "recommendation 40" in SearchEntry.objects.get(kind="action_plan").body


def test_a_failed_import_indexes_nothing():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.plan_create_from_parsed(parsed=parse_file(plan_csv(3), "plan.csv"), title="")
    assert not SearchEntry.objects.filter(kind__in=["action_plan", "action"]).exists()
