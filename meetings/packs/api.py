"""What views, the management command and the publish hook call."""

from __future__ import annotations

import hashlib
import logging

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.agendas.services import paper_rendered_size_set
from meetings.minutes.models import MeetingMinutes
from meetings.packs import builder, cache, render, stamp, structure
from meetings.packs.models import PackBuild
from meetings.packs.registry import PaperSource
from meetings.visibility import EXEMPT_READER

logger = logging.getLogger(__name__)


def has_exempt_content(meeting: Meeting) -> bool:
    """Whether the full pack differs from the public one: an exempt item or paper, or (for a
    minutes item) exempt minutes or exempt annexes in the previous meeting's minutes, which only
    the full pack prints."""
    if meeting.items.filter(Q(exempt=True) | Q(papers__exempt=True)).exists():
        return True
    return previous_minutes_are_exempt(meeting)


def previous_minutes_are_exempt(meeting: Meeting, *, has_minutes_item: bool | None = None) -> bool:
    """Whether this meeting's pack prints the previous meeting's minutes and they hold an exempt
    minute or an exempt annex (visibility.exempt_minute_text_q; one query when `has_minutes_item`
    is already known)."""
    from django.db.models import Subquery

    from meetings.minutes.models import Minute

    if has_minutes_item is None:
        has_minutes_item = meeting.items.filter(kind=AgendaItem.Kind.MINUTES).exists()
    if not has_minutes_item:
        return False
    from meetings.packs.minutes import previous_meetings

    previous = previous_meetings(meeting).values("pk")[:1]
    return Minute.objects.filter(meeting_id=Subquery(previous)).filter(visibility.exempt_minute_text_q()).exists()


def pack_plan(meeting: Meeting, user) -> tuple[str, builder.PackPlan]:
    """(variant, plan) of the pack this user gets: the full pack for people allowed to see exempt
    papers when the meeting has any, otherwise the public pack."""
    full = visibility.can_view_exempt(user) and has_exempt_content(meeting)
    variant = PackBuild.Variant.FULL if full else PackBuild.Variant.PUBLIC
    plan = builder.plan_pack(meeting, papers=Paper.objects.visible_to(user), include_exempt=full)
    return variant, plan


def _build_and_store(meeting: Meeting, variant: str, plan: builder.PackPlan, key: str) -> PackBuild:
    previous = (
        PackBuild.objects.filter(
            meeting=meeting, variant=PackBuild.Variant.FRONT, despatch__isnull=True, status=PackBuild.Status.READY
        )
        .values_list("page_count", flat=True)
        .first()
    )
    built = builder.build_pack(plan, front_pages_hint=previous or 2)
    build = cache.store(
        meeting, variant, key, built.data, page_count=built.page_count, warnings=built.warnings, seconds=built.seconds
    )
    if variant == PackBuild.Variant.PUBLIC:
        # The front sheet on its own shows the page ranges of the public pack.
        cache.store(meeting, PackBuild.Variant.FRONT, key, built.front_pdf, page_count=built.front_pages)
    return build


def pack_variant(meeting: Meeting, user, items=None) -> str:
    """The pack this user gets. `items`, when given, are the meeting's agenda items with the
    papers this user may see prefetched (as on the meeting page), which saves a query."""
    if not visibility.can_view_exempt(user):
        return PackBuild.Variant.PUBLIC
    if items is not None:
        full = any(item.exempt or any(p.exempt for p in item.papers.all()) for item in items)
        if not full and any(item.kind == AgendaItem.Kind.MINUTES for item in items):
            full = previous_minutes_are_exempt(meeting, has_minutes_item=True)
    else:
        full = has_exempt_content(meeting)
    return PackBuild.Variant.FULL if full else PackBuild.Variant.PUBLIC


def verified_build(meeting: Meeting, variant: str, current_stamp: str) -> PackBuild | None:
    """The stored file already checked against the current change stamp (the fast path)."""
    build = PackBuild.objects.filter(
        meeting=meeting, variant=variant, stamp=current_stamp, status=PackBuild.Status.READY, despatch__isnull=True
    ).first()
    if build is not None and cache.is_stored(build.path):
        return build
    return None


def _verified(build: PackBuild, current_stamp: str) -> PackBuild:
    if build is not None and build.stamp != current_stamp:
        PackBuild.objects.filter(pk=build.pk).update(stamp=current_stamp)
        build.stamp = current_stamp
    return build


def pack_for(meeting: Meeting, user) -> PackBuild:
    current_stamp = stamp.current()  # read before the content key, so a change meanwhile is seen
    variant = pack_variant(meeting, user)
    found = verified_build(meeting, variant, current_stamp)
    if found is not None:
        return found
    variant, plan = pack_plan(meeting, user)
    key = plan.key()
    build = cache.get_or_build(meeting, variant, key, lambda: _build_and_store(meeting, variant, plan, key))
    return _verified(build, current_stamp)


def public_plan(meeting: Meeting, user) -> builder.PackPlan:
    """The public pack's content as seen by `user` (who must be able to see the meeting)."""
    papers = Paper.objects.visible_to(user).filter(visibility.open_paper_q())
    return builder.plan_pack(meeting, papers=papers, include_exempt=False)


def front_sheet_for(meeting: Meeting, user) -> PackBuild:
    """The agenda front sheet on its own, with the page ranges of the public pack."""
    current_stamp = stamp.current()
    found = verified_build(meeting, PackBuild.Variant.FRONT, current_stamp)
    if found is not None:
        return found
    plan = public_plan(meeting, user)
    key = plan.key()
    found = cache.ready_build(meeting, PackBuild.Variant.FRONT, key)
    if found is not None:
        return _verified(found, current_stamp)

    def build():
        _build_and_store(meeting, PackBuild.Variant.PUBLIC, plan, key)
        return cache.ready_build(meeting, PackBuild.Variant.FRONT, key)

    cache.get_or_build(meeting, PackBuild.Variant.PUBLIC, key, build)
    return _verified(cache.ready_build(meeting, PackBuild.Variant.FRONT, key), current_stamp)


def paper_pdf_for(paper: Paper) -> PackBuild:
    """An authored officer report as a PDF of its own (for the paper download link)."""
    meeting = paper.item.meeting
    source = PaperSource(paper)
    key = hashlib.sha256((render.TEMPLATE_VERSION + structure.VERSION + source.fingerprint()).encode()).hexdigest()
    name = f"paper-{paper.pk}"

    def build():
        warnings: list[str] = []
        data = builder.single_pdf(
            source.pdf(warnings), title=paper.title, exempt=paper.is_exempt, paragraph=paper.item.exempt_paragraph
        )
        pages = render.page_count(data)
        stored = cache.store(
            meeting, PackBuild.Variant.PAPER, key, data, page_count=pages, warnings=warnings, name=name
        )
        paper_rendered_size_set(paper=paper, page_count=pages, size_bytes=len(data))
        return stored

    return cache.get_or_build(meeting, PackBuild.Variant.PAPER, key, build, lock_name=name)


def exempt_paper_pdf_for(paper: Paper) -> PackBuild:
    """An uploaded exempt paper as those allowed get it on its own: every page stamped "NOT FOR
    PUBLICATION – paragraph N of Schedule 12A …" (built once per version of the file)."""
    meeting = paper.item.meeting
    key = hashlib.sha256(
        f"{render.TEMPLATE_VERSION}\x00{structure.VERSION}\x00exempt-paper\x00{paper.pk}\x00{paper.sha256}\x00{paper.file.name}"
        f"\x00{paper.item.exempt_paragraph}".encode()
    ).hexdigest()
    name = f"exempt-paper-{paper.pk}"

    def build():
        with paper.file.open("rb") as handle:
            original = handle.read()
        data = builder.single_pdf(original, title=paper.title, exempt=True, paragraph=paper.item.exempt_paragraph)
        return cache.store(meeting, PackBuild.Variant.PAPER, key, data, page_count=render.page_count(data), name=name)

    return cache.get_or_build(meeting, PackBuild.Variant.PAPER, key, build, lock_name=name)


def prebuild(meeting: Meeting, *, full: bool = True) -> list[PackBuild]:
    """Build authored papers' PDFs, then the public pack (and front sheet) and the full pack.

    Papers come first: recording a paper's rendered size is a saved change, so the packs are
    built (and verified against the change stamp) after it."""
    builds = [
        paper_pdf_for(paper)
        for paper in Paper.objects.filter(item__meeting=meeting, report__isnull=False).select_related("item__meeting")
    ]
    builds.append(pack_for(meeting, visibility.THE_PUBLIC))
    if full and has_exempt_content(meeting):
        builds.append(pack_for(meeting, EXEMPT_READER))
    minutes = printed_minutes_for(meeting, visibility.THE_PUBLIC)
    if minutes is not None:
        builds.append(minutes)
    return builds


def download_name(meeting: Meeting, what: str) -> str:
    local = timezone.localtime(meeting.start)
    return f"{slugify(meeting.committee_name)[:60]}-{local:%Y-%m-%d}-{what}.pdf"


def pack_download_name(meeting: Meeting, variant: str, despatch=None) -> str:
    """The pack's file name: the full pack's says so (…-agenda-pack-including-exempt.pdf)."""
    what = despatch.slug if despatch is not None and not despatch.is_main else "agenda"
    what += "-pack"
    if variant == PackBuild.Variant.FULL:
        what += "-including-exempt"
    return download_name(meeting, what)


# --- despatches: packs stored as issued -------------------------------------------------------


def despatch_has_exempt(despatch) -> bool:
    if any(row.get("exempt") for row in despatch.manifest.get("papers", [])):
        return True
    if any(row.get("exempt") for row in despatch.manifest.get("items", [])):
        return True
    return despatch.is_main and previous_minutes_are_exempt(despatch.meeting)


def despatch_plan(despatch, *, include_exempt: bool) -> builder.PackPlan:
    """What the despatch held: the main agenda (all its items, each item's parts as for any pack)
    or a supplement (the items it adds and the items whose papers it adds or replaces, with only
    those papers, and a note of what each replaces)."""
    meeting = despatch.meeting
    paper_ids = [row["id"] for row in despatch.manifest.get("papers", [])]
    papers = Paper.objects.filter(pk__in=paper_ids)
    if not include_exempt:
        papers = papers.filter(visibility.open_paper_q())
    if despatch.is_main:
        return builder.plan_pack(
            meeting, papers=papers, include_exempt=include_exempt, item_ids=despatch.item_ids, despatch=despatch
        )
    item_ids = set(despatch.item_ids) | {row["item_id"] for row in despatch.manifest.get("papers", [])}
    notes: dict[int, list[str]] = {}
    replaced = despatch.manifest.get("replaced", {})
    for row in despatch.manifest.get("papers", []):
        line = f"{row['title']}"
        if str(row["id"]) in replaced:
            why = replaced[str(row["id"])].get("reason", "")
            line += " – replaces the version issued earlier" + (f" ({why})" if why else "")
        else:
            line += " – added"
        if row.get("exempt") and not include_exempt:
            line += " (not for publication)"
        notes.setdefault(row["item_id"], []).append(line)
    return builder.plan_pack(
        meeting,
        papers=papers,
        include_exempt=include_exempt,
        item_ids=item_ids,
        despatch=despatch,
        papers_only=True,
        notes=notes,
    )


def _despatch_key(despatch, plan: builder.PackPlan) -> str:
    return hashlib.sha256(f"despatch-{despatch.pk}\x00{plan.key()}".encode()).hexdigest()


def build_despatch(despatch, *, include_exempt: bool) -> PackBuild:
    """Build and store a despatch's pack (and, for the public pack, its front sheet)."""
    plan = despatch_plan(despatch, include_exempt=include_exempt)
    key = _despatch_key(despatch, plan)
    variant = PackBuild.Variant.FULL if include_exempt else PackBuild.Variant.PUBLIC
    built = builder.build_pack(plan)
    build = cache.store_despatch(
        despatch, variant, key, built.data, page_count=built.page_count, warnings=built.warnings, seconds=built.seconds
    )
    if not include_exempt:
        cache.store_despatch(despatch, PackBuild.Variant.FRONT, key, built.front_pdf, page_count=built.front_pages)
    return build


def store_despatch_packs(despatch) -> list[PackBuild]:
    """At issue: the public pack and front sheet and, when it holds exempt papers, the full pack."""
    builds = [build_despatch(despatch, include_exempt=False)]
    if despatch_has_exempt(despatch):
        builds.append(build_despatch(despatch, include_exempt=True))
    return builds


def despatch_variant(despatch, user) -> str:
    if visibility.can_view_exempt(user) and despatch_has_exempt(despatch):
        return PackBuild.Variant.FULL
    return PackBuild.Variant.PUBLIC


def despatch_build(despatch, user, *, front: bool = False) -> PackBuild:
    """The stored file of a despatch for this user (built now if it is missing, e.g. for an agenda
    issued before despatches were stored)."""
    variant = PackBuild.Variant.FRONT if front else despatch_variant(despatch, user)
    for build in PackBuild.objects.filter(despatch=despatch, variant=variant, status=PackBuild.Status.READY):
        if cache.is_stored(build.path):
            return build
    with cache.build_lock(f"{despatch.meeting_id}-despatch-{despatch.number}-{variant}"):
        found = PackBuild.objects.filter(despatch=despatch, variant=variant, status=PackBuild.Status.READY).first()
        if found is not None and cache.is_stored(found.path):
            return found
        full = build_despatch(despatch, include_exempt=variant == PackBuild.Variant.FULL)
        if front:
            return PackBuild.objects.get(despatch=despatch, variant=PackBuild.Variant.FRONT, key=full.key)
        return full


def despatch_documents(meeting: Meeting, user, despatches=None) -> list[dict]:
    """Each despatch the user may see, in order, with its stored files (for the meeting page).
    `despatches`, when given, are those already loaded through the visibility rule."""
    from meetings.agendas.models import Despatch

    if despatches is None:
        despatches = list(Despatch.objects.visible_to(user).filter(meeting=meeting).order_by("number"))
    if not despatches:
        return []
    builds = {}
    for b in PackBuild.objects.filter(despatch__in=despatches, status=PackBuild.Status.READY):
        builds[(b.despatch_id, b.variant)] = b
    exempt_reader = visibility.can_view_exempt(user)
    rows = []
    for d in despatches:
        # A full pack stored at issue says the despatch holds exempt material (no extra query).
        full = exempt_reader and (
            (d.pk, PackBuild.Variant.FULL) in builds
            or any(row.get("exempt") for row in d.manifest.get("papers", []) + d.manifest.get("items", []))
        )
        variant = PackBuild.Variant.FULL if full else PackBuild.Variant.PUBLIC
        rows.append(
            {
                "despatch": d,
                "pack": builds.get((d.pk, variant)),
                "front": builds.get((d.pk, PackBuild.Variant.FRONT)),
                "is_full": variant == PackBuild.Variant.FULL,
            }
        )
    return rows


def documents(meeting: Meeting, user, items=None) -> dict:
    """Links for the meeting page, with size and pages of the stored files verified against the
    current change stamp (a few queries, whatever the size of the agenda). Before a file is built
    or re-verified after a change the link shows no size; downloading, `build_packs` or the
    publish hook build and verify it."""
    current_stamp = stamp.current()
    variant = pack_variant(meeting, user, items=items)
    ready = list(
        PackBuild.objects.filter(
            meeting=meeting,
            status=PackBuild.Status.READY,
            despatch__isnull=True,
            variant__in=[variant, PackBuild.Variant.FRONT, PackBuild.Variant.MINUTES],
        ).order_by("-built_at")
    )
    builds = {
        b.variant: b
        for b in ready
        if b.variant != PackBuild.Variant.MINUTES and b.stamp == current_stamp and cache.is_stored(b.path)
    }
    return {
        "pack": builds.get(variant),
        "pack_is_full": variant == PackBuild.Variant.FULL,
        "front": builds.get(PackBuild.Variant.FRONT),
        "has_papers": True,
        "minutes": minutes_document(meeting, user, builds=[b for b in ready if b.variant == PackBuild.Variant.MINUTES]),
    }


def printed_minutes_for(meeting: Meeting, user) -> PackBuild | None:
    """The meeting's own minutes as a PDF, or None while the user may not read them."""
    from meetings.packs.minutes import MINUTES_TEMPLATE, printed_minutes_context

    context = printed_minutes_context(meeting, user)
    if not context:
        return None
    html = render.render_html(MINUTES_TEMPLATE, {**context, "for_pack": False})
    include_exempt = bool(context.get("can_view_exempt"))
    key = hashlib.sha256(
        f"{render.TEMPLATE_VERSION}\x00{structure.VERSION}\x00{include_exempt}\x00{html}".encode()
    ).hexdigest()
    name = f"minutes-{'full' if include_exempt else 'public'}"

    def build():
        import io

        from pypdf import PdfReader

        from meetings.packs.minutes import exempt_minute_pages, minute_marks

        local = timezone.localtime(meeting.start)
        rendered = cache.rendered_part(html)
        # For those who may read exempt minutes: only the pages of an exempt minute are marked.
        marks = exempt_minute_pages(PdfReader(io.BytesIO(rendered)), minute_marks(context)) if include_exempt else {}
        data = builder.single_pdf(
            rendered,
            title=f"{meeting.committee_name}, minutes of the meeting held on {local.day} {local:%B %Y}",
            exempt_pages=marks,
        )
        return cache.store(meeting, PackBuild.Variant.MINUTES, key, data, page_count=render.page_count(data), name=name)

    return cache.get_or_build(meeting, PackBuild.Variant.MINUTES, key, build, lock_name=f"{meeting.pk}-{name}")


def minutes_document(meeting: Meeting, user, builds=None) -> dict | None:
    """The printed minutes link for the meeting page, once the user may read the minutes.
    Size and pages are those of the latest build for this audience (None before the first)."""
    if not MeetingMinutes.objects.visible_to(user).filter(meeting=meeting).exists():
        return None
    name = f"minutes-{'full' if visibility.can_view_exempt(user) else 'public'}"
    if builds is None:
        build = (
            PackBuild.objects.filter(
                meeting=meeting,
                variant=PackBuild.Variant.MINUTES,
                status=PackBuild.Status.READY,
                path__contains=f"/{name}-",
            )
            .order_by("-built_at")
            .first()
        )
    else:  # already loaded, newest first
        build = next((b for b in builds if f"/{name}-" in b.path), None)
    return {"build": build}
