"""Search: the registry of indexers, index maintenance and the query.

Apps contribute indexers in their own ``search_index.py`` modules, which are discovered like
``admin.py`` modules are (``autodiscover``), so ``meetings`` never imports the other apps::

    from meetings.search import Indexer, SearchDocument, registry

    @registry.register
    class ProviderIndexer(Indexer):
        model = Provider
        kind = "provider"
        label = "Providers"

        def document(self, obj, previous):
            return SearchDocument(title=obj.name, body=..., url=obj.get_absolute_url())

Signals keep the index current (a decoupled side effect); ``manage.py rebuild_search_index``
rebuilds it. Who may find what is decided only by ``SearchEntry.objects.visible_to(user)``.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import autodiscover_modules

from .search_models import SearchEntry

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 300_000  # well inside PostgreSQL's 1 MB tsvector limit
SEARCH_CONFIG = "english"
START_MARK, STOP_MARK = "\x02", "\x03"  # never in indexed text: stripped on the way in
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclasses.dataclass(frozen=True)
class SearchDocument:
    title: str
    body: str = ""
    url: str = ""
    committee_id: int | None = None
    meeting_id: int | None = None
    date: datetime.date | None = None
    exempt: bool = False
    published: bool = True
    fingerprint: str = ""


class Indexer:
    """Turns one model's objects into search entries. Subclass per model."""

    model: type[models.Model]
    kind: str
    label: str  # plural, for the "kind" filter, e.g. "Agenda items"
    indexes = True  # False for a watcher: a model with no entry of its own whose changes
    # alter other entries (related()), e.g. a report's section changes its paper's text

    def get_queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def document(self, obj, previous: SearchEntry | None) -> SearchDocument | None:
        """The entry for obj, or None to leave it out of the index."""
        raise NotImplementedError

    def related(self, obj) -> Iterable[models.Model]:
        """Other indexed objects whose entries change when obj is saved."""
        return ()


class SearchRegistry:
    def __init__(self):
        self._by_model: dict[type[models.Model], Indexer] = {}
        self._discovered = False

    def register(self, indexer_class: type[Indexer]) -> type[Indexer]:
        indexer = indexer_class()
        self._by_model[indexer.model] = indexer
        post_save.connect(_on_save, sender=indexer.model, dispatch_uid=f"search-save-{indexer.kind}")
        post_delete.connect(_on_delete, sender=indexer.model, dispatch_uid=f"search-delete-{indexer.kind}")
        return indexer_class

    def autodiscover(self) -> None:
        if not self._discovered:
            self._discovered = True
            autodiscover_modules("search_index")

    def for_model(self, model) -> Indexer | None:
        return self._by_model.get(model)

    @property
    def indexers(self) -> list[Indexer]:
        return list(self._by_model.values())

    def kinds(self) -> list[tuple[str, str]]:
        return [(i.kind, i.label) for i in self._by_model.values() if i.indexes]


registry = SearchRegistry()


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )


def clean_text(text: str, limit: int = MAX_BODY_CHARS) -> str:
    text = _CONTROL.sub(" ", text or "").replace(START_MARK, " ").replace(STOP_MARK, " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()[:limit]


def _fields(doc: SearchDocument) -> dict:
    return {
        "title": clean_text(doc.title, 500),
        "body": clean_text(doc.body),
        "url": doc.url[:500],
        "committee_id": doc.committee_id,
        "meeting_id": doc.meeting_id,
        "date": doc.date,
        "exempt": doc.exempt,
        "published": doc.published,
        "fingerprint": doc.fingerprint[:200],
    }


def index_object(obj, *, cascade: bool = True) -> SearchEntry | None:
    """Write (or remove) obj's entry, and those of the objects that depend on it."""
    indexer = registry.for_model(type(obj))
    if indexer is None:
        return None
    entry = None
    if indexer.indexes:
        entry = _write_entry(indexer, obj)
    if cascade:
        for other in indexer.related(obj):
            index_object(other, cascade=False)
    return entry


def _write_entry(indexer: Indexer, obj) -> SearchEntry | None:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    previous = SearchEntry.objects.filter(content_type=ct, object_id=obj.pk).first()
    doc = indexer.document(obj, previous)
    entry = None
    with transaction.atomic():
        if doc is None:
            if previous is not None:
                previous.delete()
        else:
            entry, _ = SearchEntry.objects.update_or_create(
                content_type=ct, object_id=obj.pk, defaults={"kind": indexer.kind, **_fields(doc)}
            )
            if is_postgresql():
                SearchEntry.objects.filter(pk=entry.pk).update(search_vector=_vector())
    return entry


def unindex_object(obj) -> None:
    indexer = registry.for_model(type(obj))
    if indexer is None or not indexer.indexes:
        return
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    SearchEntry.objects.filter(content_type=ct, object_id=obj.pk).delete()


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index_object(instance)


def _on_delete(sender, instance, **kwargs):
    indexer = registry.for_model(type(instance))
    if indexer is not None and not indexer.indexes:
        try:
            for other in indexer.related(instance):
                index_object(other, cascade=False)
        except ObjectDoesNotExist:  # its parent is going too
            pass
        return
    unindex_object(instance)


def rebuild(*, kinds: Iterable[str] | None = None, batch_size: int = 500, stdout=None) -> int:
    """Rebuild the entries of every (or the named) kind. Extracted paper text is reused."""
    wanted = set(kinds) if kinds else None
    total = 0
    for indexer in registry.indexers:
        if not indexer.indexes or (wanted is not None and indexer.kind not in wanted):
            continue
        ct = ContentType.objects.get_for_model(indexer.model, for_concrete_model=False)
        previous = {e.object_id: e for e in SearchEntry.objects.filter(content_type=ct).only(
            "object_id", "body", "fingerprint")}
        rows = []
        for obj in indexer.get_queryset().iterator(chunk_size=batch_size):
            doc = indexer.document(obj, previous.get(obj.pk))
            if doc is not None:
                rows.append(SearchEntry(kind=indexer.kind, content_type=ct, object_id=obj.pk, **_fields(doc)))
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=ct).delete()
            SearchEntry.objects.bulk_create(rows, batch_size=batch_size)
            if is_postgresql():
                SearchEntry.objects.filter(content_type=ct).update(search_vector=_vector())
        total += len(rows)
        if stdout is not None:
            stdout.write(f"{indexer.label}: {len(rows)}")
    return total


# --- The query ------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


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

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def entries(ids: list[int]) -> list[SearchEntry]:
        """The entries for some of the ids (a page), in the same order."""
        found = SearchEntry.objects.select_related("committee").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def search(*, user, filters: SearchFilters, max_results: int | None = None) -> SearchResults:
    """Entries the user may see matching the query and filters, best first.

    PostgreSQL: English full-text search on the stored vector, ranked by ts_rank (title weighs
    more than text). SQLite: every word must appear in the title or text (icontains); title
    matches rank first.

    Ranking every match of a word found in most documents ("children", "ofsted") would cost time
    in proportion to the whole index, so the candidates are the `max_results` most recent
    matches (found by walking the date index), ranked among themselves in the same query; the
    page says when more matched. Below that number the ranking is exact.
    """
    cap = max_results or getattr(settings, "SEARCH_MAX_RESULTS", 1000)
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
    rows = list(qs.annotate(rank=rank).order_by("-date", "-id").values_list("id", "rank", "date")[: cap + 1])
    truncated = len(rows) > cap
    rows = rows[:cap]
    rows.sort(key=lambda row: row[2] is None)  # undated entries (providers) after dated ones
    if filters.order != "newest":
        rows.sort(key=lambda row: -row[1])  # stable: equal ranks stay newest first
    return SearchResults([row[0] for row in rows], truncated)


def snippets(entries: list[SearchEntry], query: str, length: int = 240) -> dict[int, list[tuple[str, bool]]]:
    """For each entry id, its snippet as (text, highlighted) parts, for escaping in a template."""
    if not entries:
        return {}
    if is_postgresql():
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        q = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        rows = SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).annotate(
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
        ).values_list("pk", "headline")
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
    window = body[start:start + length]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(body) else ""
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


def reindex_entries(*, entries: Iterable[SearchEntry]) -> int:
    """Rewrite the given entries from their records (dropping those whose record is gone)."""
    count = 0
    for entry in entries:
        model = entry.content_type.model_class()
        obj = model._default_manager.filter(pk=entry.object_id).first() if model else None
        if obj is None:
            entry.delete()
            continue
        index_object(obj, cascade=False)
        count += 1
    return count
