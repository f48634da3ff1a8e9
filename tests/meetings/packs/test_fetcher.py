"""WeasyPrint may fetch only our own static and media files; everything else fails closed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.packs import api, fetcher
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://scrutiny.invalid/static/print/print.css",
        "http://169.254.169.254/latest/meta-data/x.css",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "http://scrutiny.invalid/static/../../../etc/passwd.css",
        "http://scrutiny.invalid/etc/passwd.css",
        "http://scrutiny.invalid/static/print/print.css?x=1",
    ],
)
def test_fetcher_refuses_outside_urls(url):
    with pytest.raises(fetcher.URLRefused):
        fetcher.PackURLFetcher().fetch(url)


def test_fetcher_serves_our_static_files():
    response = fetcher.PackURLFetcher().fetch("http://scrutiny.invalid/static/print/print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_media_assets_only_from_the_pack_assets_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "pack-assets").mkdir()
    (tmp_path / "pack-assets" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "secret.png").write_bytes(b"\x89PNG")
    assert fetcher.PackURLFetcher().fetch("http://scrutiny.invalid/media/logo.png").read() == b"\x89PNG"
    with pytest.raises(fetcher.URLRefused):
        fetcher.PackURLFetcher().fetch("http://scrutiny.invalid/media/../papers/secret.png")


def test_outside_url_in_content_is_never_fetched(db, monkeypatch):
    """A venue with an image URL in it: the pack builds and no network request is made."""
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint tried to use the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    calls = []
    original = fetcher.resolve

    def spy(url):
        calls.append(url)
        return original(url)

    monkeypatch.setattr(fetcher, "resolve", spy)
    from meetings.packs import render

    pdf = render.html_to_pdf(
        '<html lang="en-GB"><head><title>Hi</title></head>'
        '<body><p>Hi</p><img src="http://example.com/track.png" alt=""></body></html>'
    )
    assert pdf.startswith(b"%PDF")
    assert "http://example.com/track.png" in calls  # asked, and refused
    meeting = MeetingFactory(access_notes="See http://example.com/map.png")
    AgendaItemFactory(meeting=meeting, number=1)
    assert api.pack_for(meeting, AnonymousUser()).page_count >= 1
