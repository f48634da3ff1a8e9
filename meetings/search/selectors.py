"""The search query: who may find what is decided by SearchEntry.objects.visible_to(user)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re

from django.conf import settings
from django.db import models

from meetings.search.models import SearchEntry
from meetings.search.services import SEARCH_CONFIG, START_MARK, STOP_MARK, is_postgresql

_WORD = re.compile(r"\w+", re.UNICODE)
# A quoted phrase or a hyphenated word: websearch_to_tsquery makes it a phrase (<->) query, whose
# matches PostgreSQL estimates as if the words were merely ANDed (often far too many).
_PHRASE = re.compile(r'"|\w-\w', re.UNICODE)


@dataclasses.dataclass
class SearchFilters:
    query: str
    kinds: list[str] = dataclasses.field(default_factory=list)
    committee_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    order: str = "relevance"  # or "newest"


@dataclasses.dataclass
class SearchResults:
    """The ids of the matching entries, best first, and whether more matched than were ranked."""

    ids: list[int]
    truncated: bool  # more entries matched than max_results
    estimated_total: int | None = None  # when truncated: about how many matched (never below len + 1)

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def entries(ids: list[int]) -> list[SearchEntry]:
        """The entries for some of the ids (a page), in the same order."""
        found = SearchEntry.objects.select_related("committee").prefetch_related("committee__former_names").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def search(*, user, filters: SearchFilters, max_results: int | None = None) -> SearchResults:
    """Entries the user may see matching the query and filters, best first.

    PostgreSQL: English full-text search on the stored vector, ranked by ts_rank (title weighs
    more than text). SQLite: every word must appear in the title or text (icontains); title
    matches rank first.

    Ranking every match of a word found in most documents ("children", "ofsted") would cost time
    in proportion to the whole index, so the candidates are the `max_results` most recent
    matches (found by walking the date index), ranked among themselves in the same query; the
    page says when more matched, and about how many (`estimated_total`: PostgreSQL's planner
    estimate, which costs no scan; counted on SQLite). Below that number the ranking is exact.
    A phrase (PostgreSQL) has at most PHRASE_MAX_RESULTS candidates (`_phrase_candidates`).
    """
    cap = max_results or settings.SEARCH_MAX_RESULTS
    qs = SearchEntry.objects.visible_to(user)
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.committee_id:
        qs = qs.filter(committee_id=filters.committee_id)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    text = filters.query.strip()
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        qs = qs.filter(search_vector=query)
        rank = SearchRank(models.F("search_vector"), query)
    else:
        words = _WORD.findall(text)[:10]
        if not words:  # punctuation only: nothing to look for
            return SearchResults([], False)
        title_hit = models.Q()
        for word in words:
            qs = qs.filter(models.Q(title__icontains=word) | models.Q(body__icontains=word))
            title_hit &= models.Q(title__icontains=word)
        rank = models.Case(
            models.When(title_hit, then=models.Value(1.0)), default=models.Value(0.5), output_field=models.FloatField()
        )
    if is_postgresql() and _PHRASE.search(text):
        cap = min(cap, PHRASE_MAX_RESULTS)
        rows, total = _phrase_candidates(qs, rank, cap)
    else:
        rows, total = _newest(qs, rank, cap + 1), None
    truncated = len(rows) > cap
    if truncated and total is None:
        total = estimate_count(qs, at_least=len(rows))
    estimated = total if truncated else None
    rows = rows[:cap]
    rows.sort(key=lambda row: row[2] is None)  # undated entries (providers) after dated ones
    if filters.order != "newest":
        rows.sort(key=lambda row: -row[1])  # stable: equal ranks stay newest first
    return SearchResults([row[0] for row in rows], truncated, estimated)


def estimate_count(qs, *, at_least: int = 0) -> int:
    """About how many rows qs has, without counting them on PostgreSQL; never below `at_least`.

    PostgreSQL: the planner's estimate (EXPLAIN, no scan: the column statistics of the search
    vector, kept by ANALYZE), rounded to two significant figures, as it is only an estimate.
    Elsewhere (SQLite, for development): the exact count.
    """
    if is_postgresql():
        plan = json.loads(qs.order_by().values("pk").explain(format="json"))
        rows = int((plan[0] if isinstance(plan, list) else plan)["Plan"]["Plan Rows"])
        if rows >= 100:
            digits = len(str(rows)) - 2
            rows = round(rows, -digits)
    else:
        rows = qs.count()
    return max(rows, at_least)


# A phrase is checked entry by entry (the GIN index knows which entries hold its words, not
# whether they stand together), so its candidates are fewer than a word's, and they are looked for
# among the newest PHRASE_WINDOW entries before anywhere else.
PHRASE_MAX_RESULTS = 200
PHRASE_WINDOW = 100_000
PHRASE_GIN_ROWS = 20_000  # entries with all the words, up to which the GIN index is read first


def _newest(qs, rank, limit: int, *, walk: bool = False) -> list:
    """(id, rank, date) of the first `limit` entries of qs, newest first (undated ones first, as
    PostgreSQL orders NULLs in a descending sort). `walk`: down the date index, stopping at the
    limit, whatever the planner guesses (PostgreSQL)."""
    rows = qs.annotate(rank=rank).order_by("-date", "-id").values_list("id", "rank", "date")[:limit]
    if not walk:
        return list(rows)
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return list(rows)


def _phrase_candidates(qs, rank, cap: int) -> tuple[list, int | None]:
    """The first `cap + 1` matches of a phrase, newest first (as `_newest` would give them), found
    without walking the whole date index for a rare phrase nor ranking every match of a common one;
    and how many matched, when every match was found (else None: the planner's estimate, which
    counts entries with all the words, is the page's "about").

    PostgreSQL estimates a phrase's matches as if its words were only ANDed, and checks the phrase
    entry by entry. So, in turn, stopping at the first that has enough:

    1. the undated entries (few: providers);
    2. every match, from the GIN index (a bitmap scan): when the planner expects at most
       PHRASE_GIN_ROWS entries to hold all the words (each is checked), else after step 3 and
       stopped at `cap + 1` matches (a rare phrase of common words);
    3. a walk down the date index among the newest PHRASE_WINDOW entries (those dated on or after
       the window's first day), stopping at `cap + 1` matches: a phrase of the last few years;
    4. the walk down the whole date index: a phrase common in the past, rare lately.
    """
    found = _newest(qs.filter(date__isnull=True), rank, cap + 1)
    wanted = cap + 1 - len(found)
    if wanted <= 0:
        return found, None
    dated = qs.filter(date__isnull=False)
    # Few entries hold all the words (the planner knows each word's frequency): check them all.
    every = _every_match(dated, PHRASE_GIN_ROWS) if estimate_count(dated) <= PHRASE_GIN_ROWS else None
    if every is not None and len(every) < PHRASE_GIN_ROWS:
        return found + _newest_of(every, rank, wanted), len(found) + len(every)  # every match: counted
    window = (
        SearchEntry.objects.filter(date__isnull=False)
        .order_by("-date", "-id")
        .values_list("date", flat=True)[PHRASE_WINDOW - 1 : PHRASE_WINDOW]
    )
    first_day = next(iter(window), None)
    if first_day is None:  # fewer entries than the window: the walk is bounded by the table
        return found + _newest(dated, rank, wanted, walk=True), None
    recent = _newest(dated.filter(date__gte=first_day), rank, wanted, walk=True)
    if len(recent) == wanted:
        return found + recent, None
    if every is None and len(every := _every_match(dated, wanted)) < wanted:
        return found + _newest_of(every, rank, wanted), len(found) + len(every)
    return found + _newest(dated, rank, wanted, walk=True), None


def _every_match(qs, limit: int) -> list[tuple]:
    """(id, date) of up to `limit` matches from the GIN index (a bitmap scan, in no order, stopped
    at the limit), whatever the planner guesses about the words."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        return list(qs.order_by().values_list("id", "date")[:limit])


def _newest_of(matches: list[tuple], rank, limit: int) -> list:
    """The newest `limit` of some (id, date) matches, ranked, as `_newest` gives them."""
    matches = sorted(matches, key=lambda row: (row[1], row[0]), reverse=True)[:limit]
    return _newest(SearchEntry.objects.filter(pk__in=[pk for pk, _date in matches]), rank, limit)


def snippets(entries: list[SearchEntry], query: str, length: int = 240) -> dict[int, list[tuple[str, bool]]]:
    """For each entry id, its snippet as (text, highlighted) parts, for escaping in a template."""
    if not entries:
        return {}
    if is_postgresql():
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        q = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        rows = (
            SearchEntry.objects.filter(pk__in=[e.pk for e in entries])
            .annotate(
                headline=SearchHeadline(
                    "body",
                    q,
                    config=SEARCH_CONFIG,
                    start_sel=START_MARK,
                    stop_sel=STOP_MARK,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "headline")
        )
        return {pk: _split_marked(headline or "") for pk, headline in rows}
    words = [w.lower() for w in _WORD.findall(query)[:10]]
    return {e.pk: _simple_snippet(e.body, words, length) for e in entries}


def _split_marked(text: str) -> list[tuple[str, bool]]:
    parts = []
    for chunk in re.split(f"({START_MARK}.*?{STOP_MARK})", text):
        if not chunk:
            continue
        if chunk.startswith(START_MARK):
            parts.append((chunk[1:-1], True))
        else:
            parts.append((chunk, False))
    return parts


def _simple_snippet(body: str, words: list[str], length: int) -> list[tuple[str, bool]]:
    if not body:
        return []
    lower = body.lower()
    positions = [p for p in (lower.find(w) for w in words if w) if p >= 0]
    start = max(0, min(positions) - length // 3) if positions else 0
    end = min(len(body), start + length)
    # Start and end on word boundaries: never show half a word at either end.
    if start > 0 and not body[start - 1].isspace():
        space = body.find(" ", start, end)
        start = space + 1 if space >= 0 else start
    if end < len(body) and not body[end].isspace():
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    window = body[start:end].strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(body) else ""
    if not words:
        return [(prefix + window + suffix, False)]
    pattern = re.compile("(" + "|".join(re.escape(w) for w in words if w) + ")", re.IGNORECASE)
    parts: list[tuple[str, bool]] = []
    if prefix:
        parts.append((prefix, False))
    for i, chunk in enumerate(pattern.split(window)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    if suffix:
        parts.append((suffix, False))
    return parts
