import datetime

import factory

from inspections import services
from inspections.models import Framework, Inspection, Provider, Trust


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Example Learning Trust {n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    urn = factory.Sequence(lambda n: f"{500000 + n}")
    name = factory.Sequence(lambda n: f"Example Primary School {n}")
    kind = Provider.Kind.SCHOOL
    phase = Provider.Phase.PRIMARY
    ward = "Ardwick"


class EarlyYearsFactory(ProviderFactory):
    urn = factory.Sequence(lambda n: f"EY{500000 + n}")
    name = factory.Sequence(lambda n: f"Example Day Nursery {n}")
    kind = Provider.Kind.EARLY_YEARS
    phase = ""


def framework(slug: str) -> Framework:
    return Framework.objects.get(slug=slug)


def record(
    provider,
    slug="schools-eif-2019",
    *,
    start=datetime.date(2022, 3, 1),
    published=None,
    kind=None,
    grades=None,
    **extra,
) -> Inspection:
    """Record an inspection through the service (published a month after it starts by default)."""
    fw = framework(slug)
    if kind is None:
        kind = Inspection.Kind.REPORT_CARD if "report-card" in slug else Inspection.Kind.GRADED
    inspection, _ = services.inspection_record(
        provider=provider,
        framework=fw,
        kind=kind,
        start_date=start,
        published_on=published if published is not None else start + datetime.timedelta(days=30),
        grades=grades if grades is not None else {},
        **extra,
    )
    return inspection
