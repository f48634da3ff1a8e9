"""Files live in storages (meetings/storage.py): with STORAGE_S3_BUCKET, private objects in
S3-compatible storage, here a real S3 API served locally by moto in server mode."""

import os
import socket
import urllib.error
import urllib.request

import boto3
import pytest
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from meetings.packs import api
from scrutiny.settings.base import file_storages
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

BUCKET = "scrutiny-test-files"
S3_ENV = {"AWS_ACCESS_KEY_ID": "scrutiny-test", "AWS_SECRET_ACCESS_KEY": "scrutiny-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """A local S3 API (moto's server on a free port) with an empty private bucket."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = {name: os.environ.get(name) for name in S3_ENV}
    os.environ.update(S3_ENV)
    try:
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_keys())
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _keys() -> dict:
    return {"aws_access_key_id": S3_ENV["AWS_ACCESS_KEY_ID"], "aws_secret_access_key": S3_ENV["AWS_SECRET_ACCESS_KEY"]}


@pytest.fixture
def s3(s3_server, settings, monkeypatch, tmp_path):
    """The settings STORAGE_S3_BUCKET and STORAGE_S3_ENDPOINT_URL give (both storages in the bucket);
    MEDIA_ROOT is an empty folder that must stay empty."""
    monkeypatch.setenv("STORAGE_S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("STORAGE_S3_REGION", "eu-west-2")
    settings.STORAGES = {**settings.STORAGES, **file_storages(BUCKET)}
    settings.MEDIA_ROOT = tmp_path / "media"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-2", **_keys())
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for entry in page.get("Contents", ()):
            client.delete_object(Bucket=BUCKET, Key=entry["Key"])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def objects(client) -> dict[str, bytes]:
    keys = [e["Key"] for e in client.list_objects_v2(Bucket=BUCKET).get("Contents", ())]
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def test_upload_build_and_download_go_through_the_bucket(db, s3, client, settings):
    meeting = MeetingFactory()
    paper = upload(AgendaItemFactory(meeting=meeting, number=1), title="Budget report", pages=2)
    stored = objects(s3)
    assert paper.file.name in stored and stored[paper.file.name].startswith(b"%PDF-")

    # The paper: streamed from the bucket with its ETag, ranges and conditional requests.
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200 and response["ETag"] == f'"{paper.sha256}"'
    assert body(response) == stored[paper.file.name]
    part = client.get(paper.get_absolute_url(), HTTP_RANGE="bytes=5-24")
    assert part.status_code == 206 and body(part) == stored[paper.file.name][5:25]
    assert part["Content-Range"] == f"bytes 5-24/{len(stored[paper.file.name])}"
    assert client.get(paper.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(paper.get_absolute_url(), HTTP_RANGE="bytes=999999-").status_code == 416

    # The pack: built on the first request, written to the bucket, then served from it.
    pack = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    data = body(pack)
    assert pack.status_code == 200 and data.startswith(b"%PDF-")
    build = api.pack_for(meeting, None)
    assert objects(s3)[build.path] == data and pack["ETag"] == f'"{build.key}"'
    again = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]), HTTP_RANGE="bytes=0-99")
    assert again.status_code == 206 and body(again) == data[:100]
    # Nothing was written to the local folder.
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_objects_in_the_bucket_are_private(db, s3, s3_server, client):
    meeting = MeetingFactory()
    paper = upload(AgendaItemFactory(meeting=meeting, number=1), title="Budget report")
    assert client.get(reverse("meetings:meeting-pack", args=[meeting.pk])).status_code == 200
    keys = list(objects(s3))
    assert paper.file.name in keys and any(key.startswith("packs/") for key in keys)
    for key in keys:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{s3_server}/{BUCKET}/{key}")  # noqa: S310 - our local test server
        assert refused.value.code == 403


def test_presigned_redirect_when_asked(db, s3, client, settings):
    settings.STORAGE_S3_PRESIGNED = True
    settings.STORAGE_S3_PRESIGNED_SECONDS = 30
    meeting = MeetingFactory()
    paper = upload(AgendaItemFactory(meeting=meeting, number=1), title="Budget report")
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=30" in location
    with urllib.request.urlopen(location) as signed:  # noqa: S310 - our local test server
        assert signed.read() == paper.file.open("rb").read()
        assert signed.headers["Content-Type"] == "application/pdf"
        assert "filename=" in signed.headers["Content-Disposition"]
    pack = client.get(reverse("meetings:meeting-pack", args=[meeting.pk]))
    assert pack.status_code == 302 and "X-Amz-Signature=" in pack["Location"]


@pytest.mark.parametrize("presigned", [False, True])
def test_an_exempt_paper_is_refused_to_the_public_with_object_storage(db, s3, councillor_client, settings, presigned):
    settings.STORAGE_S3_PRESIGNED = presigned
    item = AgendaItemFactory(meeting=MeetingFactory(), number=1)
    exempt = upload(item, title="Secret", exempt=True)
    assert exempt.file.name in objects(s3)
    public = Client()
    refused = public.get(exempt.get_absolute_url())
    assert refused.status_code == 404 and "Location" not in refused
    assert public.get(exempt.get_absolute_url(), HTTP_RANGE="bytes=0-9").status_code == 404
    allowed = councillor_client.get(exempt.get_absolute_url())
    if presigned:
        assert allowed.status_code == 302 and "X-Amz-Signature=" in allowed["Location"]
    else:
        assert allowed.status_code == 200 and body(allowed).startswith(b"%PDF-")
        assert allowed["Cache-Control"] == "private, no-store"
