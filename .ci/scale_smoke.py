#!/usr/bin/env python3
"""Scale smoke check: the topology of README "Production" on one machine, with nothing shared locally.

    .venv/bin/python .ci/scale_smoke.py [--database scrutiny_scale_smoke] [--cache-url redis://…]

Starts, with DEBUG=0, a random SECRET_KEY, TASKS_BACKEND=database and the STORAGE_S3_* variables:

- a fresh PostgreSQL database (on 127.0.0.1:5432, trust auth; dropped at the end),
- a local S3 server (moto in server mode, on a free port) with a versioned bucket,
- two gunicorn instances (A and B) on two ports, each with its own empty working directory as cwd,
  MEDIA_ROOT and TMPDIR, so that the only things they share are the database, the bucket (and the
  cache when --cache-url is given),
- one task worker (`manage.py db_worker`).

Then, printing each step: /healthz and /readyz answer on both instances; an officer signs in on A
(password, then a code from a TOTP device registered with `add_totp_device`), adds an agenda item
with an uploaded paper through the admin of B, and issues the agenda through the admin of A; the
meeting page says the pack is being prepared until the worker has built it; the pack downloaded
from B has the same bytes as the pack A serves. Then a supplementary agenda is issued on A and
the worker is stopped while it builds that pack (SIGTERM, or SIGKILL with --kill), and started
again: the pack is built exactly once (one version of each stored file in the versioned bucket, one
build record per file). Afterwards no file was written to either instance's working directory or
MEDIA_ROOT, and /readyz names the storage once the S3 server is gone.

Fails with a clear message and exit status 1 at the first step that does not hold, printing the
last lines of the logs of every process. Everything it started is stopped; nothing is left behind.
"""

import argparse
import base64
import hashlib
import html
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import boto3
import psycopg2
import requests
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable  # the project's virtual environment (make scale-smoke runs .venv/bin/python)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"
BUCKET = "scrutiny-scale-smoke"
PASSWORD = "scrutiny-demo"  # demo_login's password for the demo officer
PREPARING = "being prepared"
TASK_TABLE = "django_tasks_database_dbtaskresult"
STARTED = time.monotonic()


class Failure(Exception):
    pass


def step(message: str) -> None:
    print(f"--- {message} ({time.monotonic() - STARTED:.0f} s)", flush=True)


def ok(message: str) -> None:
    print(f"    ok: {message}", flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise Failure(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- processes -----------------------------------------------------------------------------------


class Processes:
    """Every process started, each in its own process group with its log in the run folder."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], *, env: dict, cwd: Path) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.running[name] = process
        return process

    def signal(self, name: str, signum: int) -> None:
        process = self.running[name]
        if process.poll() is None:
            os.killpg(process.pid, signum)

    def stop(self, name: str, timeout: float = 20) -> int | None:
        process = self.running.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return process.returncode

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def tail(self, lines: int = 40) -> None:
        for log in sorted(self.logs.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()
            print(f"--- last lines of {log.name}:")
            for line in text[-lines:]:
                print("    " + line)


def run(args: list[str], *, env: dict, cwd: Path, log: Path, timeout: float = 600) -> None:
    """A one-off command (migrate, load_demo …); its output goes to the log, shown if it fails."""
    with open(log, "ab") as handle:
        result = subprocess.run(args, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout)
    if result.returncode != 0:
        print(log.read_text(errors="replace")[-4000:])
        raise Failure(f"{' '.join(args[1:3])} failed (exit {result.returncode}).")


def manage(*args: str) -> list[str]:
    return [PY, str(ROOT / "manage.py"), *args]


def wait_for(what: str, predicate, timeout: float, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(interval)


# -- HTTP ----------------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of every <form> in a page, with the values a browser would submit unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": [], "names": set()})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            form["names"].add(name)
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form["fields"].append([name, a.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "select" and name:
            form["names"].add(name)
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            form["names"].add(name)
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or ([self._select["first"]] if self._select["first"] is not None else [])
            for value in chosen:
                self.forms[-1]["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append([self._textarea[0], self._textarea[1].removeprefix("\n")])
            self._textarea = None


class Client:
    """A browser-like client of one instance, behind the (played) TLS proxy: every request says
    X-Forwarded-Proto: https, as README "Production" asks of the proxy."""

    def __init__(self, base: str, session: requests.Session | None = None):
        self.base = base
        self.session = session or requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "scrutiny-scale-smoke"})

    def url(self, path: str) -> str:
        return urljoin(self.base, path)

    def behind_tls(self) -> None:
        """The server marks its cookies Secure (SECURE_COOKIES, as in production); a browser
        sends them back over https to the proxy, so this client sends them over loopback."""
        for cookie in self.session.cookies:
            cookie.secure = False

    def get(self, path: str, **kwargs) -> requests.Response:
        self.behind_tls()
        return self.session.get(self.url(path), allow_redirects=False, timeout=120, **kwargs)

    def follow(self, response: requests.Response, limit: int = 5) -> requests.Response:
        """Follow redirects by hand: the server writes https:// URLs for the proxy's scheme."""
        for _ in range(limit):
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            location = urlsplit(urljoin(response.url, response.headers["Location"]))
            response = self.get(location.path + (f"?{location.query}" if location.query else ""))
        return response

    def submit(self, path: str, values: dict, *, form_with: str, files: dict | None = None) -> requests.Response:
        """GET the page, fill in the form holding the field `form_with` as a browser would
        (every other field keeps its value), POST it (with the CSRF token and Referer)."""
        page = self.follow(self.get(path))
        check(page.status_code == 200, f"GET {path} answered {page.status_code}.")
        parser = FormParser()
        parser.feed(page.text)
        form = next((f for f in parser.forms if form_with in f["names"]), None)
        check(form is not None, f"No form with a {form_with!r} field on {path}.")
        fields = [(name, value) for name, value in form["fields"] if name not in values]
        fields += [(name, value) for name, value in values.items()]
        target = urljoin(page.url, form["action"] or path)
        https_origin = "https://" + urlsplit(self.base).netloc
        self.behind_tls()
        return self.session.post(
            target,
            data=fields,
            files=files,
            allow_redirects=False,
            timeout=120,
            headers={"Referer": https_origin + path},
        )


def pdf_with_text(marker: str, pages: int) -> bytes:
    """A paper to upload: a PDF of `pages` pages of text carrying `marker`."""
    from weasyprint import HTML

    body = "".join(
        f"<h1>{html.escape(marker)}, page {n}</h1>" + "<p>The committee is asked to note the report.</p>" * 12
        for n in range(1, pages + 1)
    )
    css = "<style>h1 { break-before: page; } h1:first-child { break-before: auto; }</style>"
    return HTML(string=f"<html><head>{css}</head><body>{body}</body></html>").write_pdf()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# -- the check -----------------------------------------------------------------------------------


class ScaleSmoke:
    def __init__(self, args, work: Path):
        self.args = args
        self.work = work
        (work / "logs").mkdir()
        self.procs = Processes(work / "logs")
        self.database = args.database
        self.db_url = f"{PG}/{self.database}"
        self.s3_port, self.port_a, self.port_b = free_port(), free_port(), free_port()
        self.s3_url = f"http://127.0.0.1:{self.s3_port}"
        self.instances = {}
        for name, port in (("A", self.port_a), ("B", self.port_b)):
            home = work / f"instance-{name}"
            for sub in ("cwd", "media", "tmp"):
                (home / sub).mkdir(parents=True)
            self.instances[name] = {"port": port, "home": home, "base": f"http://127.0.0.1:{port}/"}
        self.static_root = work / "static"  # built once, like the image's static files
        secret = secrets.token_urlsafe(50)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "DEBUG": "0",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.port_a},https://127.0.0.1:{self.port_b}",
            "DATABASE_URL": self.db_url,
            "STATIC_ROOT": str(self.static_root),
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_COOKIES": "1",
            "SITE_URL": f"https://127.0.0.1:{self.port_a}",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "TASKS_BACKEND": "database",
            "STORAGE_S3_BUCKET": BUCKET,
            "STORAGE_S3_ENDPOINT_URL": self.s3_url,
            "STORAGE_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "scale-smoke",
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
            "CACHE_URL": args.cache_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    # environment of one process: its own working directory, media root and temporary folder
    def env_for(self, name: str) -> dict:
        home = self.work / f"process-{name}" if name not in self.instances else self.instances[name]["home"]
        for sub in ("cwd", "media", "tmp"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        return {**self.env, "HOME": str(home), "MEDIA_ROOT": str(home / "media"), "TMPDIR": str(home / "tmp")}

    def cwd_for(self, name: str) -> Path:
        home = self.work / f"process-{name}" if name not in self.instances else self.instances[name]["home"]
        return home / "cwd"

    def one_off(self, name: str, *args: str, env_extra: dict | None = None, timeout: float = 600) -> None:
        env = {**self.env_for(name), **(env_extra or {})}
        run(manage(*args), env=env, cwd=self.cwd_for(name), log=self.work / "logs" / f"{name}.log", timeout=timeout)

    # -- database --------------------------------------------------------------------------------

    def sql(self, query: str, params=()):
        with psycopg2.connect(self.db_url) as connection, connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall() if cursor.description else []
        connection.close()
        return rows

    def admin_sql(self, query: str) -> None:
        connection = psycopg2.connect(f"{PG}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(query)
        connection.close()

    def unfinished_tasks(self) -> list[tuple]:
        return self.sql(f"SELECT task_path, status FROM {TASK_TABLE} WHERE status IN ('READY', 'RUNNING')")

    def wait_for_tasks(self, what: str, timeout: float) -> None:
        def drained():
            failed = self.sql(f"SELECT task_path, exception_class_path FROM {TASK_TABLE} WHERE status = 'FAILED'")
            check(not failed, f"A task failed while waiting for {what}: {failed}")
            return not self.unfinished_tasks()

        try:
            wait_for(what, drained, timeout)
        except Failure as failure:
            raise Failure(f"{failure} Tasks not finished: {self.unfinished_tasks()}") from None

    # -- services --------------------------------------------------------------------------------

    def start_database(self) -> None:
        step(f"PostgreSQL: fresh database {self.database}")
        try:
            self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.admin_sql(f'CREATE DATABASE "{self.database}"')
        except psycopg2.OperationalError as error:
            raise Failure(f"PostgreSQL does not answer on 127.0.0.1:5432 with trust auth: {error}") from None

    def start_s3(self) -> None:
        step(f"S3: moto server on {self.s3_url}, versioned bucket {BUCKET}")
        self.procs.start(
            "s3",
            [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
            env={**self.env_for("s3")},
            cwd=self.cwd_for("s3"),
        )
        self.s3 = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )

        def answers():
            try:
                return requests.get(self.s3_url + "/moto-api/", timeout=2).status_code < 500
            except requests.ConnectionError:
                return False

        wait_for("the S3 server", answers, 30)
        self.s3.create_bucket(Bucket=BUCKET)
        # Every write of an object keeps a version: the count of versions is the count of writes.
        self.s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})

    def prepare(self) -> None:
        step("migrate, collectstatic (the image's static files), load_demo, officer with a TOTP device")
        collect = subprocess.Popen(
            manage("collectstatic", "--noinput", "--verbosity", "0"),
            env=self.env_for("collectstatic"),
            cwd=self.cwd_for("collectstatic"),
            stdout=open(self.work / "logs" / "collectstatic.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        self.one_off("setup", "migrate", "--noinput")
        self.one_off("setup", "load_demo")
        # demo_login makes the demo officer (Committee officers group, staff); it only runs with
        # DEBUG on, which changes nothing in what it writes to the database.
        self.one_off("setup", "demo_login", env_extra={"DEBUG": "1"})
        output = self.work / "logs" / "setup.log"
        before = output.read_text(errors="replace")
        self.one_off("setup", "add_totp_device", "officer", "--name", "Scale smoke")
        added = output.read_text(errors="replace")[len(before) :]
        match = re.search(r"Secret key \(to type in by hand\): ([A-Z2-7]+)", added)
        check(match, "add_totp_device printed no secret key.")
        self.totp_key = base64.b32decode(match.group(1))
        check(collect.wait() == 0, "collectstatic failed (see collectstatic.log).")
        ok("database migrated, demo loaded, officer has a TOTP device")

    def start_instances(self) -> None:
        for name, instance in self.instances.items():
            step(f"gunicorn {name} on 127.0.0.1:{instance['port']} (cwd, MEDIA_ROOT, TMPDIR: {instance['home']})")
            self.procs.start(
                f"gunicorn-{name}",
                [
                    GUNICORN,
                    "scrutiny.wsgi:application",
                    "--pythonpath",
                    str(ROOT),
                    "--bind",
                    f"127.0.0.1:{instance['port']}",
                    "--workers",
                    "2",
                    "--timeout",
                    "120",
                    "--access-logfile",
                    "-",
                ],
                env=self.env_for(name),
                cwd=self.cwd_for(name),
            )
        self.start_worker()
        for name, instance in self.instances.items():

            def up(base=instance["base"]):
                try:
                    return requests.get(base + "healthz", timeout=30, allow_redirects=False).status_code > 0
                except requests.RequestException:
                    return False

            wait_for(f"gunicorn {name} to answer", up, 90)

    def start_worker(self) -> None:
        step("task worker: manage.py db_worker")
        self.procs.start(
            "worker",
            manage("db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"),
            env=self.env_for("worker"),
            cwd=self.cwd_for("worker"),
        )

    # -- the checks ------------------------------------------------------------------------------

    def check_health(self) -> None:
        step("health: /healthz and /readyz on A and B (as a load balancer probes: plain HTTP)")
        for name, instance in self.instances.items():
            for path in ("healthz", "readyz"):
                response = requests.get(instance["base"] + path, timeout=30, allow_redirects=False)
                check(
                    response.status_code == 200,
                    f"/{path} on {name} answered {response.status_code}: {response.text[:300]}",
                )
            ok(f"{name}: /healthz 200, /readyz 200")

    def sign_in(self) -> None:
        step("officer signs in on A: password, then the TOTP code")
        self.a = Client(self.instances["A"]["base"])
        login = self.a.submit(
            "/admin/login/?next=/admin/", {"username": "officer", "password": PASSWORD}, form_with="password"
        )
        check(login.status_code == 302, f"Admin sign-in answered {login.status_code}: {login.text[:300]}")
        page = self.a.follow(login)
        check("token" in page.text, f"No two-factor page after signing in (status {page.status_code}).")
        code = f"{totp(self.totp_key):06d}"
        verified = self.a.submit("/accounts/two-factor/?next=/admin/", {"token": code}, form_with="token")
        check(verified.status_code == 302, f"The TOTP code was refused ({verified.status_code}).")
        admin = self.a.follow(verified)
        check(
            admin.status_code == 200 and "/admin/logout/" in admin.text and "/admin/meetings/" in admin.text,
            f"The admin index did not open after the TOTP code ({admin.status_code}).",
        )
        # Sessions live in the database: the same signed-in browser is welcome on B.
        self.b = Client(self.instances["B"]["base"], session=self.a.session)
        on_b = self.b.get("/admin/")
        check(on_b.status_code == 200, f"The session from A is not signed in on B ({on_b.status_code}).")
        self.anon = {name: Client(instance["base"]) for name, instance in self.instances.items()}
        ok("signed in and verified on A; the same session works on B")

    def upcoming_meeting(self) -> int:
        rows = self.sql(
            "SELECT id FROM meetings_meeting WHERE start > now() AND agenda_issued_on IS NULL "
            "AND status = 'scheduled' ORDER BY start LIMIT 1"
        )
        check(rows, "The demo has no upcoming meeting whose agenda is not yet issued.")
        return rows[0][0]

    def add_item(self, client: Client, meeting: int, number: int, title: str, marker: str, pages: int) -> None:
        data = pdf_with_text(marker, pages)
        response = client.submit(
            f"/admin/meetings/agendaitem/add/?meeting={meeting}",
            {
                "meeting": str(meeting),
                "number": str(number),
                "title": title,
                "purpose": "To consider the report.",
                "papers-0-order": "1",
                "papers-0-title": title,
            },
            form_with="title",
            files={"papers-0-file": (f"{marker}.pdf", data, "application/pdf")},
        )
        check(
            response.status_code == 302,
            f"Adding agenda item {number} answered {response.status_code}: " + errors_in(response.text),
        )
        ok(f"item {number} added with a {pages}-page paper")

    def issue(self, meeting: int, what: str) -> None:
        today = self.sql("SELECT (now() AT TIME ZONE 'Europe/London')::date")[0][0]
        started = time.monotonic()
        response = self.a.submit(
            f"/admin/meetings/meeting/{meeting}/issue/", {"issued_on": today.isoformat()}, form_with="issued_on"
        )
        elapsed = time.monotonic() - started
        check(
            response.status_code == 302,
            f"Issuing the {what} answered {response.status_code}: " + errors_in(response.text),
        )
        ok(f"{what} issued through A in {elapsed:.1f} s")

    def meeting_page(self, client: Client, meeting: int) -> str:
        response = client.get(f"/meetings/{meeting}/")
        check(response.status_code == 200, f"The meeting page answered {response.status_code}.")
        return response.text

    def despatch(self, meeting: int, number: int) -> int:
        rows = self.sql("SELECT id FROM meetings_despatch WHERE meeting_id = %s AND number = %s", (meeting, number))
        check(rows, f"No despatch {number} was recorded for meeting {meeting}.")
        return rows[0][0]

    def builds(self, despatch: int) -> list[tuple]:
        return self.sql(
            "SELECT variant, status, path FROM meetings_packbuild WHERE despatch_id = %s ORDER BY variant", (despatch,)
        )

    def download(self, client: Client, path: str, name: str) -> bytes:
        response = client.get(path)
        check(response.status_code == 200, f"{path} on {name} answered {response.status_code}.")
        check(
            response.headers.get("Content-Type", "").startswith("application/pdf") and response.content[:5] == b"%PDF-",
            f"{path} on {name} is not a PDF ({response.headers.get('Content-Type')}).",
        )
        return response.content

    def same_pack(self, meeting: int, number: int, marker: str) -> None:
        path = f"/meetings/{meeting}/despatches/{number}/pack.pdf"
        step(f"the pack {path}: the same bytes from A and from B")
        on_a = self.download(self.anon["A"], path, "A")
        on_b = self.download(self.anon["B"], path, "B")
        check(
            hashlib.sha256(on_a).digest() == hashlib.sha256(on_b).digest(),
            f"A and B serve different bytes for {path} ({len(on_a)} and {len(on_b)} bytes).",
        )
        check(marker in pdf_text(on_a), f"The pack does not hold the uploaded paper ({marker!r}).")
        ok(f"{len(on_a):,} bytes, sha256 {hashlib.sha256(on_a).hexdigest()[:16]}…, identical on A and B")

    def versions(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.s3.get_paginator("list_object_versions").paginate(Bucket=BUCKET):
            for version in page.get("Versions", []):
                counts[version["Key"]] = counts.get(version["Key"], 0) + 1
        return counts

    def built_once(self, despatch: int) -> None:
        builds = self.builds(despatch)
        check(builds, "No pack was recorded for the despatch.")
        variants = [variant for variant, _status, _path in builds]
        check(len(variants) == len(set(variants)), f"More than one build record per file: {variants}.")
        check(all(status == "ready" for _v, status, _p in builds), f"Not every build is ready: {builds}.")
        versions = self.versions()
        for variant, _status, path in builds:
            keys = [key for key in versions if key == path or key.endswith("/" + path)]
            check(len(keys) == 1, f"The {variant} file {path} is not in the bucket exactly once: {keys}.")
            check(
                versions[keys[0]] == 1,
                f"The {variant} file {keys[0]} was written {versions[keys[0]]} times (object versions); once expected.",
            )
        ok(f"built once: {', '.join(variants)}: one build record and one object version each")

    def first_issue(self) -> None:
        meeting = self.meeting = self.upcoming_meeting()
        step(f"officer adds an agenda item with a paper through B's admin (meeting {meeting})")
        self.add_item(self.b, meeting, 1, "Ofsted inspections of Manchester schools", "SCALE-SMOKE-ONE", 12)
        self.wait_for_tasks("the worker to finish the waiting tasks (demo packs, the upload)", 300)

        step("officer issues the agenda through A; the worker builds the pack")
        self.issue(meeting, "agenda")
        despatch = self.despatch(meeting, 0)
        page = self.meeting_page(self.anon["B"], meeting)
        if self.builds(despatch) and all(status == "ready" for _v, status, _p in self.builds(despatch)):
            ok("the worker had already built the pack when the page was read")
        else:
            check(
                PREPARING in page.lower(), f"While the pack is built, the meeting page on B does not say {PREPARING!r}."
            )
            ok(f"meeting page on B: “{PREPARING}”")
        self.wait_for_tasks("the worker to build the pack", 180)
        page = self.meeting_page(self.anon["B"], meeting)
        check(PREPARING not in page.lower(), f"The pack is built but the meeting page on B still says {PREPARING!r}.")
        check(f"/meetings/{meeting}/despatches/0/pack.pdf" in page, "The meeting page on B has no link to the pack.")
        ok("the worker built it; the meeting page on B links to the pack")
        self.same_pack(meeting, 0, "SCALE-SMOKE-ONE")
        self.built_once(despatch)

    def interrupted_issue(self) -> None:
        meeting = self.meeting
        signum = signal.SIGKILL if self.args.kill else signal.SIGTERM
        step(f"a supplementary agenda; the worker gets {signum.name} while it builds the pack, then restarts")
        self.add_item(self.b, meeting, 2, "Improvement action plans: progress", "SCALE-SMOKE-TWO", 12)
        self.wait_for_tasks("the worker to finish the waiting tasks (demo packs, the upload)", 300)
        self.issue(meeting, "supplementary agenda")
        despatch = self.despatch(meeting, 1)

        def building():
            running = self.sql(f"SELECT task_path FROM {TASK_TABLE} WHERE status = 'RUNNING'")
            return [path for (path,) in running if "pack" in path.lower()]

        running = wait_for("the worker to start building the supplement's pack", building, 60, interval=0.05)
        self.procs.signal("worker", signum)
        ok(f"{signum.name} sent to the worker while it ran {running[0]}")
        worker = self.procs.running["worker"]
        try:
            worker.wait(120)
        except subprocess.TimeoutExpired:
            raise Failure("The worker did not stop within 120 s of being told to.") from None
        self.procs.running.pop("worker")
        ok(f"the worker stopped (exit {worker.returncode}); build records now: {self.builds(despatch) or 'none'}")
        self.start_worker()
        self.wait_for_tasks("the restarted worker", 180)
        self.same_pack(meeting, 1, "SCALE-SMOKE-TWO")
        self.built_once(despatch)

    def stateless(self) -> None:
        step("nothing written to the instances' working directories or MEDIA_ROOT")
        for name, instance in self.instances.items():
            for sub in ("cwd", "media"):
                files = [p for p in (instance["home"] / sub).rglob("*") if p.is_file()]
                check(not files, f"Instance {name} wrote local files to its {sub}: {files[:5]}")
        ok("A and B keep no local files (their temporary folders aside)")

    def storage_down(self) -> None:
        step("S3 server stopped: /readyz says the storage is not reachable")
        self.procs.stop("s3")
        response = requests.get(self.instances["A"]["base"] + "readyz", timeout=60)
        check(response.status_code == 503, f"/readyz answered {response.status_code} with the S3 server gone.")
        check("storage" in response.text.lower(), f"/readyz does not name the storage: {response.text[:300]}")
        ok("/readyz 503, naming the storage")

    def run(self) -> None:
        self.start_database()
        self.start_s3()
        self.prepare()
        self.start_instances()
        self.check_health()
        self.sign_in()
        self.first_issue()
        self.interrupted_issue()
        self.stateless()
        self.storage_down()

    def close(self) -> None:
        self.procs.stop_all()
        try:
            self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except psycopg2.Error as error:
            print(f"(could not drop database {self.database}: {error})")


def errors_in(page: str) -> str:
    found = re.findall(r'class="[^"]*(?:errornote|errorlist)[^"]*"[^>]*>(.*?)</(?:p|ul)>', page, flags=re.S)
    return " | ".join(re.sub(r"<[^>]+>", " ", text).strip() for text in found)[:600] or page[:300]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="scrutiny_scale_smoke")
    parser.add_argument("--cache-url", default="", help="CACHE_URL for every process (default: local memory)")
    parser.add_argument("--kill", action="store_true", help="SIGKILL the worker mid-build (default: SIGTERM)")
    parser.add_argument("--keep", action="store_true", help="keep the run folder (logs) afterwards")
    args = parser.parse_args()

    # Stopped from outside (CI timeout, Ctrl+C): still stop every process and drop the database.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"Stopped by {signal.Signals(signum).name}."))
    work = Path(tempfile.mkdtemp(prefix="scrutiny-scale-smoke-"))
    smoke = ScaleSmoke(args, work)
    status = 0
    try:
        smoke.run()
        print(f"OK: scale smoke passed in {time.monotonic() - STARTED:.0f} s.")
    except (Failure, requests.RequestException, psycopg2.Error, subprocess.TimeoutExpired) as error:
        print(f"FAILED: {error}")
        smoke.procs.tail()
        status = 1
    finally:
        smoke.close()
        if args.keep:
            print(f"Logs kept in {work}/logs")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
