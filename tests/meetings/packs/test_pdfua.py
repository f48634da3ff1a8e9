"""Every document WeasyPrint renders for us is PDF/UA-1: both validators report nothing.

Front sheet, printed minutes, an authored officer report (numbered paragraphs, a table, a list,
an image with its alt text, italics), terms of reference and work programme, and an action plan
snapshot report: each rendered by `render.html_to_pdf` from the HTML the application builds.
"""

import datetime
import io

import pikepdf
import pytest
from django.contrib.auth.models import AnonymousUser

from actionplans import services as plan_services
from meetings.models import ReportSection
from meetings.packs import api, builder, render
from meetings.packs.minutes import MINUTES_TEMPLATE, printed_minutes_context
from tests.actionplans.factories import ActionFactory
from tests.meetings.factories import ReportImageFactory
from tests.pdfua import pdfua_failures

from .test_minutes_parts import held_meeting_with_minutes

pytestmark = pytest.mark.pdfua

REPORT_BODY = """The Subgroup asked for *an update* on the **action plan**.

+ A sub-paragraph, numbered 1.1.1.

~ A paragraph that is not numbered.

# Progress so far

- Audits of case files
- Training for social workers

| Measure | March | September |
| --- | --- | --- |
| Re-referrals | 24% | 19% |

![Chart of re-referrals falling from 24% to 19%](1)

![](2)"""


def artifact_texts(page, operators=("Tj", "TJ")) -> int:
    """How many text-showing (or other) operators on the page are inside an /Artifact sequence."""
    stack, count = [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) in ("BDC", "BMC"):
            stack.append(str(operands[0]))
        elif str(operator) == "EMC":
            stack.pop()
        elif str(operator) in operators and "/Artifact" in stack:
            count += 1
    return count


def documents(meeting, previous) -> dict[str, str]:
    """The HTML of every kind of document we print, as the application builds it: the public
    pack's front sheet and parts (minutes, officer report, terms and work programme, snapshot)
    and the previous meeting's printed minutes."""
    plan = api.public_plan(meeting, AnonymousUser())
    html = {"front sheet": builder._front_html(plan, None)}
    for item_plan in plan.items:
        for source in item_plan.sources:
            if (text := source.render_html()) is not None:
                html[f"item {item_plan.item.number}: {source.title}"] = text
    context = printed_minutes_context(previous, AnonymousUser())
    html["printed minutes"] = render.render_html(MINUTES_TEMPLATE, {**context, "for_pack": False})
    return html


@pytest.fixture
def printed(seed_meeting):
    meeting = seed_meeting
    previous = held_meeting_with_minutes(meeting.committee)
    terms = meeting.items.get(number=3)
    report = terms.papers.get().report
    section = report.sections.get(order=1)
    section.body = REPORT_BODY
    section.save()
    ReportImageFactory(report=report, order=1)
    ReportImageFactory(report=report, order=2)  # decorative: no alt text
    ReportSection.objects.filter(report=report, order=2).delete()
    action = ActionFactory(activity="Audit every open case file")
    plan_services.snapshot_create(
        plan=action.recommendation.plan, as_at=datetime.date(2018, 6, 26), agenda_item=meeting.items.get(number=2)
    )
    html = documents(meeting, previous)
    return {name: render.html_to_pdf(text) for name, text in html.items()}


def test_every_document_we_render_is_pdfua_1(printed):
    assert {"front sheet", "printed minutes", "item 3: Work programme report"} <= set(printed)
    assert any(n.startswith("item 1: Minutes of the meeting held on") for n in printed)
    assert any(n.startswith("item 2: ") and n.endswith("report as at 26 June 2018") for n in printed)
    assert "item 3: Terms of Reference and Work Programme" in printed
    failures = {name: pdfua_failures(data) for name, data in printed.items()}
    assert failures == dict.fromkeys(printed, [])

    # The snapshot's running footer ("Report as at …", "Page 1 of 1") is a pagination artifact.
    snapshot = next(data for name, data in printed.items() if name.endswith("report as at 26 June 2018"))
    with pikepdf.open(io.BytesIO(snapshot)) as pdf:
        assert artifact_texts(pdf.pages[0]) == 2

    # What the validators check, as a reader's software sees it, on the officer report.
    with pikepdf.open(io.BytesIO(printed["item 3: Work programme report"])) as pdf:
        assert pdf.pdf_version == "1.7"
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Work programme report"
            assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        scopes, figures = {}, []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
                scopes[str(obj.A.Scope)] = scopes.get(str(obj.A.Scope), 0) + 1
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure":
                figures.append(str(obj.Alt))
        # "Report to", "Subject", "Report of" are row headers; the alignment and progress tables'
        # headings are column headers.
        assert scopes == {"/Row": 3, "/Column": 5}
        # The chart is a figure with its alt text; the image without alt text is decorative.
        assert figures == ["Chart of re-referrals falling from 24% to 19%"]
        assert any(artifact_texts(page, ("Do",)) for page in pdf.pages)
        # Bookmarks from the headings (h1-h3), for moving around the report.
        with pdf.open_outline() as outline:
            top = [entry.title for entry in outline.root]
            sections = [child.title for entry in outline.root for child in entry.children]
        assert len(top) == 1 and top[0].startswith("Manchester City Council")
        assert sections[:2] == ["Summary", "Recommendations"] and "1.0 Section 1" in sections


def test_html_without_title_or_language_still_makes_a_pdfua_document():
    """A slip in a template never refuses a reader their PDF: it gets a placeholder title and the
    default language (and a warning is logged)."""
    data = render.html_to_pdf("<html><body><h1>Notice</h1><p>Text.</p></body></html>")
    assert pdfua_failures(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo.Title) == render.UNTITLED
        assert str(pdf.Root.Lang) == "en-GB"


def _tables(pdf) -> list:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        kids = [k for k in kids if isinstance(k, pikepdf.Dictionary)]
        if element.get("/S") == pikepdf.Name.Table:
            found.append(element)
        stack.extend(kids)
    return found


@pytest.mark.parametrize(
    "header, one_table",
    [
        # Header cells in the body (as the work programme prints them): WeasyPrint tags the rows
        # carried over to the next page as a headerless table of their own, joined back here.
        ("<tr><th>Item</th><th>Purpose</th></tr>", True),
        # A <thead> is repeated, and tagged, at the top of each page: each part is headed.
        ("<thead><tr><th>Item</th><th>Purpose</th></tr></thead>", False),
    ],
)
def test_a_table_split_across_pages_keeps_its_header_cells(header, one_table):
    """A table that runs onto the next page: no part of it is a table without header cells."""
    rows = "".join(f"<tr><td>Item {n}</td><td>{'To receive an update. ' * 6}</td></tr>" for n in range(60))
    data = render.html_to_pdf(
        f'<html lang="en-GB"><head><title>Work programme</title></head><body><h1>Work programme</h1>'
        f"<table>{header}<tbody>{rows}</tbody></table><p>After the table.</p></body></html>"
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        tables = _tables(pdf)
    assert pages > 1
    assert len(tables) == (1 if one_table else pages)
    assert pdfua_failures(data) == []
