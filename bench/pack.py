"""Agenda pack benchmark: cold build, cached download, and the ratio to WeasyPrint alone.

    .venv/bin/python bench/pack.py            # --rounds 30

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

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings.models import AgendaItem, Meeting, OfficerReport, Paper, ReportSection  # noqa: E402
from meetings.packs import api, builder, cache, render  # noqa: E402
from meetings.agendas.services import paper_create

SEED_COLD_TARGET = 1.5
BIG_COLD_TARGET = 10.0
CACHED_TARGET_MS = 20.0


def make_report_pdf(pages: int, title: str) -> bytes:
    body = "".join(
        f'<section style="break-after: page"><h1>{title}</h1><h2>Section {n + 1}</h2>'
        + "".join(f"<p>{n + 1}.{p} The service continues to work with partners to improve practice, "
                  "with audit activity, supervision and training reported monthly.</p>" for p in range(1, 14))
        + "</section>"
        for n in range(pages)
    )
    return render.html_to_pdf(f"<html lang='en-GB'><body>{body}</body></html>")


def fresh_storage():
    shutil.rmtree(cache.media_path(cache.PACK_DIR), ignore_errors=True)


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
        committee=template.committee, start=start,
        defaults={"venue": template.venue, "agenda_issued_on": datetime.date(2019, 3, 1),
                  "access_notes": template.access_notes},
    )
    if meeting.items.filter(title="Inspection report 12").exists():
        return meeting
    meeting.items.all().delete()
    AgendaItem.objects.create(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES,
                              purpose="To approve as a correct record the minutes of the previous meeting.")
    pdf = make_report_pdf(15, "Inspection report")
    for n in range(2, 13):
        item = AgendaItem.objects.create(meeting=meeting, number=n, title=f"Inspection report {n}",
                                         report_of="the Director of Education", purpose="To note the report.")
        paper_create(item=item, title=f"Inspection report {n}", file=ContentFile(pdf, name=f"r{n}.pdf"))
    for n in range(13, 17):
        item = AgendaItem.objects.create(meeting=meeting, number=n, title=f"Officer report {n}")
        report = OfficerReport.objects.create(
            report_to="Ofsted Subgroup", subject=f"Officer report {n}", report_of="Strategic Director",
            summary="A summary.", recommendations="To note the report.")
        for s in range(1, 9):
            ReportSection.objects.create(report=report, order=s, heading=f"Section {s}", body="\n\n".join(
                f"Paragraph {p}: the service continues to work with partners to improve practice, with audit "
                "activity, supervision and training reported monthly to the improvement board." for p in range(12)))
        Paper.objects.create(item=item, title=f"Officer report {n}", report=report)
    return meeting


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
    args = parser.parse_args()
    media = Path(os.environ.get("BENCH_MEDIA_ROOT", "/tmp/scrutiny-bench-media"))
    default_db = Path("/tmp/scrutiny-bench-packs.sqlite3")
    if not media.exists() and settings.DATABASES["default"]["NAME"] == str(default_db):
        default_db.unlink(missing_ok=True)  # papers live in the media folder: start both afresh
    media.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = media
    settings.PACK_RENDER_PROCESSES = int(os.environ.get("PACK_RENDER_PROCESSES", "2"))
    print(f"Rendering parts with {settings.PACK_RENDER_PROCESSES} process(es); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    meeting = demo_meeting()
    big = big_meeting(meeting)
    render.html_to_pdf("<p>warm up fonts</p>")

    failed = False
    seed_s, build = cold(meeting)
    alone = weasyprint_alone(meeting)
    times = cached_ms(meeting, args.rounds)
    print(f"Demo meeting pack ({meeting}): {build.page_count} pages, {build.size_bytes / 1024:.0f} KB")
    print(f"  cold build          {seed_s:6.2f} s   (target ≤ {SEED_COLD_TARGET} s)")
    print(f"  WeasyPrint alone    {alone:6.2f} s   ratio {seed_s / alone:.2f}×")
    print(f"  cached download     p50 {statistics.median(times):.1f} ms, p95 "
          f"{sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms, max {max(times):.1f} ms   (target ≤ {CACHED_TARGET_MS} ms)")
    failed |= seed_s > SEED_COLD_TARGET or statistics.median(times) > CACHED_TARGET_MS

    big_s, big_build = cold(big)
    big_alone = weasyprint_alone(big)
    big_times = cached_ms(big, max(5, args.rounds // 3))
    print(f"Large pack: {big_build.page_count} pages, {big_build.size_bytes / 1024 / 1024:.1f} MB")
    print(f"  cold build          {big_s:6.2f} s   (target ≤ {BIG_COLD_TARGET} s)")
    print(f"  WeasyPrint alone    {big_alone:6.2f} s   ratio {big_s / big_alone:.2f}×")
    print(f"  cached download     p50 {statistics.median(big_times):.1f} ms")
    failed |= big_s > BIG_COLD_TARGET
    print("FAILED a target" if failed else "All targets met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
