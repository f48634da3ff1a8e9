"""/healthz and /readyz for load balancers (scrutiny/health.py)."""

import socket

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: nothing listens there


@pytest.fixture
def probe(settings):
    """A load balancer's probe: plain HTTP to an address, not a host name we serve, with HTTPS
    required and only the real host allowed."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["scrutiny.example.gov.uk"]
    return Client(HTTP_HOST="10.0.3.7:8000")


def test_healthz_answers_without_touching_the_database(probe):
    response = probe.get("/healthz")  # no db fixture: any query would raise
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain") and response["Cache-Control"] == "no-store"


def test_readyz_is_200_when_database_storage_and_cache_answer(db, probe):
    response = probe.get("/readyz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert probe.head("/readyz").status_code == 200


def test_other_pages_still_check_the_host_and_redirect_to_https(db, probe):
    assert probe.get("/").status_code == 400  # DisallowedHost: only the probes are exempt
    allowed = Client(HTTP_HOST="scrutiny.example.gov.uk")
    assert allowed.get("/").status_code == 301


def test_readyz_names_the_database_when_it_fails(db, probe, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refused)
        response = probe.get("/readyz")
    assert response.status_code == 503
    # The abuse-limit counters are in the database too (no Redis configured).
    assert response.content.decode().splitlines() == ["database: unavailable", "cache limits: unavailable"]


@pytest.mark.parametrize("alias", ["default", "packs"])
def test_readyz_names_the_storage_that_fails(db, probe, settings, tmp_path, alias):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        alias: {**settings.STORAGES[alias], "OPTIONS": {"location": str(blocked)}},
    }
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().splitlines() == [f"storage {alias}: unavailable"]


def test_readyz_names_object_storage_that_cannot_be_reached(db, probe, settings, monkeypatch):
    from scrutiny.settings.base import file_storages

    monkeypatch.setenv("STORAGE_S3_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    s3 = file_storages("scrutiny-unreachable")
    s3["packs"]["OPTIONS"]["client_config"] = s3["packs"]["OPTIONS"]["client_config"].merge(
        type(s3["packs"]["OPTIONS"]["client_config"])(retries={"max_attempts": 1})
    )
    settings.STORAGES = {**settings.STORAGES, "packs": s3["packs"]}
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["storage packs: unavailable"]


def test_readyz_names_the_cache_when_redis_is_not_there(db, probe, settings):
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    settings.CACHES = {"default": redis, "limits": redis}  # CACHE_URL=redis://… sets both
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["cache: unavailable", "cache limits: unavailable"]


def test_readyz_names_the_limits_table_when_it_is_missing(db, probe):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE scrutiny_limits_cache")  # rolled back after the test
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["cache limits: unavailable"]
