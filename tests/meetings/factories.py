"""Factories for every model of the meetings app, grouped by the area that owns the model.

tests/project/test_admin_smoke.py looks here (by ``_meta.model``) for a record of any model the
demo data does not cover.
"""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    AlertDelivery,
    AlertSubscription,
    Attendance,
    BuildClaim,
    Committee,
    Decision,
    DecisionUpdate,
    Declaration,
    Meeting,
    MeetingCalendarEntry,
    Membership,
    OfficerReport,
    OParlTombstone,
    PackBuild,
    Paper,
    PaperVersion,
    Person,
    ReportAlignment,
    ReportContact,
    ReportImage,
    ReportSection,
)
from tests.pdfs import make_pdf

# committees


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


# agendas


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published meeting by default; pass agenda_issued_on=None for a draft."""

    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    venue = "Council Chamber, Level 2, Town Hall Extension"
    agenda_issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    # A factory meeting without an issued agenda is a draft (not announced) unless a test says
    # announced=True; the model's default is announced (see meetings/visibility.py).
    announced = factory.LazyAttribute(
        lambda o: o.agenda_issued_on is not None and o.agenda_issued_on <= timezone.localdate()
    )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = "To receive an update."


class PaperFactory(factory.django.DjangoModelFactory):
    """A paper with a blank one-page PDF and made-up facts; builders.upload records real ones."""

    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.LazyFunction(lambda: ContentFile(make_pdf(1), name="paper.pdf"))
    page_count = 1
    size_bytes = 600
    sha256 = "0" * 64


# minutes


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"To request a report {n}.")


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Declaration.Kind.PERSONAL
    nature = "Governor of a school on the agenda"


class DecisionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionUpdate

    on = datetime.date(2018, 7, 10)
    status = Decision.Status.IN_PROGRESS
    note = "Letter drafted for the Chair's signature."


# reports


class OfficerReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerReport

    report_to = "Ofsted Subgroup – 2 October 2018"
    subject = factory.Sequence(lambda n: f"Post Ofsted Inspection Action Plan - Progress Report {n}")
    report_of = "Deputy Director of Children's Services"
    summary = "This report outlines activity undertaken by the service."
    recommendations = "The Subgroup is asked to note and comment on the improvement work."


class ReportSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSection

    report = factory.SubFactory(OfficerReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    heading = "Introduction"
    body = "Following the re-inspection of Children's Services by Ofsted in 2017 …"


class ReportImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportImage

    report = factory.SubFactory(OfficerReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    image = factory.django.ImageField(filename="chart.png", width=40, height=20)


class ReportContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportContact

    report = factory.SubFactory(OfficerReportFactory)
    name = "Sean McKendrick"
    position = "Deputy Director of Children's Services"


class ReportAlignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportAlignment

    report = factory.SubFactory(OfficerReportFactory)
    outcome = "A thriving and sustainable city"
    alignment = "Effective children's social care services."


# packs


class PackBuildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackBuild

    meeting = factory.SubFactory(MeetingFactory)
    variant = PackBuild.Variant.PUBLIC
    key = factory.Sequence(lambda n: f"{n:064x}")
    status = PackBuild.Status.READY
    path = "packs/1/public-0.pdf"
    page_count = 22
    size_bytes = 250_000
    warnings = "Paper “Appendix A” (item 2) could not be included: the PDF is encrypted."


class BuildClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildClaim

    name = factory.Sequence(lambda n: f"{n}-public")
    token = factory.Sequence(lambda n: f"{n:032x}")
    claimed_at = factory.LazyFunction(timezone.now)


# alerts


class AlertSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertSubscription

    email = factory.Sequence(lambda n: f"resident{n}@example.com")
    committee = factory.SubFactory(CommitteeFactory)
    keyword = ""
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertDelivery

    subscription = factory.SubFactory(AlertSubscriptionFactory)
    kind = AlertDelivery.Kind.AGENDA
    object_id = factory.Sequence(lambda n: n + 1)


# syndication


class MeetingCalendarEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingCalendarEntry

    meeting = factory.SubFactory(MeetingFactory)
    sequence = 0
    fingerprint = "0" * 64


# --- records written by services: despatches, replaced paper versions, OParl tombstones ---------


class PaperVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperVersion

    paper = factory.SubFactory(PaperFactory)
    title = factory.LazyAttribute(lambda o: o.paper.title)
    reason = "The report was updated with the latest figures."


class OParlTombstoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OParlTombstone

    kind = "paper"
    object_id = factory.Sequence(lambda n: 10_000 + n)
