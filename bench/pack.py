"""Agenda pack benchmark: cold build, cached download, and the ratio to WeasyPrint alone.

    .venv/bin/python bench/pack.py            # --rounds 30
    .venv/bin/python bench/pack.py --growth   # also 25-, 100- and 300-page packs: build time, peak memory

Uses a database and media folder of its own (SQLite in /tmp unless DATABASE_URL is set), loads
the demo data, and makes sure item 2 of the 2 October 2018 meeting has a 12-page uploaded report
(like the seed pack). Then it measures:

1. the demo meeting's public pack, built cold (no stored pack, no cached parts);
2. a cached download of it through the pack view (server time: request in, response streamed);
3. the same HTML rendered by WeasyPrint alone (every rendered part and the front sheet once),
   and the ratio of 1 to 3 — the cost of our assembly (pypdf merge, page numbers, two passes);
4. a 200-page pack (uploaded reports, authored reports and a minutes item), built cold.

PACK_RENDER_PROCESSES (default 2 here) renders the parts in that many forked processes.
Targets on the 2-core machine: seed-size cold ≤ 1.5 s, 200 pages ≤ 10 s, cached ≤ 20 ms.
Prints the numbers; exit status 1 if a target is missed.
"""

import argparse
import datetime
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/scrutiny-bench-packs.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.agendas.services import paper_create
from meetings.models import AgendaItem, Meeting, OfficerReport, Paper, ReportSection
from meetings.packs import api, builder, cache, render

SEED_COLD_TARGET = 1.5
BIG_COLD_TARGET = 10.0
CACHED_TARGET_MS = 20.0


def make_report_pdf(pages: int, title: str) -> bytes:
    body = "".join(
        f'<section style="break-after: page"><h1>{title}</h1><h2>Section {n + 1}</h2>'
        + "".join(
            f"<p>{n + 1}.{p} The service continues to work with partners to improve practice, "
            "with audit activity, supervision and training reported monthly.</p>"
            for p in range(1, 14)
        )
        + "</section>"
        for n in range(pages)
    )
    return render.html_to_pdf(f"<html lang='en-GB'><head><title>Report</title></head><body>{body}</body></html>")


def fresh_storage():
    shutil.rmtree(Path(settings.MEDIA_ROOT) / cache.PACK_DIR, ignore_errors=True)


def demo_meeting() -> Meeting:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    meeting = Meeting.objects.select_related("committee").get(
        committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2)
    )
    item = meeting.items.get(number=2)
    uploads = list(item.papers.filter(report__isnull=True))
    if not any(p.page_count >= 12 for p in uploads):
        title = "Post Inspection Action Plan - Progress Report (12 pages)"
        if not item.papers.filter(title=title).exists():
            paper_create(item=item, title=title, file=ContentFile(make_report_pdf(12, title), name="bench.pdf"))
    return meeting


def big_meeting(template: Meeting) -> Meeting:
    """A meeting whose pack is about 200 pages: 11 uploaded reports of 15 pages, 4 authored reports."""
    start = timezone.make_aware(datetime.datetime(2019, 3, 13, 8, 30))
    meeting, _ = Meeting.objects.update_or_create(
        committee=template.committee,
        start=start,
        defaults={
            "venue": template.venue,
            "agenda_issued_on": datetime.date(2019, 3, 1),
            "access_notes": template.access_notes,
        },
    )
    if meeting.items.filter(title="Inspection report 12").exists():
        return meeting
    meeting.items.all().delete()
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Minutes",
        kind=AgendaItem.Kind.MINUTES,
        purpose="To approve as a correct record the minutes of the previous meeting.",
    )
    pdf = make_report_pdf(15, "Inspection report")
    for n in range(2, 13):
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=n,
            title=f"Inspection report {n}",
            report_of="the Director of Education",
            purpose="To note the report.",
        )
        paper_create(item=item, title=f"Inspection report {n}", file=ContentFile(pdf, name=f"r{n}.pdf"))
    for n in range(13, 17):
        item = AgendaItem.objects.create(meeting=meeting, number=n, title=f"Officer report {n}")
        report = OfficerReport.objects.create(
            report_to="Ofsted Subgroup",
            subject=f"Officer report {n}",
            report_of="Strategic Director",
            summary="A summary.",
            recommendations="To note the report.",
        )
        for s in range(1, 9):
            ReportSection.objects.create(
                report=report,
                order=s,
                heading=f"Section {s}",
                body="\n\n".join(
                    f"Paragraph {p}: the service continues to work with partners to improve practice, with audit "
                    "activity, supervision and training reported monthly to the improvement board."
                    for p in range(12)
                ),
            )
        Paper.objects.create(item=item, title=f"Officer report {n}", report=report)
    return meeting


def growth_meeting(template: Meeting, pages: int) -> Meeting:
    """A meeting whose public pack is about `pages` pages: 11-page uploaded reports, one per item."""
    start = timezone.make_aware(datetime.datetime(2019, 6, 1, 10)) + datetime.timedelta(days=pages)
    meeting, _ = Meeting.objects.update_or_create(
        committee=template.committee,
        start=start,
        defaults={"venue": template.venue},
    )
    items = max(1, round((pages - 2) / 12))
    if meeting.items.count() != items:
        meeting.agenda_issued_on = None  # a draft while its papers are added, then issued
        meeting.save()
        meeting.items.all().delete()
        pdf = make_report_pdf(11, "Growth report")
        for n in range(1, items + 1):
            item = AgendaItem.objects.create(
                meeting=meeting,
                number=n,
                title=f"Growth report {n}",
                report_of="the Director of Education",
                purpose="To note the report.",
            )
            paper_create(item=item, title=f"Growth report {n}", file=ContentFile(pdf, name=f"g{n}.pdf"))
    meeting.agenda_issued_on = start.date() - datetime.timedelta(days=7)
    meeting.save()
    return meeting


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cold_with_peak_memory(meeting: Meeting):
    """A cold build, with the peak resident memory of this process above the level before it
    (sampled every 5 ms by a thread; forked render processes, if any, are not counted)."""
    import threading

    fresh_storage()
    baseline, peak, done = rss_bytes(), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_bytes())
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        seconds, build = cold(meeting)
    finally:
        done.set()
        sampler.join()
    return seconds, build, max(0, peak[0] - baseline)


def growth(template: Meeting) -> None:
    """Build time and peak memory for packs of about 25, 100 and 300 pages (parts rendered here,
    one process, so that the memory is all in this process)."""
    processes = settings.PACK_RENDER_PROCESSES
    settings.PACK_RENDER_PROCESSES = 1
    print(f"Growth (cold builds, 1 process; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"  {'pages':>5} {'MB':>6} {'build s':>8} {'s/100 pages':>12} {'peak RSS MB':>12}")
    try:
        for pages in (25, 100, 300):
            meeting = growth_meeting(template, pages)
            seconds, build, peak = cold_with_peak_memory(meeting)
            print(
                f"  {build.page_count:>5} {build.size_bytes / 1024 / 1024:>6.1f} {seconds:>8.2f} "
                f"{seconds / build.page_count * 100:>12.2f} {peak / 1024 / 1024:>12.1f}"
            )
    finally:
        settings.PACK_RENDER_PROCESSES = processes


def weasyprint_alone(meeting: Meeting) -> float:
    """Render the same HTML (front sheet and every rendered part) with WeasyPrint alone."""
    plan = builder.plan_pack(meeting, papers=Paper.objects.visible_to(AnonymousUser()), include_exempt=False)
    from meetings.packs.registry import HtmlSource, PaperSource
    from meetings.packs.reports import report_html

    htmls = [builder._front_html(plan, None)]
    for item_plan in plan.items:
        for source in item_plan.sources:
            if isinstance(source, HtmlSource):
                htmls.append(source.html)
            elif isinstance(source, PaperSource) and source.paper.report_id:
                htmls.append(report_html(source.paper))
    started = time.perf_counter()
    for html in htmls:
        render.html_to_pdf(html)
    return time.perf_counter() - started


def cold(meeting: Meeting):
    fresh_storage()
    started = time.perf_counter()
    build = api.pack_for(meeting, AnonymousUser())
    return time.perf_counter() - started, build


def cached_ms(meeting: Meeting, rounds: int) -> list[float]:
    client = Client()
    url = reverse("meetings:meeting-pack", args=[meeting.pk])
    client.get(url)  # warm
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
        times.append((time.perf_counter() - started) * 1000)
        response.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--growth", action="store_true", help="Also packs of 25, 100 and 300 pages.")
    parser.add_argument("--growth-only", action="store_true", help="Only packs of 25, 100 and 300 pages.")
    args = parser.parse_args()
    media = Path(os.environ.get("BENCH_MEDIA_ROOT", "/tmp/scrutiny-bench-media"))
    default_db = Path("/tmp/scrutiny-bench-packs.sqlite3")
    if not media.exists() and settings.DATABASES["default"]["NAME"] == str(default_db):
        default_db.unlink(missing_ok=True)  # papers live in the media folder: start both afresh
    media.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = media
    settings.PACK_RENDER_PROCESSES = int(os.environ.get("PACK_RENDER_PROCESSES", "2"))
    print(
        f"Rendering parts with {settings.PACK_RENDER_PROCESSES} process(es); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    meeting = demo_meeting()
    render.html_to_pdf("<html lang='en-GB'><head><title>Warm up</title></head><body><p>warm up fonts</p></body></html>")
    if args.growth_only:
        growth(meeting)
        return 0
    big = big_meeting(meeting)

    failed = False
    seed_s, build = cold(meeting)
    alone = weasyprint_alone(meeting)
    times = cached_ms(meeting, args.rounds)
    print(f"Demo meeting pack ({meeting}): {build.page_count} pages, {build.size_bytes / 1024:.0f} KB")
    print(f"  cold build          {seed_s:6.2f} s   (target ≤ {SEED_COLD_TARGET} s)")
    print(f"  WeasyPrint alone    {alone:6.2f} s   ratio {seed_s / alone:.2f}×")
    print(
        f"  cached download     p50 {statistics.median(times):.1f} ms, p95 "
        f"{sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms, max {max(times):.1f} ms   (target ≤ {CACHED_TARGET_MS} ms)"
    )
    failed |= seed_s > SEED_COLD_TARGET or statistics.median(times) > CACHED_TARGET_MS

    big_s, big_build = cold(big)
    big_alone = weasyprint_alone(big)
    big_times = cached_ms(big, max(5, args.rounds // 3))
    print(f"Large pack: {big_build.page_count} pages, {big_build.size_bytes / 1024 / 1024:.1f} MB")
    print(f"  cold build          {big_s:6.2f} s   (target ≤ {BIG_COLD_TARGET} s)")
    print(f"  WeasyPrint alone    {big_alone:6.2f} s   ratio {big_s / big_alone:.2f}×")
    print(f"  cached download     p50 {statistics.median(big_times):.1f} ms")
    failed |= big_s > BIG_COLD_TARGET
    if args.growth:
        growth(meeting)
    print("FAILED a target" if failed else "All targets met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
