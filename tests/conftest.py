import pytest
from django.contrib.auth.models import Group

from meetings.roles import COMMITTEE_OFFICERS, COUNCILLORS

from .factories import UserFactory


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
def councillor_client(client, councillor_user):
    client.force_login(councillor_user)
    return client


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


@pytest.fixture
def admin_client_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)
