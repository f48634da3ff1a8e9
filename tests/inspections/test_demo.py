"""load_demo builds the inspections from the seeds, links them to the demo meetings, and is idempotent."""

import datetime

import pytest
from django.core.management import call_command

from inspections.models import Inspection, Provider
from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def test_load_demo_twice(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (Provider.objects.count(), Inspection.objects.count(), Inspection.considered_at.through.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (
        Provider.objects.count(),
        Inspection.objects.count(),
        Inspection.considered_at.through.objects.count(),
    ) == counts

    newall = Provider.objects.get(name="Newall Green High School")
    assert newall.kind == "academy" and newall.trust.name == "Prospere Trust"
    assert newall.predecessor is not None
    assert newall.inspections.get().overall_grade.label == "Inadequate"
    assert Provider.objects.get(name="North Ridge High School").inspections.get().overall_grade.label == "Outstanding"
    for name, grades in [
        ("Lightbowne Neighbourhood Nursery", ["Requires improvement", "Good"]),
        ("Rainbows Day Nursery", ["Requires improvement", "Good"]),
        ("Superkids Levenshulme", ["Good", "Outstanding"]),
    ]:
        history = Provider.objects.get(name=name).inspections.order_by("start_date")
        assert [i.overall_grade.label for i in history] == grades
    council = Provider.objects.get(kind="la_childrens_services")
    reinspection = council.inspections.get(kind="sif")
    assert reinspection.recommendations.count() == 12
    assert reinspection.recommendations.get(number=12).text.startswith("Expedite plans")
    assert Inspection.objects.filter(framework__slug="schools-report-card-2025").count() == 1

    october_item_2 = AgendaItem.objects.get(
        meeting__committee__slug="ofsted-subgroup", meeting__start__date=datetime.date(2018, 10, 2), number=2
    )
    assert list(october_item_2.considered_inspections.all()) == [reinspection]
    june = AgendaItem.objects.filter(
        meeting__committee__slug="ofsted-subgroup", meeting__start__date=datetime.date(2018, 6, 26)
    )
    assert june.get(number=5).considered_inspections.count() == 3

    html = client.get(council.get_absolute_url()).content.decode()
    assert "Considered at" in html and "item 2: Re-inspection of services" in html


def test_demo_links_are_skipped_without_the_meetings(db):
    from inspections import demo

    demo.load()
    assert Inspection.objects.count() == len(demo.INSPECTIONS)
    assert not Inspection.considered_at.through.objects.exists()
