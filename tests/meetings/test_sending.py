"""Stored files sent like static files (meetings/sending.py): streaming from the file,
ETag/Last-Modified with 304, byte ranges (206/416, If-Range) and X-Accel-Redirect/X-Sendfile."""

import pytest
from django.urls import reverse

from meetings.packs import api
from meetings.sending import byte_range
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    return upload(AgendaItemFactory(meeting=MeetingFactory(), number=1), title="Uploaded", pages=2)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file_streams_from_the_file_with_validators(client, paper):
    data = paper.file.open("rb").read()
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200 and response.streaming
    assert response["Content-Length"] == str(len(data)) and response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{paper.sha256}"' and response["Last-Modified"]
    assert body(response) == data
    assert client.get(paper.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(paper.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_the_view_hands_the_open_file_to_the_wsgi_server(rf, paper):
    """Django passes response.file_to_stream to wsgi.file_wrapper: gunicorn sends it with
    sendfile() from the file's current offset, Content-Length bytes (the test client re-wraps
    streaming content, so this asks the view directly)."""
    from django.contrib.auth.models import AnonymousUser

    from meetings.packs.views import paper_download

    request = rf.get(paper.get_absolute_url(), HTTP_RANGE="bytes=10-19")
    request.user = AnonymousUser()
    response = paper_download(request, pk=paper.pk, filename="x.pdf")
    slice_ = response.file_to_stream
    assert slice_ is not None and slice_.fileno() == slice_.handle.fileno()
    assert slice_.tell() == 10 and response["Content-Length"] == "10"
    response.close()


def test_byte_ranges(client, paper):
    data = paper.file.open("rb").read()
    url, size = paper.get_absolute_url(), len(data)
    first = client.get(url, HTTP_RANGE="bytes=0-99")
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-99/{size}" and first["Content-Length"] == "100"
    assert body(first) == data[:100]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and body(tail) == data[-10:]
    rest = client.get(url, HTTP_RANGE=f"bytes={size - 5}-")
    assert body(rest) == data[-5:] and rest["Content-Range"] == f"bytes {size - 5}-{size - 1}/{size}"
    beyond = client.get(url, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    # If-Range: the range only if the file is still the one the client has.
    etag = first["ETag"]
    assert client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and body(stale) == data
    # Several ranges: the whole file.
    assert client.get(url, HTTP_RANGE="bytes=0-1,5-6").status_code == 200


def test_byte_range_parsing():
    assert byte_range("bytes=0-99", 1000) == (0, 99)
    assert byte_range("bytes=990-2000", 1000) == (990, 999)
    assert byte_range("bytes=-2000", 1000) == (0, 999)
    assert byte_range("bytes=1000-", 1000) is False
    assert byte_range("bytes=5-1", 1000) is None
    assert byte_range("items=0-1", 1000) is None


def test_cached_pack_ranges_and_etag(client, paper):
    meeting = paper.item.meeting
    api.prebuild(meeting)
    url = reverse("meetings:meeting-pack", args=[meeting.pk])
    whole = client.get(url)
    data = body(whole)
    assert whole["ETag"].startswith('"') and whole["Cache-Control"] == "public, max-age=300"
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and body(part) == data[:100]
    assert client.get(url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304


@pytest.mark.parametrize("header", ["X-Accel-Redirect", "X-Sendfile"])
def test_sendfile_header_hands_the_file_to_the_web_server(client, paper, settings, header):
    settings.SENDFILE_HEADER = header
    settings.SENDFILE_URL = "/_protected-media/"
    meeting = paper.item.meeting
    build = api.pack_for(meeting, None)
    response = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200 and response.content == b""
    expected = (
        "/_protected-media/" + build.path
        if header == "X-Accel-Redirect"
        else str((settings.MEDIA_ROOT / build.path).resolve())
    )
    assert response[header] == expected
    assert "filename=" in response["Content-Disposition"] and response["ETag"] == f'"{build.key}"'


def test_exempt_paper_is_still_404_for_the_public(client, paper):
    exempt = upload(paper.item, title="Secret", exempt=True)
    assert client.get(exempt.get_absolute_url()).status_code == 404
    assert client.get(exempt.get_absolute_url(), HTTP_RANGE="bytes=0-9").status_code == 404
