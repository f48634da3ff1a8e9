"""Role users and the clients that browse as them, for every test.

`client` (pytest-django) is the one the *_client fixtures log in; `public`, `councillor` and
`officer` are clients of their own, for tests that compare what each audience sees side by side.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from meetings.roles import COMMITTEE_OFFICERS, COUNCILLORS

from .factories import UserFactory

# The browser_page fixture, for the browser tests of every area.
pytest_plugins = ["tests.browser", "tests.background"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages are keyed by the content version, and the
    rolled-back database repeats the same versions from one test to the next."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo council, loaded once for a whole test module, inside a transaction rolled back
    when the module is done.

    Loading the demo costs seconds; a module whose tests only read it asks for this instead of
    loading it per test. Each test's own transaction nests inside (a savepoint), so what a test
    changes is still undone after it, and rolling back leaves the database as the migrations made
    it (their data included). Not for modules with transactional (live-server) tests."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def councillor_user(db):
    user = UserFactory(username="councillor")
    user.groups.add(Group.objects.get(name=COUNCILLORS))
    return user


@pytest.fixture
def officer_user(db):
    user = UserFactory(username="officer", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    return user


@pytest.fixture
def admin_client_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def councillor_client(client, councillor_user):
    client.force_login(councillor_user)
    return client


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


@pytest.fixture
def public():
    """An anonymous visitor (a client of its own: `client` is the one the role fixtures log in)."""
    return Client()


@pytest.fixture
def councillor(councillor_user):
    browser = Client()
    browser.force_login(councillor_user)
    return browser


@pytest.fixture
def officer(officer_user):
    browser = Client()
    browser.force_login(officer_user)
    return browser


@pytest.fixture(autouse=True)
def _fresh_abuse_limits():
    """Rate-limit counters (meetings/limits.py) live in the cache: every test starts with none, so
    tests never limit each other. Sign-in lockouts (django-axes) are rows in the test database,
    rolled back after each test."""
    from django.core.cache import cache

    cache.clear()
    yield
