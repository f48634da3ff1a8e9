"""Demo inspections from the seeds (`python manage.py load_demo`; safe to run again).

Judgements come from the published minutes of the Ofsted Subgroup (26 June 2018) and the officer
reports in the agenda pack of 2 October 2018. URNs (99xxxx), exact inspection dates and wards
are illustrative placeholders, not Ofsted's records. Riverbank Primary School is fictional: it
shows a report card under the framework used since 10 November 2025.
"""

import datetime
from importlib import import_module

from django.apps import apps

from meetings.demo.agendas import RECOMMENDATIONS_2017  # the 2017 re-inspection's, as the report quotes them
from meetings.models import AgendaItem

from . import services
from .models import Framework, Inspection, InspectionRecommendation, Provider, Trust

D = datetime.date
COMMITTEE = "ofsted-subgroup"
JUNE_2018 = D(2018, 6, 26)
OCTOBER_2018 = D(2018, 10, 2)

PROVIDERS = [
    # key, urn, name, kind, phase, ward, trust, is_open
    (
        "newall-green-school",
        "990010",
        "Newall Green High School (maintained)",
        Provider.Kind.SCHOOL,
        Provider.Phase.SECONDARY,
        "",
        None,
        False,
    ),
    (
        "newall-green",
        "990011",
        "Newall Green High School",
        Provider.Kind.ACADEMY,
        Provider.Phase.SECONDARY,
        "",
        "Prospere Trust",
        True,
    ),
    ("north-ridge", "990012", "North Ridge High School", Provider.Kind.SCHOOL, Provider.Phase.SPECIAL, "", None, True),
    (
        "armitage",
        "990013",
        "Armitage C of E Primary School",
        Provider.Kind.SCHOOL,
        Provider.Phase.PRIMARY,
        "Ardwick",
        None,
        True,
    ),
    (
        "dean-trust-ardwick",
        "990014",
        "Dean Trust Ardwick",
        Provider.Kind.FREE_SCHOOL,
        Provider.Phase.SECONDARY,
        "Ardwick",
        "The Dean Trust",
        True,
    ),
    (
        "riverbank",
        "990015",
        "Riverbank Primary School",
        Provider.Kind.SCHOOL,
        Provider.Phase.PRIMARY,
        "Moston",
        None,
        True,
    ),
    ("lightbowne", "EY990001", "Lightbowne Neighbourhood Nursery", Provider.Kind.EARLY_YEARS, "", "Moston", None, True),
    ("rainbows", "EY990002", "Rainbows Day Nursery", Provider.Kind.EARLY_YEARS, "", "", None, True),
    ("superkids", "EY990003", "Superkids Levenshulme", Provider.Kind.EARLY_YEARS, "", "Levenshulme", None, True),
    (
        "manchester-cs",
        "990100",
        "Manchester City Council children's services",
        Provider.Kind.LA_CHILDRENS_SERVICES,
        "",
        "",
        None,
        True,
    ),
]

# key, framework slug, kind, start, end, published, grades, safeguarding, considered at (date, item)
INSPECTIONS = [
    (
        "newall-green",
        "schools-cif-2015",
        Inspection.Kind.GRADED,
        D(2018, 3, 6),
        D(2018, 3, 7),
        D(2018, 4, 26),
        {"overall": "Inadequate"},
        "",
        [(JUNE_2018, 4), (OCTOBER_2018, 5)],
    ),
    (
        "north-ridge",
        "schools-cif-2015",
        Inspection.Kind.GRADED,
        D(2018, 3, 13),
        D(2018, 3, 14),
        D(2018, 4, 19),
        {"overall": "Outstanding"},
        "met",
        [(JUNE_2018, 4)],
    ),
    (
        "armitage",
        "schools-cif-2015",
        Inspection.Kind.UNGRADED,
        D(2018, 4, 24),
        D(2018, 4, 24),
        D(2018, 5, 22),
        {},
        "met",
        [(JUNE_2018, 4)],
    ),
    (
        "dean-trust-ardwick",
        "schools-cif-2015",
        Inspection.Kind.GRADED,
        D(2018, 2, 27),
        D(2018, 2, 28),
        D(2018, 3, 29),
        {"overall": "Good"},
        "met",
        [(JUNE_2018, 4)],
    ),
    (
        "lightbowne",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2016, 11, 8),
        None,
        D(2016, 12, 6),
        {"overall": "Requires improvement"},
        "",
        [],
    ),
    (
        "lightbowne",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2018, 4, 17),
        None,
        D(2018, 5, 15),
        {"overall": "Good"},
        "",
        [(JUNE_2018, 5)],
    ),
    (
        "rainbows",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2016, 10, 4),
        None,
        D(2016, 11, 1),
        {"overall": "Requires improvement"},
        "",
        [],
    ),
    (
        "rainbows",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2018, 3, 20),
        None,
        D(2018, 4, 17),
        {"overall": "Good"},
        "",
        [(JUNE_2018, 5)],
    ),
    (
        "superkids",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2015, 6, 16),
        None,
        D(2015, 7, 14),
        {"overall": "Good"},
        "",
        [],
    ),
    (
        "superkids",
        "early-years-2015",
        Inspection.Kind.GRADED,
        D(2018, 4, 10),
        None,
        D(2018, 5, 8),
        {"overall": "Outstanding"},
        "",
        [(JUNE_2018, 5)],
    ),
    (
        "riverbank",
        "schools-report-card-2025",
        Inspection.Kind.REPORT_CARD,
        D(2026, 1, 20),
        D(2026, 1, 22),
        D(2026, 3, 3),
        {
            "inclusion": "Expected standard",
            "curriculum": "Strong standard",
            "achievement": "Expected standard",
            "attendance": "Expected standard",
            "personal": "Strong standard",
            "early-years": "Strong standard",
            "leadership": "Strong standard",
        },
        "met",
        [],
    ),
    (
        "manchester-cs",
        "sif-2013",
        Inspection.Kind.MONITORING_VISIT,
        D(2017, 6, 6),
        D(2017, 6, 7),
        D(2017, 7, 5),
        {},
        "",
        [],
    ),
    (
        "manchester-cs",
        "sif-2013",
        Inspection.Kind.SIF,
        D(2017, 11, 6),
        D(2017, 11, 23),
        D(2018, 1, 10),
        {"overall": "Requires improvement to be good"},
        "",
        [(OCTOBER_2018, 2)],
    ),
]

SUMMARIES = {
    ("armitage", D(2018, 4, 24)): (
        "The school continues to be good. The inspector considered that the school could be outstanding "
        "and recommended a section 5 inspection to assess whether it meets the criteria."
    ),
    ("newall-green", D(2018, 3, 6)): (
        "Judged inadequate. The school had become a sponsored academy and joined the Prospere Trust in September 2017."
    ),
    ("manchester-cs", D(2017, 11, 6)): (
        "Re-inspection of services for children in need of help and protection, children looked after and "
        "care leavers. The council submitted a post-inspection action plan answering the 12 recommendations."
    ),
    ("manchester-cs", D(2017, 6, 6)): "Monitoring visit on 6 and 7 June 2017.",
}


def _agenda_item(day: datetime.date, number: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(meeting__committee__slug=COMMITTEE, meeting__start__date=day, number=number)
        .order_by("meeting__start")
        .first()
    )


def ensure_frameworks() -> dict[str, Framework]:
    """The frameworks come from a data migration; a test database flushed between transactional
    tests loses them, so load them again (same code, same idempotent rows) when any is missing."""
    loader = import_module("inspections.migrations.0002_load_frameworks")
    if Framework.objects.filter(slug__in=[f["slug"] for f in loader.FRAMEWORKS]).count() < len(loader.FRAMEWORKS):
        loader.load(apps, None)
    return {f.slug: f for f in Framework.objects.all()}


def load(stdout=None) -> dict:
    frameworks = ensure_frameworks()
    providers = {}
    for key, urn, name, kind, phase, ward, trust_name, is_open in PROVIDERS:
        trust = Trust.objects.get_or_create(name=trust_name)[0] if trust_name else None
        provider, _ = Provider.objects.update_or_create(
            urn=urn,
            defaults={"name": name, "kind": kind, "phase": phase, "ward": ward, "trust": trust, "is_open": is_open},
        )
        providers[key] = provider
    academy = providers["newall-green"]
    academy.predecessor = providers["newall-green-school"]
    academy.full_clean()
    academy.save()

    links = 0
    for key, slug, kind, start, end, published, grades, safeguarding, considered in INSPECTIONS:
        inspection, _ = services.inspection_record(
            provider=providers[key],
            framework=frameworks[slug],
            kind=kind,
            start_date=start,
            end_date=end,
            published_on=published,
            grades=grades,
            safeguarding=safeguarding,
            summary=SUMMARIES.get((key, start), ""),
            recommendations=(
                [(InspectionRecommendation.Kind.RECOMMENDATION, text) for text in RECOMMENDATIONS_2017]
                if (key, kind) == ("manchester-cs", Inspection.Kind.SIF)
                else None
            ),
        )
        for day, number in considered:
            item = _agenda_item(day, number)
            if item is not None:  # the meetings demo may not be loaded
                inspection.considered_at.add(item)
                links += 1
    if stdout is not None:
        stdout.write(f"Inspections: {len(providers)} providers, {len(INSPECTIONS)} inspections, {links} agenda links.")
    return {"providers": providers}
