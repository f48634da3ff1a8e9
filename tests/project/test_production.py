"""Production readiness: `check --deploy` under the documented environment, the security headers
(a strict Content-Security-Policy and a Permissions-Policy), nothing inline that the policy would
block, stylesheets that refer only to files we ship, and the admin's rich-text editor and the
Swagger UI still working in Chromium under the policy.

The production path itself (DEBUG=0, PostgreSQL, collectstatic, gunicorn, an anonymous crawl of
the whole site) is run by `.ci/production_check`, from `.ci/run`.
"""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from meetings.minutes.models import Minute
from meetings.models import Meeting

from ..crawl import crawl
from ..factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]

# The crawler's HTML checks (.ci/production_check.py), so CI and these tests agree on "inline".
_spec = importlib.util.spec_from_file_location("production_check", ROOT / ".ci" / "production_check.py")
production_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(production_check)


def documented_environment(tmp_path) -> dict[str, str]:
    """.env.example (README "Production"), with a real secret and a throwaway database and folders."""
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env |= {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    return env


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only the documented variables: nothing from the test run (DJANGO_SETTINGS_MODULE, DEBUG...).
    # A developer's .env can only fill variables the documented environment leaves unset.
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=120
    )


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run_python(env, "manage.py", *args)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.split()}


# -- check --deploy -----------------------------------------------------------------------------


def test_check_deploy_is_clean_under_the_documented_environment(tmp_path):
    env = documented_environment(tmp_path)
    assert env["DEBUG"] == "0" and env["SECURE_SSL_REDIRECT"] == "1" and int(env["SECURE_HSTS_SECONDS"]) > 0
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_https_is_switched_off(tmp_path):
    env = documented_environment(tmp_path) | {"SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_https_settings_come_from_the_environment(tmp_path):
    code = (
        "import scrutiny.settings.base as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    env = documented_environment(tmp_path) | {
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_SCHEME,https",
    }
    result = run_python(env, "-c", code)
    assert result.stdout.split() == ["False", "600", "('HTTP_X_SCHEME',", "'https')", "True"], result.stderr
    result = run_python(env | {"SECURE_PROXY_SSL_HEADER": ""}, "-c", code)
    assert result.stdout.split()[2] == "None", result.stderr
    # The defaults with DEBUG off are the production values.
    defaults = {k: v for k, v in env.items() if not k.startswith("SECURE_")}
    result = run_python(defaults, "-c", code)
    expected = ["True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"]
    assert result.stdout.split() == expected, result.stderr


def test_no_secret_key_in_the_settings():
    for path in (ROOT / "scrutiny" / "settings").glob("*.py"):
        text = path.read_text()
        assert not re.search(r"^SECRET_KEY\s*=\s*['\"]", text, flags=re.MULTILINE), path
        assert "django-insecure" not in text, path


# -- headers ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/meetings/",
        "/search/",
        "/no-such-page/",
        "/static/css/scrutiny.css",
        "/robots.txt",
        "/api/",
        "/api/docs/",
        "/api/docs/swagger/",
        "/admin/login/",
    ],
)
def test_every_response_has_a_strict_csp_and_a_permissions_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no nonce unless the page uses one
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


# -- nothing inline -----------------------------------------------------------------------------


def inline_content(html: str) -> list[str]:
    parser = production_check.PageParser()
    parser.feed(html)
    return parser.inline


@pytest.mark.django_db
def test_public_pages_hold_no_inline_script_or_style(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    # A sample of every kind of page (CI's production check crawls them all on a real server).
    pages = crawl(client, "/", limit=60)
    for start in (
        "/inspections/",
        "/action-plans/",
        "/decisions/",
        "/search/?q=ofsted",
        "/api/?format=api",
        "/api/docs/",
    ):
        pages |= crawl(client, start, limit=12)
    html_pages = {path: r for path, r in pages.items() if "html" in r.get("Content-Type", "")}
    assert len(html_pages) > 60
    kinds = {p.split("/")[1] for p in html_pages}
    assert {"meetings", "committees", "people", "inspections", "action-plans", "decisions", "api"} <= kinds
    found = {path: inline_content(r.content.decode()) for path, r in html_pages.items()}
    assert not {path: what for path, what in found.items() if what}
    for path, response in html_pages.items():
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path


@pytest.mark.django_db
def test_admin_pages_hold_nothing_inline_but_the_editor_import_map_with_its_nonce(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    meeting = Meeting.objects.filter(minutes__isnull=False).first()
    minute = Minute.objects.first()
    paths = [
        "/admin/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        "/admin/meetings/minute/",
        f"/admin/meetings/minute/{minute.pk}/change/",
        "/admin/meetings/minute/add/",
        "/admin/actionplans/actionplan/",
        "/admin/inspections/inspection/",
        "/admin/auth/user/add/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        directives = csp_directives(response)
        for attributes in re.findall(r'<script type="importmap"([^>]*)>', html):
            nonce = re.search(r'nonce="([^"]+)"', attributes).group(1)
            assert f"'nonce-{nonce}'" in directives["script-src"], path
        for nonce in re.findall(r'<style data-tiptap-style nonce="([^"]+)"></style>', html):  # empty
            assert f"'nonce-{nonce}'" in directives["style-src"], path
        # Everything else is a file: strip those two and nothing inline may remain.
        rest = re.sub(r'<script type="importmap"[^>]*>.*?</script>', "", html, flags=re.DOTALL)
        rest = re.sub(r'<style data-tiptap-style nonce="[^"]+"></style>', "", rest)
        assert inline_content(rest) == [], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
    # The rich-text editor's page did use the nonce (approved minutes are read-only: the add page).
    response = client.get("/admin/meetings/minute/add/")
    assert 'type="importmap" nonce="' in response.content.decode()
    assert '<style data-tiptap-style nonce="' in response.content.decode()
    # Other admin pages send no nonce at all.
    assert "nonce-" not in client.get("/admin/")["Content-Security-Policy"]


# -- static files -------------------------------------------------------------------------------


def test_stylesheets_refer_only_to_files_we_ship():
    """collectstatic (manifest storage, DEBUG off) fails on a url() to a missing file; so would this."""
    missing = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if not path.endswith(".css"):
                continue
            text = re.sub(r"/\*.*?\*/", "", storage.open(path).read().decode("utf-8", "replace"), flags=re.DOTALL)
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                if url.startswith(("data:", "#", "http:", "https:", "//")):
                    continue
                target = url.split("?")[0].split("#")[0]
                name = (
                    target.removeprefix("/static/")
                    if target.startswith("/")
                    else os.path.normpath(os.path.join(os.path.dirname(path), target))
                )
                if not finders.find(name):
                    missing.append(f"{path}: {url}")
    assert not missing
    govuk = (ROOT / "static" / "govuk" / "govuk-frontend.min.css").read_text()
    assert "govuk-crest" not in govuk and "GDS Transport" not in govuk and "@font-face" not in govuk


def test_tiptap_base_stylesheet_matches_the_one_the_editor_would_inject():
    editor_js = Path(finders.find("django_prose_editor/editor.js")).read_text()
    ours = (ROOT / "static" / "css" / "tiptap.css").read_text()
    injected = re.findall(r"=`(\.ProseMirror \{.*?)`", editor_js, flags=re.DOTALL)
    assert injected and injected[0].strip() in ours


# -- in Chromium --------------------------------------------------------------------------------

CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_editor_and_swagger_ui_work_in_chromium_under_the_policy(live_server, browser_page):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    user.set_password("root-password-for-test")
    user.save()
    meeting = Meeting.objects.filter(minutes__isnull=False).first()
    page = browser_page
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.add_init_script(CSP_WATCH)

    def violations(where):
        found = page.evaluate("window.__csp") + [
            c for c in console if "Content Security Policy" in c or "Permissions-Policy" in c or "pageerror" in c
        ]
        console.clear()
        return [f"{where}: {v}" for v in found]

    problems = []
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "root-password-for-test")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    problems += violations("admin index")

    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#meeting_form").is_visible()
    # The inlines' JavaScript ran ("Add another" links are added by inlines.js).
    assert page.locator(".add-row a").count() > 0
    problems += violations("meeting change page")

    page.goto(f"{live_server.url}/admin/meetings/minute/add/")
    page.wait_for_load_state("networkidle")
    # The narrative's editor (the exempt annex has one too).
    editor = page.get_by_role("textbox", name="Narrative:")
    editor.wait_for(timeout=10_000)
    assert editor.get_attribute("contenteditable") == "true"
    editor.click()
    page.keyboard.type("The committee noted the report.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Bold words.")
    assert "noted the report" in editor.inner_text()
    assert editor.locator("strong").inner_text().strip() == "Bold words."
    problems += violations("minute add page (rich-text editor)")

    page.goto(live_server.url + "/api/docs/swagger/")  # /api/docs/ is the server-rendered reference
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert page.locator(".swagger-ui .title").first.inner_text().startswith("Scrutiny open data API")
    problems += violations("Swagger UI")

    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    problems += violations("home page")
    assert not problems, "\n".join(problems)
