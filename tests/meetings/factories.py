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


# Factories of other areas, so the admin smoke test can make one of each model.
from tests.feeds.factories import (  # noqa: E402,F401
    AlertDeliveryFactory,
    AlertSubscriptionFactory,
    MeetingCalendarEntryFactory,
)


# Officer reports and built packs (issue 4); more helpers in tests/packs/factories.py.
# (module alias, not names: tests/test_admin_smoke.py scans this module for factories by _meta.model)
from meetings import models as _meetings_models  # noqa: E402


class OfficerReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _meetings_models.OfficerReport

    report_to = "Ofsted Subgroup – 2 October 2018"
    subject = factory.Sequence(lambda n: f"Post Ofsted Inspection Action Plan - Progress Report {n}")
    report_of = "Deputy Director of Children's Services"
    summary = "This report outlines activity undertaken by the service."
    recommendations = "The Subgroup is asked to note and comment on the improvement work."


class ReportSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _meetings_models.ReportSection

    report = factory.SubFactory(OfficerReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    heading = "Introduction"
    body = "Following the re-inspection of Children's Services by Ofsted in 2017 …"


class ReportContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _meetings_models.ReportContact

    report = factory.SubFactory(OfficerReportFactory)
    name = "Sean McKendrick"
    position = "Deputy Director of Children's Services"


class ReportAlignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _meetings_models.ReportAlignment

    report = factory.SubFactory(OfficerReportFactory)
    outcome = "A thriving and sustainable city"
    alignment = "Effective children's social care services."


class PackBuildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _meetings_models.PackBuild

    meeting = factory.SubFactory(MeetingFactory)
    variant = _meetings_models.PackBuild.Variant.PUBLIC
    key = factory.Sequence(lambda n: f"{n:064x}")
    status = _meetings_models.PackBuild.Status.READY
    path = "packs/1/public-0.pdf"
    page_count = 22
    size_bytes = 250_000
    warnings = "Paper “Appendix A” (item 2) could not be included: the PDF is encrypted."
