"""The public register: filters, summaries, charts with tables, bounded queries."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Provider

from .factories import EarlyYearsFactory, ProviderFactory, TrustFactory, record

pytestmark = pytest.mark.django_db
URL = reverse("inspections:register")


def names(response):
    return [p.name for p in response.context["providers"]]


@pytest.fixture
def register():
    north = ProviderFactory(name="North Ridge High School", phase="special", ward="Higher Blackley")
    record(north, "schools-cif-2015", start=datetime.date(2018, 3, 13), grades={"overall": "Outstanding"})
    newall = ProviderFactory(
        name="Newall Green High School",
        kind=Provider.Kind.ACADEMY,
        phase="secondary",
        trust=TrustFactory(name="Prospere Trust"),
        ward="Sharston",
    )
    record(newall, "schools-cif-2015", start=datetime.date(2018, 3, 6), grades={"overall": "Inadequate"})
    riverbank = ProviderFactory(name="Riverbank Primary School", ward="Moston")
    record(riverbank, "schools-eif-2019", start=datetime.date(2021, 5, 4), grades={"overall": "Good"})
    record(
        riverbank,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 20),
        grades={"inclusion": "Expected standard", "achievement": "Strong standard"},
        safeguarding="met",
    )
    for name, grade in [
        ("Lightbowne", "Good"),
        ("Rainbows", "Good"),
        ("Superkids", "Outstanding"),
        ("Tiny Steps", "Requires improvement"),
    ]:
        setting = EarlyYearsFactory(name=f"{name} Nursery", ward="Moston")
        record(setting, "early-years-2015", start=datetime.date(2018, 4, 10), grades={"overall": grade})
    EarlyYearsFactory(name="Never Inspected Nursery")


def test_register_lists_latest_inspection_of_each_provider(client, register):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert names(response)[:2] == ["Lightbowne Nursery", "Never Inspected Nursery"]
    assert "Prospere Trust" in html
    # Riverbank's latest is its report card: areas listed, never an overall grade made up for it
    riverbank = next(p for p in response.context["providers"] if p.name == "Riverbank Primary School")
    assert riverbank.latest_inspection.framework.slug == "schools-report-card-2025"
    assert "Inclusion: Expected standard" in html
    assert "Not inspected" in html


def test_early_years_good_or_outstanding_summary(client, register):
    html = client.get(URL).content.decode()
    assert '<span class="scrutiny-stat">3 of 4</span> early years settings good or outstanding' in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "academy"}, ["Newall Green High School"]),
        ({"phase": "special"}, ["North Ridge High School"]),
        ({"ward": "Sharston"}, ["Newall Green High School"]),
        ({"grade": "Outstanding"}, ["North Ridge High School", "Superkids Nursery"]),
        ({"framework": "schools-report-card-2025"}, ["Riverbank Primary School"]),
        ({"from": "2018-03-10", "to": "2018-03-31"}, ["North Ridge High School"]),
        ({"q": "newall"}, ["Newall Green High School"]),
    ],
)
def test_filters(client, register, query, expected):
    response = client.get(URL, query)
    assert names(response) == expected
    assert "Clear filters" in response.content.decode()


def test_summary_follows_filters(client, register):
    html = client.get(URL, {"ward": "Moston", "kind": "early_years"}).content.decode()
    assert '<span class="scrutiny-stat">3 of 4</span> early years settings' in html
    assert "maintained schools good or outstanding" not in html


def test_charts_are_svg_with_a_table_alternative(client, register):
    response = client.get(URL)
    html = response.content.decode()
    # three frameworks with an overall grade (CIF, EIF, early years) and one report card
    assert html.count('<svg class="scrutiny-chart__svg"') == 4
    assert html.count("Show this chart as a table") == 4
    stacked = response.context["report_card_charts"][0]
    assert stacked.series[0] == "Exceptional"
    assert dict(stacked.rows)["Inclusion"] == [0, 0, 1, 0, 0]
    assert "<script" not in html.split('id="summary"')[1].split('id="providers"')[0]
    legacy = {chart.title: chart for chart in response.context["legacy_charts"]}
    early_years = legacy["Latest overall effectiveness: Early years, graded"]
    assert [(label, count) for label, count, _ in early_years.bars] == [
        ("Outstanding", 1),
        ("Good", 2),
        ("Requires improvement", 1),
        ("Inadequate", 0),
    ]


def test_unpublished_inspection_is_not_in_the_public_register(officer_user):
    from django.test import Client

    client, officer_client = Client(), Client()
    officer_client.force_login(officer_user)
    school = ProviderFactory(name="Embargoed School")
    record(school, "schools-eif-2019", start=datetime.date(2024, 1, 9), grades={"overall": "Good"})
    record(
        school,
        "schools-report-card-2025",
        start=datetime.date(2026, 1, 9),
        published=datetime.date(2099, 1, 1),
        grades={"inclusion": "Urgent improvement"},
    )
    public = client.get(URL).content.decode()
    assert "Urgent improvement" not in public
    assert "9 January 2024" in public
    officer = officer_client.get(URL).content.decode()
    assert "Inclusion: Urgent improvement" in officer


def test_register_queries_are_bounded(client, django_assert_max_num_queries):
    for n in range(60):
        provider = EarlyYearsFactory() if n % 2 else ProviderFactory()
        slug = "early-years-2015" if n % 2 else "schools-eif-2019"
        record(provider, slug, start=datetime.date(2019, 10, 1), grades={"overall": "Good"})
        record(provider, slug, start=datetime.date(2023, 10, 1), grades={"overall": "Outstanding"})
        if n % 5 == 0:
            record(
                provider,
                "schools-report-card-2025" if n % 2 == 0 else "early-years-report-card-2025",
                start=datetime.date(2026, 1, 10),
                grades={"leadership": "Strong standard"},
            )
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["providers"]) == 50
