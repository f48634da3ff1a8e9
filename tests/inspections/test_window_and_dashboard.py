"""Next inspection window for local-authority children's services, on the provider page and dashboard."""

import datetime

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Provider

from .factories import ProviderFactory, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return ProviderFactory(
        urn="80447", name="Manchester children's services", kind=Provider.Kind.LA_CHILDRENS_SERVICES, phase=""
    )


def test_window_is_six_months_either_side_of_three_year_anniversary(council):
    standard = record(
        council,
        "sif-2013",
        kind="sif",
        start=datetime.date(2017, 11, 6),
        end_date=datetime.date(2017, 11, 23),
        grades={"overall": "Requires improvement to be good"},
    )
    focused = record(council, "ilacs-2018", kind="focused_visit", start=datetime.date(2019, 10, 8))
    window = services.next_inspection_window(inspections=[focused, standard])
    assert window.basis == standard  # a focused visit does not restart the cycle
    assert window.anniversary == datetime.date(2020, 11, 23)
    assert (window.earliest, window.latest) == (datetime.date(2020, 5, 23), datetime.date(2021, 5, 23))
    assert window.status(datetime.date(2020, 4, 1)) == "Window not yet open"
    assert window.status(datetime.date(2021, 1, 1)) == "Inspection window open now"
    assert window.status(datetime.date(2021, 6, 1)) == "Window has passed"


def test_later_standard_inspection_moves_the_window(council):
    record(council, "sif-2013", kind="sif", start=datetime.date(2017, 11, 6))
    record(council, "ilacs-2018", kind="ilacs_short", start=datetime.date(2022, 2, 28), grades={"overall": "Good"})
    window = services.next_inspection_window(inspections=list(council.inspections.all()))
    assert window.anniversary == datetime.date(2025, 2, 28)


def test_provider_page_and_dashboard_show_the_window(client, council):
    record(
        council,
        "sif-2013",
        kind="sif",
        start=datetime.date(2017, 11, 6),
        end_date=datetime.date(2017, 11, 23),
        grades={"overall": "Requires improvement to be good"},
    )
    html = client.get(council.get_absolute_url()).content.decode()
    assert "Next inspection window" in html
    assert "23 May 2020 to 23 May 2021" in html
    dashboard = client.get(reverse("inspections:dashboard"))
    text = dashboard.content.decode()
    assert "Manchester children&#x27;s services" in text
    assert "23 May 2020 to 23 May 2021" in text
    assert "Requires improvement to be good" in text


def test_schools_have_no_window(client):
    school = ProviderFactory()
    record(school, "schools-eif-2019", grades={"overall": "Good"})
    assert "Next inspection window" not in client.get(school.get_absolute_url()).content.decode()


def test_dashboard_queries_are_bounded(client, django_assert_max_num_queries):
    for n in range(20):
        la = ProviderFactory(kind=Provider.Kind.LA_CHILDRENS_SERVICES, phase="", name=f"Council {n}")
        record(la, "ilacs-2018", kind="ilacs_standard", start=datetime.date(2019, 1, 7), grades={"overall": "Good"})
        record(la, "ilacs-2018", kind="focused_visit", start=datetime.date(2021, 1, 7))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("inspections:dashboard"))
    assert len(response.context["rows"]) == 20
