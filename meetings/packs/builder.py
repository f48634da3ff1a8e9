"""Assemble an agenda pack: front sheet, then each item's papers from an odd page, numbered.

Two passes: every part is produced first (so its page count is known); then the layout is
computed for a front sheet of the expected length (blank pages so each item starts on an odd
page) and the front sheet is rendered with those real ranges. If it turns out to have another
length, the layout is redone for that length and the front sheet rendered again.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import time
from dataclasses import dataclass, field

import pikepdf
from django.conf import settings
from django.utils import timezone
from pikepdf import Name, OutlineItem
from pypdf import PdfReader

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.committees.selectors import member_lines, memberships_on
from meetings.packs import render, stamping, structure
from meetings.packs.registry import ItemContext, PaperSource, Source, sources_for
from meetings.validators import NOT_ACCESSIBLE

FRONT_TEMPLATE = "meetings/pack/front_sheet.html"
LANGUAGE = "en-GB"


def membership_lines(meeting: Meeting) -> tuple[str, str]:
    """('Alijah, Collins, … Lovecy (Chair) and Stone', 'Mrs B Kellner and Mr R Lammas')."""
    return member_lines(memberships_on(meeting.committee, timezone.localtime(meeting.start).date()))


@dataclass
class ItemPlan:
    item: AgendaItem
    sources: list[Source]


@dataclass
class PackPlan:
    meeting: Meeting
    include_exempt: bool
    items: list[ItemPlan]
    councillors: str
    co_opted: str
    despatch: object = None  # a Despatch when the pack is one stored as issued
    notes: dict = field(default_factory=dict)  # item id -> lines printed under it (a supplement's "replaces …")

    def key(self) -> str:
        m, c = self.meeting, self.meeting.committee
        officer = c.contact_officer
        d = self.despatch
        parts = [
            render.TEMPLATE_VERSION,
            structure.VERSION,
            f"exempt={self.include_exempt}",
            f"despatch={d.pk}|{d.number}|{d.issued_on}|{d.issued_by_name}" if d is not None else "despatch=",
            f"notes={sorted(self.notes.items())}",
            f"meeting={m.pk}|{m.start.isoformat()}|{m.end.isoformat() if m.end else ''}|{m.venue}|{m.welcome}"
            f"|{m.access_notes}|{m.status}|{m.status_note}|{m.agenda_issued_on}|{m.issued_by}",
            f"committee={m.committee_names.name}|{m.committee_names.short_code}",  # as named on the day
            f"officer={officer.full_name}|{officer.telephone}|{officer.email}" if officer else "officer=",
            f"members={self.councillors}|{self.co_opted}",
            f"council={settings.COUNCIL_NAME}|{settings.COUNCIL_ADDRESS}",
        ]
        for plan in self.items:
            i = plan.item
            parts.append(
                f"item={i.pk}|{i.number}|{i.title}|{i.kind}|{i.purpose}|{i.report_of}|{i.to_follow}|{i.urgent}"
                f"|{i.exempt}|{i.exempt_paragraph}|{i.show_exemption}|{i.urgent_reason}"
            )
            parts.extend(source.fingerprint() for source in plan.sources)
        return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def plan_pack(
    meeting: Meeting,
    *,
    papers,
    include_exempt: bool,
    item_ids=None,
    despatch=None,
    papers_only: bool = False,
    notes: dict | None = None,
) -> PackPlan:
    """What goes into the pack. `papers` must already be filtered by the visibility rule.
    `item_ids` limits the items (a despatch's); `papers_only` prints only the given papers under
    each item, not what the item's kind adds (a supplement carries just what it adds)."""
    items = meeting.items.order_by("number")
    if item_ids is not None:
        items = items.filter(pk__in=list(item_ids))
    items = list(items)
    by_item: dict[int, list[Paper]] = {}
    paper_qs = (
        papers.filter(item__meeting=meeting)
        .select_related("item", "report")
        .prefetch_related("report__alignments", "report__contacts", "report__sections")
        .order_by("item__number", "order", "id")
    )
    for paper in paper_qs:
        by_item.setdefault(paper.item_id, []).append(paper)
    plans = []
    shared: dict = {}
    for item in items:
        item.meeting = meeting
        ctx = ItemContext(
            meeting=meeting, include_exempt=include_exempt, papers=by_item.get(item.pk, []), shared=shared
        )
        sources = [PaperSource(p) for p in ctx.papers] if papers_only else sources_for(item, ctx)
        plans.append(ItemPlan(item=item, sources=sources))
    councillors, co_opted = membership_lines(meeting)
    return PackPlan(
        meeting=meeting,
        include_exempt=include_exempt,
        items=plans,
        councillors=councillors,
        co_opted=co_opted,
        despatch=despatch,
        notes=notes or {},
    )


@dataclass
class Part:
    title: str
    exempt: bool
    pdf: pikepdf.Pdf
    exempt_pages: dict | None = None  # {page index: paragraph} when only some pages are exempt

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)


@dataclass
class BuiltPdf:
    data: bytes
    page_count: int
    front_pdf: bytes
    front_pages: int
    ranges: dict[int, tuple[int, int]]  # item number -> (first page, last page)
    warnings: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)  # the accessibility report: untagged pages
    seconds: float = 0.0


def _front_html(plan: PackPlan, ranges: dict[int, tuple[int, int]] | None) -> str:
    rows = []
    for p in plan.items:
        has_pages = bool(p.sources)
        if ranges is None:
            page_range = "888 - 888" if has_pages else ""
        elif p.item.number in ranges:
            first, last = ranges[p.item.number]
            page_range = f"{first} - {last}" if last > first else f"{first}"
        else:
            page_range = ""
        rows.append({"item": p.item, "range": page_range, "notes": plan.notes.get(p.item.pk, [])})
    officer = plan.meeting.committee.contact_officer
    despatch = plan.despatch
    return render.render_html(
        FRONT_TEMPLATE,
        {
            "meeting": plan.meeting,
            "committee": plan.meeting.committee,
            "committee_name": plan.meeting.committee_name,
            "rows": rows,
            "councillors": plan.councillors,
            "co_opted": plan.co_opted,
            "officer": officer,
            "include_exempt": plan.include_exempt,
            "exempt_rows": [row for row in rows if row["item"].exempt] if plan.include_exempt else [],
            "despatch": despatch,
            "supplement": despatch is not None and not despatch.is_main,
            "issued_on": despatch.issued_on if despatch is not None else plan.meeting.agenda_issued_on,
            "issued_by": (despatch.issued_by_name if despatch is not None else "") or plan.meeting.issued_by,
        },
    )


def _layout(front_pages: int, parts_by_item: list[tuple[AgendaItem, list[Part]]]):
    """Page ranges and where blank pages go (before which item), for a front sheet length."""
    page = front_pages
    ranges: dict[int, tuple[int, int]] = {}
    blanks_before: set[int] = set()
    previous = None
    for item, parts in parts_by_item:
        if not parts:
            continue
        if page % 2 == 1:  # the next page would be even: pad so the item starts on an odd page
            blanks_before.add(item.number)
            page += 1
            if previous is not None:  # the blank page closes the previous item's range, as printed
                ranges[previous] = (ranges[previous][0], page)
        previous = item.number
        first = page + 1
        page += sum(part.page_count for part in parts)
        ranges[item.number] = (first, page)
    return ranges, blanks_before, page


def pack_title(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.start)
    return f"{meeting.committee_name}, {local:%A} {local.day} {local:%B %Y} – agenda pack"


def build_pack(plan: PackPlan, *, front_pages_hint: int = 2) -> BuiltPdf:
    """Pass 1 produces every part (so page counts are known); pass 2 renders the front sheet
    with the real page ranges; then everything is merged (structure trees included), numbered
    and bookmarked."""
    started = time.perf_counter()
    warnings: list[str] = []
    parts_by_item: list[tuple[AgendaItem, list[Part]]] = []
    from meetings.packs.cache import prerender_parts

    prerender_parts([html for p in plan.items for s in p.sources if (html := s.render_html())])
    for p in plan.items:
        parts = []
        for source in p.sources:
            data = source.pdf(warnings)
            marks = None
            if source.exempt and hasattr(source, "exempt_pages"):
                marks = source.exempt_pages(PdfReader(io.BytesIO(data)))
            pdf = pikepdf.open(io.BytesIO(data))
            parts.append(Part(title=source.title, exempt=source.exempt, pdf=pdf, exempt_pages=marks))
        parts_by_item.append((p.item, parts))

    # Pass 2: the front sheet, with ranges laid out for a guessed front-sheet length; if the
    # rendered front sheet has another length, lay out again for that length and re-render.
    front_pages = front_pages_hint
    for _attempt in range(4):
        ranges, blanks_before, _total = _layout(front_pages, parts_by_item)
        front_pdf = render.html_to_pdf(_front_html(plan, ranges))
        actual = render.page_count(front_pdf)
        if actual == front_pages:
            break
        front_pages = actual
    else:  # pragma: no cover  (lengths oscillating: settle on the widest placeholder ranges)
        front_pages = render.page_count(render.html_to_pdf(_front_html(plan, None)))
        ranges, blanks_before, _total = _layout(front_pages, parts_by_item)
        front_pdf = render.html_to_pdf(_front_html(plan, ranges))

    assembly = structure.Assembly(lang=LANGUAGE)
    pdf = assembly.pdf
    front = pikepdf.open(io.BytesIO(front_pdf))  # open until the pack is saved: pages are copied lazily
    assembly.append(front, title="Agenda front sheet")
    bookmarks: list[tuple[str, int, list[tuple[str, int]]]] = [("Agenda front sheet", 0, [])]
    labels: dict[int, str] = {}
    for item, parts in parts_by_item:
        if not parts:
            continue
        if item.number in blanks_before:
            stamping.add_blank_page(pdf)
        children: list[tuple[str, int]] = []
        bookmarks.append((f"{item.number}. {item.title}", len(pdf.pages), children))
        for part in parts:
            placed = assembly.append(part.pdf, title=part.title)
            labels[id(placed)] = f"item {item.number}, “{part.title}”"
            if len(parts) > 1 or part.title != item.title:
                children.append((part.title, placed.first))
            _mark_exempt(pdf, part, placed.first, item.exempt_paragraph)
    for index in range(front_pages, len(pdf.pages)):
        stamping.stamp(pdf, pdf.pages[index], number=index + 1)
    assembly.finish()
    _outline(pdf, bookmarks)
    untagged = [accessibility_line(part, labels.get(id(part), part.title)) for part in assembly.untagged]
    data = _save(pdf, title=pack_title(plan.meeting), subject=f"Agenda and papers for {plan.meeting}")
    page_total = len(pdf.pages)
    front.close()
    for _item, parts in parts_by_item:
        for part in parts:
            part.pdf.close()
    return BuiltPdf(
        data=data,
        page_count=page_total,
        front_pdf=front_pdf,
        front_pages=front_pages,
        ranges=ranges,
        warnings=warnings + untagged,
        untagged=untagged,
        seconds=time.perf_counter() - started,
    )


def accessibility_line(part: structure.PartPages, label: str) -> str:
    """The accessibility report's line for an untagged part, with its pages as printed."""
    first, last = part.first + 1, part.first + part.count
    pages = f"page {first}" if first == last else f"pages {first}–{last}"
    return f"Accessibility: {pages} ({label}) are untagged – {NOT_ACCESSIBLE}."


def _outline(pdf: pikepdf.Pdf, bookmarks) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()
        for title, page, children in bookmarks:
            entry = OutlineItem(title, page)
            entry.children.extend(OutlineItem(child, child_page) for child, child_page in children)
            outline.root.append(entry)
    pdf.Root.PageMode = Name.UseOutlines


def _mark_exempt(pdf: pikepdf.Pdf, part: Part, start: int, paragraph: int | None) -> None:
    """'NOT FOR PUBLICATION – paragraph N …' on an exempt part's pages (printed minutes: only the
    pages of exempt minutes, each with its own paragraph)."""
    if part.exempt_pages is not None:
        for offset, page_paragraph in part.exempt_pages.items():
            stamping.stamp(pdf, pdf.pages[start + offset], exempt=True, paragraph=page_paragraph)
    elif part.exempt:
        for index in range(start, start + part.page_count):
            stamping.stamp(pdf, pdf.pages[index], exempt=True, paragraph=paragraph)


def set_metadata(pdf: pikepdf.Pdf, *, title: str, subject: str = "") -> None:
    """Title (Info and XMP dc:title), pdfuaid:part, language, DisplayDocTitle (render's finishing
    step, shared by every PDF we serve), and who made the document."""
    render.finish_document(pdf, title=title, lang=LANGUAGE)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [settings.COUNCIL_NAME]
        if subject:
            meta["dc:description"] = subject
        meta["xmp:CreatorTool"] = "Scrutiny"
        meta["xmp:CreateDate"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    pdf.docinfo[Name.Author] = settings.COUNCIL_NAME
    if subject:
        pdf.docinfo[Name.Subject] = subject
    pdf.docinfo[Name.Creator] = "Scrutiny"


def _save(pdf: pikepdf.Pdf, *, title: str, subject: str = "") -> bytes:
    set_metadata(pdf, title=title, subject=subject)
    out = io.BytesIO()
    # Object streams keep a pack of many small tagged parts compact; PDF/UA-1 is PDF 1.7.
    pdf.save(out, min_version=render.PDF_VERSION, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def single_pdf(
    data: bytes, *, title: str, exempt: bool = False, paragraph: int | None = None, exempt_pages: dict | None = None
) -> bytes:
    """A standalone paper: metadata, and 'NOT FOR PUBLICATION – paragraph N of Schedule 12A …' on
    every page of an exempt one (or only on `exempt_pages`, {page index: paragraph}). The paper's
    structure tree is kept (copied into the new document as in a pack)."""
    with pikepdf.open(io.BytesIO(data)) as source:
        assembly = structure.Assembly(lang=LANGUAGE)
        pdf = assembly.pdf
        assembly.append(source, title=title)
        if exempt:
            for page in pdf.pages:
                stamping.stamp(pdf, page, exempt=True, paragraph=paragraph)
        for index, page_paragraph in (exempt_pages or {}).items():
            stamping.stamp(pdf, pdf.pages[index], exempt=True, paragraph=page_paragraph)
        assembly.finish()
        _keep_outline(source, pdf)
        return _save(pdf, title=title)


def _keep_outline(source: pikepdf.Pdf, pdf: pikepdf.Pdf) -> None:
    """A single paper keeps its own bookmarks (its headings), pointing at the copied pages."""
    outlines = source.Root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary) and "/First" in outlines:
        pdf.Root.Outlines = pdf.copy_foreign(outlines)
