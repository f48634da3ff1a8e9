"""Search benchmark: p50/p95/max of the search page and of the bare query, on PostgreSQL.

Two sizes of archive (search entries = meetings + 2 × items (each minuted) + decisions):

    162k  2,000 meetings, 30,000 items, 100,000 decisions (target: page p95 ≤ 100 ms)
    1m    12,350 meetings, 185,000 items, 617,650 decisions (target: page p95 ≤ 150 ms)

Make the data once (a database of its own), then measure as often as needed:

    export DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutiny_bench_search
    createdb -h 127.0.0.1 -U postgres scrutiny_bench_search
    .venv/bin/python bench/search.py --size 162k --generate   # migrate + generate_bench_data, then measure
    .venv/bin/python bench/search.py --size 162k              # measure again (--rounds 5)

(--generate replaces earlier bench data: generate_bench_data --clear. The 1m data takes about
six times as long to make as the 162k data and about 3 GB of disk; use another database.)

Each round runs every query of a mix (one common word, a rarer word, two words, a phrase, a
made-up place name, with and without filters, page 1 and page 5) as the public would: through
the search page (form, visibility rule, ranking, count, snippets, template). The machine's load
(`uptime`) is printed beside the figures. Exit status 1 if the page p95 is above the target.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.base")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
# The search itself is measured, not the page cache (README "Caching") answering a repeated query.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from meetings.models import Committee, SearchEntry
from meetings.search.selectors import SearchFilters, search

QUERIES = [
    {"q": "ofsted"},
    {"q": "inspection"},
    {"q": "safeguarding"},
    {"q": "school attendance"},
    {"q": '"care leavers"'},
    {"q": "fostering placement sufficiency"},
    {"q": "Holmere17"},
    {"q": "budget", "order": "newest"},
    {"q": "ofsted", "kind": "decision"},
    {"q": "children", "page": "5"},
    {
        "q": "exploitation",
        "from_day": "1",
        "from_month": "1",
        "from_year": "2015",
        "to_day": "31",
        "to_month": "12",
        "to_year": "2016",
    },
    {"q": "workforce recruitment"},
]


def percentile(values, pct):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


SIZES = {
    "162k": ({"meetings": 2000, "items": 30000, "decisions": 100000}, 100.0),
    "1m": ({"meetings": 12350, "items": 185000, "decisions": 617650}, 150.0),
}


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", choices=sorted(SIZES), default="162k", help="Which archive (and target).")
    parser.add_argument("--generate", action="store_true", help="Migrate and make the --size data first.")
    parser.add_argument("--target-ms", type=float, help="Page p95 target (default: the --size's).")
    args = parser.parse_args()
    counts, target = SIZES[args.size]
    target = args.target_ms or target
    if args.generate:
        from django.core.management import call_command

        started = time.time()
        print(f"generating {args.size} ({uptime()})", flush=True)
        call_command("migrate", verbosity=0)
        call_command("generate_bench_data", clear=True, **counts)
        print(f"generated in {time.time() - started:.0f} s", flush=True)

    if connection.vendor != "postgresql":
        print("Warning: not PostgreSQL; the target applies to PostgreSQL.", file=sys.stderr)
    committee = Committee.objects.filter(slug__startswith="bench-").order_by("pk").first()
    queries = list(QUERIES)
    if committee:
        queries.append({"q": "inspection report", "committee": committee.slug})
    print(f"Database: {connection.vendor}; search entries: {SearchEntry.objects.count():,} ({uptime()})")
    by_kind = SearchEntry.objects.values_list("kind").order_by("kind")
    from django.db.models import Count

    for kind, n in by_kind.annotate(n=Count("id")).values_list("kind", "n"):
        print(f"  {kind}: {n:,}")

    client = Client()
    page_times, query_times = [], []
    by_query: dict[str, list[float]] = {}
    client.get("/search/", {"q": "warm up"})
    for _ in range(args.rounds):
        for params in queries:
            started = time.perf_counter()
            response = client.get("/search/", params)
            page_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            label = " ".join(f"{k}={v}" for k, v in params.items() if k != "q")
            by_query.setdefault(f"{params['q']} {label}".strip(), []).append(page_times[-1])

            started = time.perf_counter()
            results = search(user=AnonymousUser(), filters=SearchFilters(query=params["q"]))
            results.entries(results.ids[:20])
            query_times.append((time.perf_counter() - started) * 1000)

    def line(name, values):
        return (
            f"{name:<28} n={len(values):<4} p50={statistics.median(values):7.1f} ms  "
            f"p95={percentile(values, 95):7.1f} ms  max={max(values):7.1f} ms"
        )

    print("search page per query (median, max ms), slowest first:")
    for name, values in sorted(by_query.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {statistics.median(values):7.1f} {max(values):7.1f}  {name[:70]}")
    print(line("search page (full request)", page_times))
    print(line("search query (rank + page)", query_times))
    p95 = percentile(page_times, 95)
    verdict = "OK" if p95 <= target else "ABOVE TARGET"
    print(f"Page p95 {p95:.1f} ms against a target of {target:.0f} ms ({args.size}): {verdict}")
    print(f"({uptime()})")
    return 0 if p95 <= target else 1


if __name__ == "__main__":
    sys.exit(main())
