"""Page ranges, odd-page starts, page numbers, bookmarks and metadata of the agenda pack."""

import io
import re

from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from meetings.packs import api
from meetings.packs.stamping import BLANK_TEXT
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from ..builders import authored, upload
from .conftest import pages_text, read


def front_ranges(text: str) -> dict[str, tuple[int, int]]:
    """{'2': (5, 16), …} from the front sheet: an item line ('2. Title') and later its range."""
    found, current = {}, None
    for line in text.splitlines():
        line = line.strip()
        if m := re.match(r"^(\d+)\.\s+\S", line):
            current = m.group(1)
        elif (m := re.match(r"^(\d+)(?: - (\d+))?$", line)) and current and current not in found:
            found[current] = (int(m.group(1)), int(m.group(2) or m.group(1)))
    return found


def front_sheet_pages(texts):
    return next(n for n, t in enumerate(texts) if "This agenda was issued on" in t) + 1


def test_front_sheet_ranges_are_the_real_pages_with_merged_uploads(seed_meeting):
    data = read(api.pack_for(seed_meeting, AnonymousUser()))
    texts = pages_text(data)
    ranges = front_ranges("\n".join(texts[: front_sheet_pages(texts)]))
    assert set(ranges) == {"1", "2", "3"}  # the exempt item's papers are not in the public pack
    first, last = ranges["2"]
    assert last - first + 1 == 12
    assert "Action plan page 1" in texts[first - 1]
    assert "Action plan page 12" in texts[last - 1]
    first, last = ranges["3"]
    assert "Work Programme" in texts[first - 1]  # terms and work programme rendered from data
    assert any("Work programme report" in t for t in texts[first - 1 : last])  # then the item's report
    assert "Minutes not yet available" in texts[ranges["1"][0] - 1]
    assert len(texts) == ranges["3"][1]


def test_ranges_without_uploads_and_page_numbers_on_every_later_page(db):
    meeting = MeetingFactory()
    for number in (1, 2, 3):
        item = AgendaItemFactory(meeting=meeting, number=number, title=f"Report number {number}")
        authored(item, subject=f"Authored report {number}", sections=3 + number, paragraphs=8, text=f"R{number}")
    data = read(api.pack_for(meeting, AnonymousUser()))
    texts = pages_text(data)
    front = front_sheet_pages(texts)
    ranges = front_ranges("\n".join(texts[:front]))
    assert sorted(ranges) == ["1", "2", "3"]
    for number, (first, last) in ranges.items():
        assert f"Authored report {number}" in texts[first - 1]
        assert f"R{number} paragraph 1.1" in texts[first - 1]
        assert last >= first
    for index, text in enumerate(texts[front:], start=front + 1):
        assert text.strip().splitlines()[-1].strip() == str(index), f"page {index} has no page number"
    for text in texts[:front]:
        assert not re.search(r"^\s*1\s*$", text.strip().splitlines()[-1])


def test_each_item_starts_on_an_odd_page_after_blank_pages(db):
    meeting = MeetingFactory()
    item1 = AgendaItemFactory(meeting=meeting, number=1, title="First")
    upload(item1, title="Three pages", pages=3, text="Three")
    item2 = AgendaItemFactory(meeting=meeting, number=2, title="Second")
    upload(item2, title="Two pages", pages=2, text="Two")
    item3 = AgendaItemFactory(meeting=meeting, number=3, title="Third")
    upload(item3, title="One page", pages=1, text="One")
    texts = pages_text(read(api.pack_for(meeting, AnonymousUser())))
    ranges = front_ranges("\n".join(texts[: front_sheet_pages(texts)]))
    assert all(first % 2 == 1 for first, _ in ranges.values()), ranges
    # An item's range includes its trailing "intentionally left blank" page (as the seed prints it).
    assert ranges["1"] == (3, 6) and ranges["2"] == (7, 8) and ranges["3"] == (9, 9)
    assert BLANK_TEXT in texts[1]  # after the one-page front sheet
    assert BLANK_TEXT in texts[5]  # page 6, after the three-page paper
    assert BLANK_TEXT not in texts[7]


def test_bookmarks_metadata_language_and_tags(seed_meeting):
    data = read(api.pack_for(seed_meeting, AnonymousUser()))
    reader = PdfReader(io.BytesIO(data))
    outline = reader.outline
    titles = [entry.title for entry in outline if not isinstance(entry, list)]
    assert titles[0] == "Agenda front sheet"
    assert "2. Post Inspection Action Plan" in titles
    assert "3. Terms of Reference and Work Programme" in titles
    parent = next(
        i
        for i, e in enumerate(outline)
        if not isinstance(e, list) and e.title == "3. Terms of Reference and Work Programme"
    )
    children = outline[parent + 1]
    assert any(child.title == "Work programme report" for child in children)
    assert reader.metadata.title.startswith("Ofsted Subgroup")
    assert reader.metadata.author == "Manchester City Council"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # the front sheet is tagged
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
