"""Issue #15: both PDF/UA-1 validators report zero failures on every PDF the demo serves, to the
public and to a councillor.

A visitor's crawl of the demo (every same-site link from the home page, as tests/crawl.py follows
them, less filtered and paginated listings, feeds and the API) collects every link that answers
with a PDF: agenda packs (public and full), front sheets, despatch packs, printed minutes, papers,
officer reports and action plan snapshot reports. Each distinct PDF is validated once.
"""

import hashlib
from collections import deque

import pytest
from django.core.management import call_command
from django.test import Client

from tests.crawl import links_in
from tests.pdfua import pdfua_failures

pytestmark = [pytest.mark.django_db, pytest.mark.pdfua]

# Listings that only re-filter or re-page what the unfiltered page links to, and machine formats.
SKIP = ("/search", "/api/", "/feeds/", "/oparl/", "/calendar", "/accounts/", "/alerts/")


def pdfs_served(client: Client, limit: int = 400) -> dict[str, bytes]:
    """{first URL: PDF bytes} for each distinct PDF reachable from the home page."""
    seen: set[str] = set()
    queue = deque(["/"])
    pdfs: dict[str, bytes] = {}
    digests: set[str] = set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200:
            continue
        if content_type.startswith("application/pdf"):
            data = b"".join(response.streaming_content) if response.streaming else response.content
            digest = hashlib.sha256(data).hexdigest()
            if digest not in digests:
                digests.add(digest)
                pdfs[path] = data
        elif "html" in content_type:
            for link in links_in(response.content.decode(), path):
                if link not in seen and "?" not in link and not link.startswith(SKIP):
                    queue.append(link)
    return pdfs


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_every_pdf_the_demo_serves_is_pdfua_1_for_the_public_and_a_councillor(demo, councillor_user):
    public = pdfs_served(Client())
    councillor = Client()
    councillor.force_login(councillor_user)
    for_councillor = pdfs_served(councillor)

    # The crawl reaches every kind of PDF.
    for urls in (public, for_councillor):
        assert any(u.endswith("/agenda-pack.pdf") for u in urls)
        assert any(u.endswith("/agenda-front-sheet.pdf") for u in urls)
        assert any(u.endswith("/printed-minutes.pdf") for u in urls)
        assert any("/snapshots/" in u and u.endswith("/report.pdf") for u in urls)
        assert any(u.startswith("/papers/") for u in urls)
    assert set(for_councillor) - set(public), "a councillor gets PDFs the public does not (the full packs)"

    failures = {}
    done: set[bytes] = set()
    for who, urls in (("public", public), ("councillor", for_councillor)):
        for url, data in urls.items():
            if data in done:
                continue
            done.add(data)
            if found := pdfua_failures(data):
                failures[f"{who} {url}"] = found
    assert failures == {}
