"""A phrase on PostgreSQL is answered from the GIN index with at most max_results + 1 candidates
(meetings/search/selectors.py), and gives the same entries, newest first, as the plain query."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from meetings.search.selectors import SearchFilters, search
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN candidate path is PostgreSQL's"),
]


def items_titled(title: str, count: int):
    made = []
    for n in range(count):
        day = datetime.timedelta(days=n)
        meeting = MeetingFactory(
            agenda_issued_on=datetime.date(2020, 1, 1) + day,
            start=datetime.datetime(2020, 1, 10, 10, tzinfo=datetime.UTC) + day,
        )
        made.append(AgendaItemFactory(meeting=meeting, number=1, title=f"{title} {n}"))
    return made


def test_rare_phrase_ranks_all_its_matches_and_common_phrase_the_newest(settings):
    settings.SEARCH_MAX_RESULTS = 3
    items_titled("Care leavers accommodation", 2)
    items_titled("Leavers of care homes", 2)  # both words, not the phrase
    rare = search(user=AnonymousUser(), filters=SearchFilters(query='"care leavers"'))
    assert len(rare.ids) == 2 and not rare.truncated
    items_titled("Care leavers review", 4)
    common = search(user=AnonymousUser(), filters=SearchFilters(query='"care leavers"', order="newest"))
    assert len(common.ids) == 3 and common.truncated
    plain = search(user=AnonymousUser(), filters=SearchFilters(query="care leavers accommodation"))
    assert len(plain.ids) == 2
