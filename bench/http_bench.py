"""HTTP benchmark of the production shape: requests per second of each page type.

    make bench                                   # or: .venv/bin/python bench/http_bench.py
    .venv/bin/python bench/http_bench.py --large  # also with a generated large council (minutes)
    .venv/bin/python bench/http_bench.py --cache-url redis://127.0.0.1:6379/5

(Not bench/http.py: a script's folder comes first on the import path, so a file of that name
would hide the standard library's http package from every benchmark in bench/.)

It builds the production shape on a PostgreSQL database of its own (DROP/CREATE
``scrutiny_bench_http`` on 127.0.0.1 as user postgres; --db to change): DEBUG=0 and a random secret
key, migrate, collectstatic into a temporary folder, the demo (load_demo, build_packs --all),
optionally ``generate_bench_data`` (--large: 2,000 meetings, 30,000 items, 100,000 decisions),
then gunicorn with 2 sync workers on a loopback port, and runs ``wrk -t1 -c4 -d5s`` (Debian
package wrk) against each URL. Every figure is a ratio to the trivial view (/robots.txt), and the
cached agenda pack a ratio to the same bytes served as a static file (WhiteNoise). "server ms" is
the median time of 30 sequential requests on one connection (the server time plus loopback).
With --large, a last table sets each page's ratio with the large council against the demo's
(target: within 20 %), judged where both give the same answer: the same meeting, the lists
filtered to the demo's committee; the large council's unfiltered lists and home page are bigger
answers (its newest meetings), shown but not judged.
Signed-in rows use a councillor's session: served from the pages kept for the session unless
marked uncached.

Prints `uptime` before and after: compare figures only from a quiet machine. Exit status 1 if a
target is missed (unless --no-fail).
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# (name, kind) → target ratio. kind: "anon", "signed-in" or "pack".
LARGE_SLACK = 0.2  # the large council's figures within 20 % of the demo's

TARGETS = {
    "meeting page": 0.5,
    "home": 0.5,
    "meeting page (signed in)": 0.15,
    "search ?q=ofsted": 0.2,
    "search ?q=ofsted (signed in)": 0.2,
    "cached agenda pack": 0.5,
}


def sh(*args, env=None, quiet=True):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(args)}")
    return result.stdout if quiet else ""


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


BUST_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench=" .. counter)
end
"""


def wrk(url: str, *, seconds: int, connections: int, cookie: str = "", bust: bool = False) -> tuple[float, int]:
    """wrk's requests per second; `bust` adds ?bench=N (a new URL each time: never cached)."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    if bust:
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(BUST_SCRIPT)
        args[1:1] = ["-s", str(script)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


def server_ms(
    port: int, path: str, *, cookie: str = "", rounds: int = 30, bust: bool = False
) -> tuple[float, int, int]:
    times, status, size = [], 0, 0
    headers = {"Cookie": cookie} if cookie else {}
    for n in range(rounds):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        url = f"{path}{'&' if '?' in path else '?'}bench=ms{n}" if bust else path
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        times.append((time.perf_counter() - started) * 1000)
        status, size = response.status, len(body)
        conn.close()
    return statistics.median(times), status, size


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/robots.txt")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def prepare_urls_and_session(env: dict, static_root: Path) -> dict:
    """Runs inside a Django process with the server's environment: the URLs to measure, a
    councillor's session, and the cached pack copied under STATIC_ROOT."""
    code = f"""
import json, shutil
from pathlib import Path
from django.contrib.auth import get_user_model, HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from meetings.models import Meeting, PackBuild
from meetings.packs import cache
from meetings.roles import COUNCILLORS
from meetings.visibility import THE_PUBLIC

# The demo's meeting with the most items that has minutes: the same one in both rounds (the
# large council's meetings are its own committees', "bench-…").
demo = Meeting.objects.agenda_visible_to(THE_PUBLIC).exclude(committee__slug__startswith="bench-")
meeting = (demo.annotate(n=Count("items")).filter(minutes__isnull=False).order_by("-n", "-start").first()
           or demo.annotate(n=Count("items")).order_by("-n").first())
user, _ = get_user_model().objects.get_or_create(username="bench-councillor")
user.groups.add(Group.objects.get(name=COUNCILLORS))
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
from django.middleware.csrf import _get_new_csrf_string
csrf = _get_new_csrf_string()
pack = (PackBuild.objects.filter(meeting=meeting, variant="public", status="ready").first()
        or PackBuild.objects.filter(variant="public", status="ready", meeting__in=demo).order_by("-size_bytes").first())
target = Path({str(static_root)!r}) / "bench" / "pack.pdf"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_bytes(cache.read(pack.path))
print(json.dumps({{"meeting": meeting.pk, "session": session.session_key, "csrf": csrf,
                  "committee": meeting.committee_id, "committee_slug": meeting.committee.slug,
                  "pack_meeting": pack.meeting_id, "pack_bytes": pack.size_bytes}}))
"""
    import json

    out = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(port: int, info: dict, *, seconds: int, connections: int) -> list[tuple]:
    m = info["meeting"]
    # The councillor's browser has its session and CSRF cookies (as after any page).
    cookie = f"sessionid={info['session']}; csrftoken={info['csrf']}"
    rows = [
        ("trivial view /robots.txt", "/robots.txt", "", False),
        ("meeting page", f"/meetings/{m}/", "", False),
        ("home", "/", "", False),
        ("committees", "/committees/", "", False),
        ("decisions register", "/decisions/", "", False),
        ("search ?q=ofsted", "/search/?q=ofsted", "", False),
        ("API /api/meetings/", "/api/meetings/", "", False),
        ("minutes page", f"/meetings/{m}/minutes/", "", False),
        # The same answer with the large council's rows there to skip: the demo's committee.
        ("decisions register, demo committee", f"/decisions/?committee={info['committee_slug']}", "", False),
        ("API meetings, demo committee", f"/api/meetings/?organization={info['committee']}", "", False),
        ("meeting page (signed in)", f"/meetings/{m}/", cookie, False),
        ("search ?q=ofsted (signed in)", "/search/?q=ofsted", cookie, False),
        # Uncached: a new URL (?bench=N) on every request, so neither cache can answer.
        ("meeting page (anon, uncached)", f"/meetings/{m}/", "", True),
        ("home (anon, uncached)", "/", "", True),
        ("search ?q=ofsted (anon, uncached)", "/search/?q=ofsted", "", True),
        ("API /api/meetings/ (anon, uncached)", "/api/meetings/", "", True),
        ("meeting page (signed in, uncached)", f"/meetings/{m}/", cookie, True),
        ("minutes page (signed in, uncached)", f"/meetings/{m}/minutes/", cookie, True),
        ("decisions register (signed in, uncached)", "/decisions/", cookie, True),
        ("search ?q=ofsted (signed in, uncached)", "/search/?q=ofsted", cookie, True),
        (
            "register, demo committee (anon, uncached)",
            f"/decisions/?committee={info['committee_slug']}",
            "",
            True,
        ),
        ("API meetings, demo committee (uncached)", f"/api/meetings/?organization={info['committee']}", "", True),
        ("static file (the pack's bytes)", "/static/bench/pack.pdf", "", False),
        ("cached agenda pack", f"/meetings/{info['pack_meeting']}/agenda-pack.pdf", "", False),
    ]
    results = []
    for name, path, cookie_value, bust in rows:
        ms, status, size = server_ms(port, path, cookie=cookie_value, bust=bust)
        rate, bad = wrk(
            f"http://127.0.0.1:{port}{path}", seconds=seconds, connections=connections, cookie=cookie_value, bust=bust
        )
        results.append((name, path, status, size, ms, rate, bad))
    return results


def report(results: list[tuple], title: str) -> bool:
    by_name = {r[0]: r for r in results}
    trivial = by_name["trivial view /robots.txt"][5]
    static = by_name["static file (the pack's bytes)"][5]
    print(f"\n{title}\n{uptime()}")
    print(f"{'page':42} {'status':>6} {'bytes':>8} {'server ms':>9} {'req/s':>8} {'ratio':>6} {'target':>7}")
    ok = True
    for name, _path, status, size, ms, rate, bad in results:
        base = static if name == "cached agenda pack" else trivial
        ratio = rate / base if base else 0.0
        target = TARGETS.get(name)
        mark = ""
        if target is not None:
            passed = ratio >= target and status == 200 and not bad
            ok &= passed
            mark = f"≥{target:.2f}{'' if passed else ' MISS'}"
        print(
            f"{name:42} {status:>6} {size:>8} {ms:>9.1f} {rate:>8.0f} {ratio:>6.2f} {mark:>7}"
            + (f"  ({bad} non-2xx)" if bad else "")
        )
    print("(ratios: to /robots.txt; the cached pack to the static file)")
    return ok


def compare(demo: list[tuple], large: list[tuple]) -> bool:
    """Each page's ratio with the large council against the demo's (target: within 20 %), judged
    where both give the same answer (sizes within 10 %): an unfiltered list of the large council's
    newest rows, or a home page listing its meetings, is a bigger answer, not the same one."""
    ratios = {}
    for results in (demo, large):
        by_name = {r[0]: r for r in results}
        trivial, static = by_name["trivial view /robots.txt"][5], by_name["static file (the pack's bytes)"][5]
        for name, _path, _status, size, _ms, rate, _bad in results:
            base = static if name == "cached agenda pack" else trivial
            ratios.setdefault(name, []).append((rate / base if base else 0.0, size))
    print(f"\n== the large council against the demo (ratio of ratios; target ≥ {1 - LARGE_SLACK:.2f})")
    ok = True
    for name, ((demo_ratio, demo_size), (large_ratio, large_size)) in ratios.items():
        if name in ("trivial view /robots.txt", "static file (the pack's bytes)"):
            continue
        against = large_ratio / demo_ratio if demo_ratio else 0.0
        same = demo_size and abs(large_size / demo_size - 1) <= 0.1
        verdict = ("" if against >= 1 - LARGE_SLACK else " MISS") if same else " (a bigger answer)"
        ok &= not verdict.endswith("MISS")
        print(f"{name:42} {demo_ratio:6.2f} {large_ratio:6.2f} {against:6.2f}{verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="scrutiny_bench_http")
    parser.add_argument("--port", type=int, default=8743)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--large", action="store_true", help="Then also with generate_bench_data (minutes).")
    parser.add_argument("--large-only", action="store_true", help="Only the large council.")
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the server (default: local memory).")
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install -y wrk)")

    work = Path(tempfile.mkdtemp(prefix="scrutiny-bench-http-"))
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("SECURE_", "PAGE_CACHE_")):
            del env[name]
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_PROXY_SSL_HEADER": "",
            "OTP_REQUIRED_FOR_STAFF": "0",
            "CACHE_URL": args.cache_url,
            "LOG_LEVEL": "ERROR",
        }
    )
    server = None
    try:
        print(f"setting up ({uptime()})", flush=True)
        sh(
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)",
            "-c",
            f"CREATE DATABASE {args.db}",
        )
        sh(PY, "manage.py", "migrate", "--noinput", env=env)
        sh(PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0", env=env)
        sh(PY, "manage.py", "load_demo", env=env)
        sh(PY, "manage.py", "build_packs", "--all", env=env)
        rounds = [] if args.large_only else [("the demo", False)]
        if args.large or args.large_only:
            rounds.append(("a large council (generate_bench_data)", True))
        ok = True
        measured = []
        for title, large in rounds:
            if large:
                print(f"generating the large council ({uptime()})", flush=True)
                sh(PY, "manage.py", "generate_bench_data", env=env)
            info = prepare_urls_and_session(env, work / "static")
            server = subprocess.Popen(
                [
                    GUNICORN,
                    "scrutiny.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    str(args.workers),
                    "--timeout",
                    "120",
                    "--error-logfile",
                    str(work / "gunicorn.log"),
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
            wait_for(args.port)
            results = measure(args.port, info, seconds=args.seconds, connections=args.connections)
            measured.append(results)
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
            server = None
            ok &= report(
                results,
                f"== {title}: gunicorn {args.workers} workers, DEBUG=0, PostgreSQL, "
                f"wrk -t1 -c{args.connections} -d{args.seconds}s, "
                f"cache {args.cache_url or 'locmem'}",
            )
        if len(measured) == 2:
            ok &= compare(*measured)
        return 0 if ok or args.no_fail else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-c",
                f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)",
            ],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
