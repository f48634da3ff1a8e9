"""Server time per request of each page type, with the demo and with a generated large council.

    .venv/bin/python bench/server_time.py                 # demo, then demo + large council
    .venv/bin/python bench/server_time.py --rounds 40 --no-large
    .venv/bin/python bench/server_time.py --keep          # keep the database for profiling

It makes a PostgreSQL database of its own (DROP/CREATE ``scrutiny_bench_time`` on 127.0.0.1 as user
postgres; --db to change), migrates and loads the demo, measures, then adds a large council with
``generate_bench_data`` (2,000 meetings, 30,000 items, 100,000 decisions; --meetings, --items,
--decisions to change) and measures again. Each page is requested through Django's test client
in one process (no network, no page cache: PAGE_CACHE_SECONDS=0, DEBUG=0), as the public, a
councillor and an officer: the cost of building the page when no cache can answer. Pages of
the two rounds are interleaved request by request (demo, large, demo, …) from two processes taking
turns, so the machine's load falls on both alike. It reports the median and p90 milliseconds per
request, the number of SQL queries, the size of the answer and the rows of a list, and the large
council's median as a ratio to the demo's (target: at most 1.2, point 4 of issue #16), judged where
both give the same answer: the pages of one meeting, and the lists filtered to the demo's committee
(the large council's rows are there to be skipped). An unfiltered list shows the large council's
newest rows, more and longer than the demo's few: a bigger answer, reported with its size. Prints
`uptime` before and after. Exit status 1 if a page of the large council that gives the demo's
answer is more than 20 % slower than the demo's (unless --no-fail).
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET_RATIO = 1.2


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def sh(*args, env):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(args)}")
    return result.stdout


def psql(*sql: str) -> None:
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q"]
    for statement in sql:
        args += ["-c", statement]
    subprocess.run(args, check=True, capture_output=True)


# ---------------------------------------------------------------- the measuring process (--worker)


def worker() -> None:
    """Reads "page-name\\n" lines on stdin, times one request of it, answers one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.base")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from meetings.roles import COMMITTEE_OFFICERS, COUNCILLORS
    from meetings.visibility import THE_PUBLIC

    # The demo's meeting with the most items that has minutes: the same one in both rounds (the
    # large council's meetings are its own committees', "bench-…").
    demo = Meeting.objects.agenda_visible_to(THE_PUBLIC).exclude(committee__slug__startswith="bench-")
    meeting = (
        demo.filter(minutes__isnull=False).annotate(n=Count("items")).order_by("-n", "-start").first()
        or demo.annotate(n=Count("items")).order_by("-n").first()
    )
    users = get_user_model().objects
    councillor, _ = users.get_or_create(username="bench-councillor")
    councillor.groups.add(Group.objects.get(name=COUNCILLORS))
    officer, _ = users.get_or_create(username="bench-officer", defaults={"is_staff": True})
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    clients = {"public": Client(), "councillor": Client(), "officer": Client()}
    clients["councillor"].force_login(councillor)
    clients["officer"].force_login(officer)
    m = meeting.pk
    org, slug = meeting.committee_id, meeting.committee.slug
    pages = {
        "trivial view /robots.txt": ("public", "/robots.txt"),
        "meeting page (public)": ("public", f"/meetings/{m}/"),
        "meeting page (councillor)": ("councillor", f"/meetings/{m}/"),
        "meeting page (officer)": ("officer", f"/meetings/{m}/"),
        "minutes page (councillor)": ("councillor", f"/meetings/{m}/minutes/"),
        "decisions register (public)": ("public", "/decisions/"),
        "decisions register (officer)": ("officer", "/decisions/"),
        "decisions register, all kinds": ("public", "/decisions/?kind=all"),
        "search ?q=ofsted (public)": ("public", "/search/?q=ofsted"),
        "search ?q=ofsted (councillor)": ("councillor", "/search/?q=ofsted"),
        "API /api/meetings/": ("public", "/api/meetings/"),
        "API /api/decisions/": ("public", "/api/decisions/"),
        "API /api/minutes/": ("public", "/api/minutes/"),
        "OParl meeting list": ("public", "/oparl/v1.1/body/meeting/"),
        "OParl agendaItem list": ("public", "/oparl/v1.1/body/agendaitem/"),
        # The same answer in both rounds (the demo's committee): the large council's rows are there
        # to be skipped, not shown.
        "register, demo committee": ("public", f"/decisions/?committee={slug}"),
        "register, demo committee (officer)": ("officer", f"/decisions/?committee={slug}"),
        "API meetings, demo committee": ("public", f"/api/meetings/?organization={org}"),
        "API decisions, demo committee": ("public", f"/api/decisions/?organization={org}"),
        "API minutes, demo committee": ("public", f"/api/minutes/?organization={org}"),
        "OParl meetings, demo committee": ("public", f"/oparl/v1.1/body/meeting/?organization={org}"),
    }
    print(json.dumps({"pages": list(pages), "meeting": str(meeting)}), flush=True)
    for line in sys.stdin:
        name = line.strip()
        who, path = pages[name]
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = clients[who].get(path)
            ms = (time.perf_counter() - started) * 1000
        body = response.content
        rows = None  # rows of a list (the API's data, the register's table)
        if path.startswith(("/api/", "/oparl/")):
            rows = len(json.loads(body)["data"])
        elif path.startswith("/decisions/"):
            rows = body.count(b'<tr class="govuk-table__row">') - 1  # less the heading row
        answer = {"ms": ms, "queries": len(queries), "status": response.status_code, "kb": len(body) / 1024}
        print(json.dumps({**answer, "rows": rows}), flush=True)


# ---------------------------------------------------------------- the driver


class Worker:
    def __init__(self, env: dict):
        self.proc = subprocess.Popen(
            [PY, __file__, "--worker"], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        hello = json.loads(self.proc.stdout.readline())
        self.pages, self.meeting = hello["pages"], hello["meeting"]

    def get(self, name: str) -> dict:
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


WORK = Path(tempfile.gettempdir()) / "scrutiny-bench-time"


def environment(db: str) -> dict:
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("SECURE_", "PAGE_CACHE_")):
            del env[name]
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_PROXY_SSL_HEADER": "",
            "OTP_REQUIRED_FOR_STAFF": "0",
            "PAGE_CACHE_SECONDS": "0",
            "LOG_LEVEL": "ERROR",
            # DEBUG=0 serves static names from collectstatic's manifest; papers go to MEDIA_ROOT.
            "STATIC_ROOT": str(WORK / "static"),
            "MEDIA_ROOT": str(WORK / "media"),
        }
    )
    return env


def make_databases(args, demo_db: str, large_db: str) -> None:
    """The demo in one database; a copy of it with the large council added in the other."""
    psql(f"DROP DATABASE IF EXISTS {demo_db} WITH (FORCE)", f"CREATE DATABASE {demo_db}")
    env = environment(demo_db)
    sh(PY, "manage.py", "migrate", "--noinput", env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0", env=env)
    sh(PY, "manage.py", "load_demo", env=env)
    if args.no_large:
        return
    psql(f"DROP DATABASE IF EXISTS {large_db} WITH (FORCE)", f"CREATE DATABASE {large_db} TEMPLATE {demo_db}")
    print(f"generating the large council ({uptime()})", flush=True)
    sh(
        PY,
        "manage.py",
        "generate_bench_data",
        f"--meetings={args.meetings}",
        f"--items={args.items}",
        f"--decisions={args.decisions}",
        env=environment(large_db),
    )


def report(args, pages, results, started) -> bool:
    """Prints the table; False if a page missed the target or did not answer 200."""

    def stats(rows):
        times = sorted(r["ms"] for r in rows)
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        return statistics.median(times), p90, max(r["queries"] for r in rows), {r["status"] for r in rows}

    def size(rows):
        kb = statistics.median(r["kb"] for r in rows)
        return f"{kb:6.0f}" + (f" {rows[0]['rows']:4}" if rows[0].get("rows") is not None else "     ")

    print(f"\nserver time per request, Django test client, DEBUG=0, PostgreSQL, {args.rounds} requests each")
    print(f"(after {time.time() - started:.0f} s; {uptime()})")
    header = f"{'page':36} {'demo ms':>8} {'p90':>6} {'q':>3} {'KB':>6} {'rows':>4}"
    if not args.no_large:
        header += f" {'large ms':>9} {'p90':>6} {'q':>3} {'KB':>6} {'rows':>4} {'large/demo':>10}"
    print(header)
    ok = True
    for name in pages:
        demo_rows = results[("demo", name)]
        med, p90, q, status = stats(demo_rows)
        line = f"{name:36} {med:8.1f} {p90:6.1f} {q:3} {size(demo_rows)}"
        bad = status != {200}
        if not args.no_large:
            large_rows = results[("large", name)]
            lmed, lp90, lq, lstatus = stats(large_rows)
            ratio = lmed / med
            # Judged only where both give the same answer: a list of the large council's newest
            # rows is a bigger answer (more rows, longer ones), not the same one found among more.
            # A page that is not a list (search included) is judged as it is.
            listed = demo_rows[0].get("rows")
            kb_ratio = statistics.median(r["kb"] for r in large_rows) / max(
                statistics.median(r["kb"] for r in demo_rows), 1e-6
            )
            same = listed is None or (listed == large_rows[0].get("rows") and abs(kb_ratio - 1) <= 0.1)
            # A few milliseconds either way is noise, not growth: judge pages above 5 ms.
            miss = same and ratio > TARGET_RATIO and lmed - med > 1.0
            ok &= not miss
            bad |= lstatus != {200}
            verdict = " MISS" if miss else ("" if same else " (a bigger answer)")
            line += f" {lmed:9.1f} {lp90:6.1f} {lq:3} {size(large_rows)} {ratio:10.2f}{verdict}"
        if bad:
            ok = False
            line += f"  status {sorted(status)}"
        print(line)
    print(
        f"(target: large/demo ≤ {TARGET_RATIO} where both give the same answer; q = SQL queries per request, "
        "at most; KB = size of the answer; rows = rows of a list)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="scrutiny_bench_time")
    parser.add_argument("--rounds", type=int, default=20, help="Requests of each page (after one warm-up).")
    parser.add_argument("--no-large", action="store_true", help="Only the demo.")
    parser.add_argument("--reuse", action="store_true", help="Use the databases as they are (made by --keep).")
    parser.add_argument("--keep", action="store_true", help="Keep the databases afterwards.")
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--items", type=int, default=30000)
    parser.add_argument("--decisions", type=int, default=100000)
    parser.add_argument("--no-fail", action="store_true")
    if "--worker" in sys.argv:
        worker()
        return 0
    args = parser.parse_args()
    demo_db, large_db = args.db, f"{args.db}_large"
    started = time.time()
    print(f"setting up ({uptime()})", flush=True)
    if not args.reuse:
        make_databases(args, demo_db, large_db)
    rounds = [("demo", demo_db)] + ([] if args.no_large else [("large", large_db)])
    workers = {label: Worker(environment(db)) for label, db in rounds}
    try:
        first = workers["demo"]
        print(f"measuring ({uptime()}); the demo's meeting: {first.meeting}", flush=True)
        results: dict[tuple[str, str], list[dict]] = {}
        for name in first.pages:
            for w in workers.values():
                w.get(name)  # warm-up: imports, template loading, connection
            for _ in range(args.rounds):
                for label, w in workers.items():  # interleaved: both rounds see the same load
                    results.setdefault((label, name), []).append(w.get(name))
    finally:
        for w in workers.values():
            w.close()
        if not args.keep:
            for _label, db in rounds:
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            shutil.rmtree(WORK, ignore_errors=True)

    ok = report(args, first.pages, results, started)
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
