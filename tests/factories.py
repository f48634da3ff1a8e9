import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import AgendaItem, Committee, Meeting, Membership, Paper, Person

from .pdfs import make_pdf


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = "Councillor"
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Member{n}")
    kind = Person.Kind.COUNCILLOR
    party = "Labour"
    ward = "Ardwick"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Scrutiny Committee {n}")
    short_code = factory.Sequence(lambda n: f"SC{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    start = datetime.date(2018, 5, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published meeting by default; pass agenda_issued_on=None for a draft."""

    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    venue = "Council Chamber, Level 2, Town Hall Extension"
    agenda_issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = "To receive an update."


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.LazyFunction(lambda: ContentFile(make_pdf(1), name="paper.pdf"))
    page_count = 1
    size_bytes = 600
    sha256 = "0" * 64
