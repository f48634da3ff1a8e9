"""The OpenAPI schema at /api/schema/ is the truth: Schemathesis generates requests from it (valid
and invalid ones) for every operation, as the public and as an officer, and checks each answer with
all its checks: no server error, status code documented, content type and body as documented,
invalid input rejected and valid input accepted.

One test, a bounded number of examples per operation (MAX_EXAMPLES), run once per role: about a
minute in all. Marked ``schemathesis`` so it can be deselected (-m "not schemathesis").
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from scrutiny.wsgi import application
from tests.inspections.factories import ProviderFactory, record
from tests.meetings.builders import minute_with_decision, past_meeting
from tests.meetings.factories import AgendaItemFactory, MembershipFactory, PaperFactory

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

MAX_EXAMPLES = 10


@pytest.fixture
def api_data(db):
    """A little of everything, with the nulls and blanks the demo has (no end dates, no due dates)."""
    meeting = past_meeting()
    item = AgendaItemFactory(meeting=meeting, number=1)
    PaperFactory(item=item)
    exempt = AgendaItemFactory(meeting=meeting, number=2, exempt=True, exempt_paragraph=3)
    PaperFactory(item=exempt)
    minute_with_decision(meeting=meeting, item=item, narrative="<p>Noted.</p>", decision="To note.")
    MembershipFactory(committee=meeting.committee)
    record(ProviderFactory(trust=None, closed_on=None), report_url="")  # an inspection with blanks and nulls
    return meeting


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, which closes the database connection when a
    request finishes; the test's transaction lives on that connection (as django.test.Client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_all_operations(cookies: dict) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # Invalid data for the query parameters; invalid path ids (which Hypothesis finds slowly) are
        # tested directly in test_api_input.py.
        has_query = any(True for _ in operation.query)
        modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if has_query else (GenerationMode.POSITIVE,)
        for mode in modes:

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                response = case.call(cookies=cookies)
                case.validate_response(response)

            try:
                check()
            except Unsatisfiable:
                continue  # nothing to make invalid (an operation without parameters)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every failure, then report
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"[:3000])
    return failures


def test_the_schema_holds_for_the_public(api_data):
    failures = run_all_operations({})
    assert not failures, "\n\n".join(failures)


def test_the_schema_holds_for_an_officer(api_data, officer):
    failures = run_all_operations({"sessionid": officer.cookies["sessionid"].value})
    assert not failures, "\n\n".join(failures)
