"""The /api/ extension never answers 5xx to bad input, and its OpenAPI schema says what it returns."""

import pytest

from tests.meetings.factories import MembershipFactory

pytestmark = pytest.mark.django_db

FILTERS = [
    ("organizations", "parent"),
    ("memberships", "organization"),
    ("memberships", "person"),
    ("meetings", "organization"),
    ("agenda-items", "meeting"),
    ("papers", "meeting"),
    ("papers", "agendaItem"),
    ("minutes", "meeting"),
    ("decisions", "meeting"),
    ("inspections", "provider"),
    ("actions", "plan"),
]
LISTS = sorted({name for name, _ in FILTERS} | {"persons", "files", "providers", "action-plans"})


@pytest.mark.parametrize("name, param", FILTERS)
@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999", "²", "١٢", "-1", "1.5", ""])
def test_id_filters_refuse_what_is_not_an_id_with_400(public, name, param, value):
    response = public.get(f"/api/{name}/", {param: value})
    assert response.status_code == 400, (name, param, value, response.status_code)
    assert param in response.json()


@pytest.mark.parametrize("name, param", FILTERS)
def test_id_filters_take_the_largest_id(public, name, param):
    assert public.get(f"/api/{name}/", {param: "9223372036854775807"}).json()["data"] == []


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("pk", ["9223372036854775808", "²", "1.5", "0"])
def test_detail_of_a_bad_id_is_a_json_404(public, name, pk):
    response = public.get(f"/api/{name}/{pk}/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "query, status",
    [
        ({"modified_since": "0001-01-01T00:00:00+05:00"}, 200),
        ({"modified_since": "9999-12-31T23:59:59-05:00"}, 200),
        ({"modified_since": "1999-07-23T19:09:36-20:46"}, 200),  # beyond PostgreSQL's offsets
        ({"modified_since": "not a date"}, 400),
        ({"modified_since": ""}, 400),
        ({"page_size": "0"}, 400),
        ({"page_size": "²"}, 400),
        ({"page_size": "5000"}, 200),
        ({"page": "²"}, 400),
        ({"page": "99"}, 404),
    ],
)
def test_paging_and_dates_answer_4xx_not_5xx(public, query, status):
    MembershipFactory()
    assert public.get("/api/memberships/", query).status_code == status


def test_api_answers_carry_the_cors_header(public):
    assert public.get("/api/memberships/")["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def schema(public):
    return public.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_the_schema_declares_nullable_fields(schema):
    props = lambda name: schema["components"]["schemas"][name]["properties"]  # noqa: E731 - a one-line helper reads better here
    for component, field in [
        ("Decision", "dueDate"),
        ("Membership", "endDate"),
        ("Organization", "subOrganizationOf"),
        ("Meeting", "agendaIssuedOn"),
        ("Meeting", "end"),
        ("Paper", "date"),
        ("Minute", "agendaItem"),
        ("Provider", "trust"),
        ("Provider", "closedOn"),
        ("Inspection", "endDate"),
        ("Inspection", "overallGrade"),
        ("Inspection", "publishedOn"),
        ("Action", "dueDate"),
        ("Action", "progressOn"),
    ]:
        assert props(component)[field].get("nullable") is True, (component, field)
    assert "format" not in props("Inspection")["reportUrl"]  # blank when Ofsted has no report


def test_the_schema_declares_formats_bounds_and_every_answer(schema):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            params = {p["name"]: p for p in operation.get("parameters", [])}
            if "modified_since" in params:
                assert params["modified_since"]["schema"]["format"] == "date-time"
                assert "400" in operation["responses"], path
            if "id" in params:
                assert params["id"]["schema"]["maximum"] == 2**63 - 1
                assert "404" in operation["responses"], path


def test_the_api_root_leads_to_the_oparl_server(public):
    root = public.get("/api/").json()
    assert root["oparl"] == "http://testserver/oparl/v1.1/"
    assert public.get(root["oparl"]).json()["type"] == "https://schema.oparl.org/1.1/System"
