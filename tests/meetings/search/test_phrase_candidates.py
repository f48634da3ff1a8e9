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
    pytest.mark.postgresql,  # deselected in the SQLite CI run
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN candidate path is PostgreSQL's"),
]


def items_titled(title: str, count: int, *, later_by: int = 0):
    made = []
    for n in range(count):
        day = datetime.timedelta(days=later_by + n)
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


def newest_matches(query: str, limit: int) -> list[int]:
    """The reference: the newest `limit` matches by the plain query down the date index."""
    from django.contrib.postgres.search import SearchQuery

    from meetings.models import SearchEntry

    found = SearchEntry.objects.visible_to(AnonymousUser()).filter(
        search_vector=SearchQuery(query, search_type="websearch", config="english")
    )
    return list(found.order_by("-date", "-id").values_list("id", flat=True)[:limit])


@pytest.mark.parametrize("gin_rows", [0, 10_000], ids=["window-first", "index-first"])
def test_each_way_to_a_phrases_candidates_finds_the_newest_matches(settings, monkeypatch, gin_rows):
    """A phrase common lately (found in the newest window), rare (every match from the index) and
    common only in the past (the whole walk) all give the newest matches, as the plain query."""
    from meetings.search import selectors

    settings.SEARCH_MAX_RESULTS = 3
    monkeypatch.setattr(selectors, "PHRASE_WINDOW", 10)  # entries: a meeting's and its item's
    monkeypatch.setattr(selectors, "PHRASE_GIN_ROWS", gin_rows)
    items_titled("Leavers of care homes", 3)  # both words, never the phrase
    items_titled("Care leavers, a look back", 5, later_by=10)  # past the window
    items_titled("Children missing education", 6, later_by=20)  # newest: fills the window
    for query in ('"care leavers"', '"children missing"', '"care homes"', '"missing care"'):
        results = search(user=AnonymousUser(), filters=SearchFilters(query=query, order="newest"))
        expected = newest_matches(query, 4)
        assert results.ids == expected[:3], query
        assert results.truncated == (len(expected) > 3), query
    assert newest_matches('"care leavers"', 4) and newest_matches('"missing care"', 4) == []


def test_a_phrase_has_fewer_candidates_than_a_word(settings, monkeypatch):
    from meetings.search import selectors

    settings.SEARCH_MAX_RESULTS = 4
    monkeypatch.setattr(selectors, "PHRASE_MAX_RESULTS", 2)
    items_titled("Care leavers accommodation", 5)
    phrase = search(user=AnonymousUser(), filters=SearchFilters(query='"care leavers"'))
    assert len(phrase.ids) == 2 and phrase.truncated
    words = search(user=AnonymousUser(), filters=SearchFilters(query="care leavers"))
    assert len(words.ids) == 4 and words.truncated


def test_a_phrase_found_in_full_says_how_many_matched_not_the_words_estimate(settings, monkeypatch):
    """When every match of a phrase came from the GIN index, the page's "about" is their number,
    not the planner's estimate of entries holding all the words."""
    from meetings.search import selectors

    settings.SEARCH_MAX_RESULTS = 2
    monkeypatch.setattr(selectors, "PHRASE_GIN_ROWS", 10_000)
    items_titled("Care leavers accommodation", 5)
    items_titled("Leavers of care homes", 9, later_by=10)  # both words, never the phrase
    results = search(user=AnonymousUser(), filters=SearchFilters(query='"care leavers"'))
    assert results.truncated and len(results.ids) == 2
    assert results.estimated_total == 5
