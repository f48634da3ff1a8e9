"""Shared set-up for browser tests: Playwright driving Debian's Chromium, with axe-core."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def artifacts_dir() -> Path:
    path = Path(getattr(settings, "ARTIFACTS_DIR", "test-artifacts")) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def browser_page():
    """A Chromium page. Fails (never skips) when Chromium is missing: CI must run these."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: run `make browser`"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (shipped by the axe-playwright-python package) on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return "\n".join(lines)


def axe_findings(page, name: str) -> str | None:
    """axe-core's violations on the page as one finding naming the page (None when clean), with a
    screenshot kept for a failing page. Browser tests visit many pages on one demo load (a load
    costs far more than a page) and report every page's findings together."""
    violations = axe_violations(page)
    if not violations:
        return None
    page.screenshot(path=str(artifacts_dir() / f"axe-{name}.png"), full_page=True)
    return f"{name}:\n{describe(violations)}"


def sign_in(page, live_server, user) -> None:
    """Sign the browser in as `user` with a session made by the test client (no sign-in form, so
    no page load and no two-factor step)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
