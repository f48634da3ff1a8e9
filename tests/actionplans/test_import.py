"""Importing an officer's spreadsheet with every quirk of the real thing; all or nothing."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actionplans.models import Action, ActionPlan, ProgressUpdate, Rag, Recommendation, Section

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = (
    "Identified by,Inspection Recommendation,Activity Number,Activity required,Desired outcome,"
    "Timeline,Lead Accountability,Progress Update,Action RAG,RAG Rating"
)

pytestmark = pytest.mark.django_db


def import_file(path, title="Improvement Plan 2015"):
    out = StringIO()
    call_command("import_action_plan", str(path), "--title", title, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize("name", ["quirky_plan.csv", "quirky_plan.xlsx"])
def test_import_reads_every_quirk(name):
    message = import_file(FIXTURES / name)
    plan = ActionPlan.objects.get()
    assert message == f"Imported 4 recommendations and 7 actions in 2 sections into plan {plan.pk}"
    assert not plan.published  # officers publish when ready
    assert list(Section.objects.filter(plan=plan).values_list("title", flat=True)) == [
        "Leadership, Management and Governance",
        "Children in Care",
    ]

    a1 = Recommendation.objects.get(plan=plan, code="A1")
    assert a1.category == "Priority & Immediate Action"
    # wording continued on the next row of the block is joined
    assert a1.wording == (
        "Ensure that all children in need of help and protection are seen by a social worker "
        "within timescales, and that the reasons for any delay are recorded on the child's file."
    )
    assert a1.rating == Rag.RED  # merged cell / rating on a later row of the block
    assert [a.number for a in a1.actions.order_by("order")] == ["A1.1", "A1.1b", "A1.2"]

    lmg = Recommendation.objects.get(plan=plan, code="LMG")  # no code: taken from LMG.1
    assert lmg.code_derived and lmg.category == "Governance Leadership and Management"
    assert lmg.rating == Rag.AMBER  # given on the block's second row as the letter A

    b7 = Recommendation.objects.get(plan=plan, code="B7")
    assert b7.rating == Rag.AMBER and b7.actions.count() == 0
    assert Recommendation.objects.get(plan=plan, code="B17").rating == Rag.GREEN
    assert Recommendation.objects.get(plan=plan, code="B17").section.title == "Children in Care"

    actions = {a.number: a for a in Action.objects.filter(recommendation__plan=plan)}
    assert actions["A1.1"].rag == Rag.GREEN and actions["A1.1"].due_date == datetime.date(2015, 3, 31)
    assert actions["A1.1"].timeline == "31/03/15"
    assert actions["A1.1b"].rag == Rag.AMBER and actions["A1.1b"].due_date == datetime.date(2015, 4, 10)
    assert actions["A1.1b"].timeline == "start 31/01/15 end 10/04/15"
    assert actions["A1.2"].rag == Rag.RED and actions["A1.2"].improvement_notice
    assert actions["A1.2"].timeline == "Ongoing" and actions["A1.2"].due_date is None
    assert actions["LMG.1"].rag == Rag.BLUE  # "Complete"
    assert actions["LMG.2"].rag == Rag.NOT_RATED and actions["LMG.2"].timeline == "TBC"
    assert actions["B17.1"].rag == Rag.GREY and actions["B17.1"].due_date == datetime.date(2015, 4, 9)
    assert actions["B17.2"].rag == Rag.BLUE  # lower-case letter b
    assert actions["B17.2"].progress == "Tracker live; 82% within timescale in March."
    assert sum(a.improvement_notice for a in actions.values()) == 1
    # each rated action starts its history with one update from the spreadsheet
    assert ProgressUpdate.objects.filter(action=actions["A1.1"]).get().author_name == "Imported from spreadsheet"
    assert not ProgressUpdate.objects.filter(action=actions["LMG.2"]).exists()


def test_dry_run_stores_nothing():
    out = StringIO()
    call_command("import_action_plan", str(FIXTURES / "quirky_plan.csv"), "--title", "X", "--dry-run", stdout=out)
    assert "would import 4 recommendations and 7 actions in 2 sections" in out.getvalue()
    assert not ActionPlan.objects.exists()


BAD = "\n".join(
    [
        HEADER,
        ",,Z1.1,An action before any recommendation,,,,,,",
        "Safeguarding,,,,,,,,,",
        "A1 Priority & Immediate Action,Wording,A1.1,Audit,Outcome,31/03/15,Lead,Done,Purple,",
        ",,A1.1,Same number again,,,,,G,Red",
        ",,A1.2,Another,,,,,A,Green",
        "Some Theme Without Code,Wording,,,,,,,,",
        "B2 Area for Improvement,Wording,B2.1,Act,,,,,R,Maroon",
    ]
)


def test_bad_rows_store_nothing_and_list_every_problem_with_row_and_column(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        import_file(path)
    text = str(info.value)
    assert "nothing imported" in text
    assert "Row 2, column “Identified by”: This row has actions but no recommendation above it" in text
    assert "Row 4, column “Action RAG”: “Purple” is not a RAG rating" in text
    assert "Row 5, column “Activity Number”: Activity Number A1.1 is already used on row 4." in text
    assert "Row 6, column “RAG Rating”: A second, different RAG Rating for A1 (row 5 says Red)." in text
    assert "Row 7, column “Identified by”: No code (such as A1)" in text
    assert "Row 8, column “RAG Rating”: “Maroon” is not a RAG rating" in text
    assert not ActionPlan.objects.exists() and not Action.objects.exists()


def test_a_recommendation_code_used_twice_is_refused_with_its_rows(tmp_path):
    """ "Identified by" repeated on a later row (say, after unmerging cells) would otherwise split
    one recommendation into two with the same code."""
    path = tmp_path / "plan.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "Safeguarding,,,,,,,,,",
                "A1 Priority & Immediate Action,Wording,A1.1,Audit,,,,,G,",
                "A1 Priority & Immediate Action,,A1.2,Report,,,,,A,",
                "Governance Leadership and Management,Oversight,LMG.1,Clinic,,,,,G,",
                "Governance Leadership and Management,,LMG.2,Programme,,,,,G,",
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as info:
        import_file(path)
    text = str(info.value)
    assert "Row 4, column “Identified by”: Recommendation A1 is already used on row 3" in text
    assert "Row 6, column “Identified by”: Recommendation LMG is already used on row 5" in text
    assert not ActionPlan.objects.exists() and not Recommendation.objects.exists()


def test_missing_column_and_wrong_file_type_are_named(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER.replace(",Action RAG", "") + "\nA1 X,Y,A1.1,Z,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 1, column “Action RAG”: This column is missing"):
        import_file(path)
    other = tmp_path / "plan.ods"
    other.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="is not a .csv or .xlsx file"):
        import_file(other)
    assert not ActionPlan.objects.exists()


def test_command_exits_non_zero_on_bad_file(tmp_path, capsys, monkeypatch):
    from actionplans.management.commands.import_action_plan import Command

    # run_from_argv closes every connection when it ends; keep the test's transaction open.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    path = tmp_path / "plan.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        Command().run_from_argv(["manage.py", "import_action_plan", str(path), "--title", "T", "--skip-checks"])
    assert info.value.code != 0
    assert "Row 4, column “Action RAG”" in capsys.readouterr().err
    assert not ActionPlan.objects.exists()


def test_admin_upload_previews_then_imports(admin_client_user, client):
    client.force_login(admin_client_user)
    data = (FIXTURES / "quirky_plan.xlsx").read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/actionplans/actionplan/import/"
    assert client.get(url).status_code == 200
    preview = client.post(url, {"title": "Improvement Plan 2015", "file": SimpleUploadedFile("plan.xlsx", data)})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "would import 4 recommendations and 7 actions in 2 sections" in body
    assert "Governance Leadership and Management" in body and "A1.1b" in body
    assert not ActionPlan.objects.exists()  # a preview stores nothing
    token = preview.context["token"]
    assert "payload" not in body  # the file is not posted back
    done = client.post(url, {"title": "Improvement Plan 2015", "token": token, "confirm": "1"})
    plan = ActionPlan.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/actionplan/{plan.pk}/change/")
    assert Action.objects.filter(recommendation__plan=plan).count() == 7


def test_admin_upload_of_bad_file_lists_problems(admin_client_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_client_user)
    response = client.post(
        "/admin/actionplans/actionplan/import/", {"title": "T", "file": SimpleUploadedFile("plan.csv", BAD.encode())}
    )
    body = response.content.decode()
    assert "Nothing was imported" in body and "Row 8, column “RAG Rating”" in body
    assert not ActionPlan.objects.exists()
