import pytest
from django.test import Client


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
