"""Assembled PDFs keep the tags of what they merge: one structure tree, stamps as artifacts.

A pack is the front sheet and each item's papers copied into one PDF; a screen reader must meet
them as one tagged document (one Document element holding every part's elements in order, each
page's marked content still resolving to its element), and the page numbers and "NOT FOR
PUBLICATION" marks drawn on top must be artifacts in an embedded font.
"""

import io
import re
import subprocess

import pikepdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

from meetings.agendas.services import paper_create
from meetings.packs import api, builder, render
from meetings.packs.stamping import BLANK_TEXT
from meetings.visibility import EXEMPT_READER
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from ..builders import upload
from .conftest import pages_text, read


def tagged_pdf(title: str, pages: int = 1, *, table: bool = False) -> bytes:
    """A PDF/UA upload, as Word or WeasyPrint would give it: headings, paragraphs, a table."""
    breaks = ["", *([' style="break-before: page"'] * (pages - 1))]
    body = "".join(
        f"<section{breaks[n]}><h1>{title} heading {n + 1}</h1><p>{title} page {n + 1}</p></section>"
        for n in range(pages)
    )
    if table:
        body += '<table><tr><th scope="col">Owner</th><th scope="col">RAG</th></tr><tr><td>Jo</td><td>Green</td></tr></table>'
    return render.html_to_pdf(f'<html lang="en-GB"><head><title>{title}</title></head><body>{body}</body></html>')


def tagged_upload(item, title: str, pages: int = 1, **kwargs):
    return paper_create(item=item, title=title, file=ContentFile(tagged_pdf(title, pages, **kwargs), name="p.pdf"))


def kids(element) -> list:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def page_of(element):
    while is_element(element):
        if "/Pg" in element:
            return element.Pg
        element = element.get("/P")
    return None


def top_ancestor(element, document):
    """The child of the Document that holds `element`."""
    while is_element(element) and element.get("/P") is not None:
        if element.P.objgen == document.objgen:
            return element
        element = element.P
    raise AssertionError("the element is not under the pack's Document")


def marked_content_ids(page: pikepdf.Page) -> list[int]:
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            found.append(int(operands[1].MCID))
    return found


def parent_tree(pdf) -> dict:
    return dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())


def text_outside_marked_content(page: pikepdf.Page) -> list[str]:
    """Text-showing operators that are neither in tagged content (an MCID) nor in an artifact."""
    stack, loose = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BMC":
            stack.append(str(operands[0]))
        elif op == "BDC":
            props = operands[1]
            stack.append("mcid" if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else str(operands[0]))
        elif op == "EMC" and stack:
            stack.pop()
        elif op in ("Tj", "TJ", "'", '"') and not ({"mcid", "/Artifact"} & set(stack)):
            loose.append(op)
    return loose


def artifact_fonts(pdf, page: pikepdf.Page) -> list[pikepdf.Dictionary]:
    """The fonts used inside /Artifact marked content on the page."""
    fonts = page.obj.Resources.Font
    stack, used = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            stack.append(str(operands[0]))
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf" and "/Artifact" in stack:
            used.append(fonts[str(operands[0])])
    return used


@pytest.fixture
def two_tagged_parts(db):
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, number=1, title="Alpha")
    tagged_upload(first, "Alpha report", pages=2, table=True)
    second = AgendaItemFactory(meeting=meeting, number=2, title="Beta")
    tagged_upload(second, "Beta report", pages=1, table=True)
    return meeting


def test_a_pack_of_two_tagged_parts_has_one_tree_holding_both_in_order(two_tagged_parts):
    data = read(api.pack_for(two_tagged_parts, AnonymousUser()))
    texts = pages_text(data)
    pdf = pikepdf.open(io.BytesIO(data))
    tree = pdf.Root.StructTreeRoot
    assert [str(k.S) for k in kids(tree)] == ["/Document"]
    document = kids(tree)[0]
    assert pdf.Root.MarkInfo.Marked is True

    # Which part each page belongs to, from the printed text (front sheet, blank pages, papers).
    owner = {}
    for index, text in enumerate(texts):
        owner[index] = "alpha" if "Alpha report page" in text else "beta" if "Beta report page" in text else None
    assert sorted(i for i, o in owner.items() if o == "alpha") == [2, 3]  # after a 1-page front sheet and a blank
    assert [i for i, o in owner.items() if o == "beta"] == [4]

    # Every piece of tagged content resolves through the parent tree to an element of the
    # right page, under the one Document; the parts' elements follow each other in order.
    tops = [k.objgen for k in kids(document)]
    numbers = parent_tree(pdf)
    where: dict[str, list[int]] = {"front": [], "alpha": [], "beta": []}
    for index, page in enumerate(pdf.pages):
        mcids = marked_content_ids(page)
        if not mcids:
            assert BLANK_TEXT in texts[index]  # only the blank page holds no tagged content
            continue
        elements = numbers[int(page.obj.StructParents)]
        for mcid in mcids:
            element = elements[mcid]
            assert page_of(element).objgen == page.obj.objgen
            top = top_ancestor(element, document)
            where[owner[index] or "front"].append(tops.index(top.objgen))
    assert where["front"] and where["alpha"] and where["beta"]
    assert max(where["front"]) < min(where["alpha"]) <= max(where["alpha"]) < min(where["beta"])
    # The parts' own headings are in the pack's tree: "Alpha report heading 1, 2", "Beta … 1".
    headings, stack = [], [document]
    while stack:
        element = stack.pop()
        headings += [element] if str(element.S) == "/H1" else []
        stack.extend(k for k in kids(element) if is_element(k))
    assert len(headings) >= 3
    # Two parts' table headers cannot collide: every ID is unique and listed in the ID tree.
    ids = [str(name) for name in list(tree.IDTree.Names)[::2]]
    assert ids and len(ids) == len(set(ids))


def test_stamps_are_artifacts_in_an_embedded_font_and_the_file_is_sound(db, tmp_path):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Open report")
    tagged_upload(item, "Open report", pages=2)
    secret = AgendaItemFactory(meeting=meeting, number=2, title="School plan", exempt=True, exempt_paragraph=3)
    tagged_upload(secret, "School plan", pages=1)
    data = read(api.pack_for(meeting, EXEMPT_READER))
    texts = pages_text(data)
    assert texts[-1].strip().endswith(str(len(texts)))  # page numbers still print
    assert any("NOT FOR PUBLICATION – paragraph 3 of Schedule 12A" in t for t in texts)
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.check_pdf_syntax() == []  # qpdf finds no damage
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert info.stderr == ""  # poppler reports no xref (or other) error
    assert re.search(r"^PDF version:\s+1\.7$", info.stdout, re.M)
    for index, page in enumerate(pdf.pages):
        assert text_outside_marked_content(page) == [], f"page {index + 1} has untagged text"
        fonts = artifact_fonts(pdf, page)
        if index >= 1:  # every page after the front sheet carries its number as an artifact
            assert fonts, f"page {index + 1} has no stamp"
        for font in fonts:
            descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor, "the stamp's font is embedded"
            assert str(font.BaseFont).split("+")[-1].startswith(("LiberationSans", "DejaVuSans"))


def test_bookmarks_for_the_front_sheet_and_each_item_and_paper(two_tagged_parts):
    item = two_tagged_parts.items.get(number=2)
    tagged_upload(item, "Beta appendix", pages=1)
    pdf = pikepdf.open(io.BytesIO(read(api.pack_for(two_tagged_parts, AnonymousUser()))))
    with pdf.open_outline() as outline:
        top = [(entry.title, [child.title for child in entry.children]) for entry in outline.root]
    assert top == [
        ("Agenda front sheet", []),
        ("1. Alpha", ["Alpha report"]),
        ("2. Beta", ["Beta report", "Beta appendix"]),
    ]


@pytest.mark.pdfua
def test_validators_pass_a_built_pack_and_a_stamped_single_paper(db):
    from tests.pdfua import pdfua_failures

    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Progress report")
    tagged_upload(item, "Progress report", pages=3, table=True)
    secret = AgendaItemFactory(meeting=meeting, number=2, title="School plan", exempt=True, exempt_paragraph=3)
    paper = tagged_upload(secret, "School plan", pages=2, table=True)
    assert pdfua_failures(read(api.pack_for(meeting, EXEMPT_READER))) == []
    stamped = read(api.exempt_paper_pdf_for(paper))
    assert "NOT FOR PUBLICATION" in pages_text(stamped)[0]
    assert pdfua_failures(stamped) == []


def test_a_single_paper_keeps_its_tags_under_the_stamp(db):
    item = AgendaItemFactory(title="School plan", exempt=True, exempt_paragraph=3)
    paper = tagged_upload(item, "School plan", pages=2)
    data = read(api.exempt_paper_pdf_for(paper))
    pdf = pikepdf.open(io.BytesIO(data))
    numbers = parent_tree(pdf)
    for page in pdf.pages:
        elements = numbers[int(page.obj.StructParents)]
        assert all(page_of(elements[mcid]).objgen == page.obj.objgen for mcid in marked_content_ids(page))
        assert text_outside_marked_content(page) == []
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == "School plan"
        assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


def test_the_accessibility_report_names_untagged_pages(db):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Tagged report")
    tagged_upload(item, "Tagged report", pages=1)
    scanned = AgendaItemFactory(meeting=meeting, number=2, title="Scanned letter")
    upload(scanned, title="Scanned letter", pages=2, text="Scan")
    build = api.pack_for(meeting, AnonymousUser())
    assert build.warning_list == [
        "Accessibility: pages 5–6 (item 2, “Scanned letter”) are untagged – "
        "not accessible: upload a tagged PDF or the Word file."
    ]
    # The untagged pages are still in the pack, numbered, after the tagged ones.
    texts = pages_text(read(build))
    assert "Scan page 1" in texts[4] and texts[5].strip().endswith("6")


def test_an_untagged_part_keeps_no_stale_structure_keys(db):
    """Pages of an untagged part must not point into the pack's parent tree."""
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Scanned")
    upload(item, title="Scanned", pages=1, text="Scan")
    built = builder.build_pack(
        builder.plan_pack(meeting, papers=meeting.items.first().papers.all(), include_exempt=False)
    )
    pdf = pikepdf.open(io.BytesIO(built.data))
    keys = set(parent_tree(pdf))
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            assert int(page.obj.StructParents) in keys
    assert built.untagged and "page 3" in built.untagged[0]


def test_an_untagged_single_paper_does_not_claim_to_be_tagged():
    from tests.pdfs import make_pdf

    data = builder.single_pdf(make_pdf(1, text="Scan"), title="Scanned letter", exempt=True, paragraph=3)
    pdf = pikepdf.open(io.BytesIO(data))
    assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
    assert "NOT FOR PUBLICATION" in pages_text(data)[0]
    assert artifact_fonts(pdf, pdf.pages[0])  # the mark is still drawn as an artifact
