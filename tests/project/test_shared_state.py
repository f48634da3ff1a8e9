"""State that several web processes (on several machines) must share: the cache when CACHE_URL
names Redis, abuse-limit counters, sessions and sign-in lockouts."""

import os

import pytest
from django.core.cache import CacheHandler, caches
from django.db import connection
from django.test import Client

from meetings.limits import within_limit
from scrutiny.settings.base import env_cache, limits_cache

REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_settings() -> dict:
    os.environ["TEST_SHARED_CACHE_URL"] = REDIS_URL
    try:
        return env_cache("TEST_SHARED_CACHE_URL")
    finally:
        del os.environ["TEST_SHARED_CACHE_URL"]


def test_two_clients_configured_by_one_cache_url_see_each_others_entries():
    """As two web processes would: each builds its own client from the same CACHE_URL."""
    config = {"default": redis_settings()}
    first, second = CacheHandler(config)["default"], CacheHandler(config)["default"]
    assert first is not second
    try:
        first.clear()
    except Exception as exc:  # noqa: BLE001 - any connection error means the server is not there
        pytest.fail(f"No Redis server on 127.0.0.1:6379 (.ci/run starts one): {exc}")
    try:
        first.set("page", b"cached by one process", 60)
        assert second.get("page") == b"cached by one process"
        second.add("counter", 1, 60)
        first.incr("counter")
        assert second.get("counter") == 2
    finally:
        first.clear()


def test_abuse_limits_share_redis_when_cache_url_names_it_and_the_database_otherwise():
    redis = redis_settings()
    assert limits_cache(redis) is redis
    local = env_cache("NO_SUCH_CACHE_URL_VARIABLE")  # unset: local memory, one per process
    assert local["BACKEND"].endswith("LocMemCache")
    assert limits_cache(local)["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_limit_counters_are_rows_in_the_database_without_a_shared_cache(db):
    assert caches["limits"].__class__.__name__ == "DatabaseCache"
    assert within_limit("confirm:someone@example.org", limit=2, seconds=3600)
    assert within_limit("confirm:someone@example.org", limit=2, seconds=3600)
    caches["default"].clear()  # a process with a fresh local cache still sees the count
    assert not within_limit("confirm:someone@example.org", limit=2, seconds=3600)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM scrutiny_limits_cache")
        assert cursor.fetchone()[0] == 1


def test_sessions_and_lockouts_live_in_the_database(councillor_client, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    from django.contrib.sessions.models import Session

    session_key = councillor_client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=session_key).exists()
    caches["default"].clear()
    other_process = Client()
    other_process.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert other_process.get("/accounts/login/").context["user"].is_authenticated
