"""Users, for every app: the role users of tests/conftest.py are made with UserFactory.

Each app's models have their own module: tests/meetings/factories.py,
tests/inspections/factories.py, tests/actionplans/factories.py.
"""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
