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

import contextlib
import contextvars
import dataclasses
import datetime
import logging
import re
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import autodiscover_modules

from meetings.search.models import SearchEntry

logger = logging.getLogger(__name__)


MAX_BODY_CHARS = 300_000  # well inside PostgreSQL's 1 MB tsvector limit


SEARCH_CONFIG = "english"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
START_MARK, STOP_MARK = "\x02", "\x03"  # never in indexed text: stripped on the way in


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
    public_from: datetime.date | None = None  # public only from this date, if given
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

    # True when the related entries take nothing the visibility rule reads from obj (only its
    # name, date, links): re-indexing them after a save may then wait for a background task,
    # which matters for large trees (a meeting's items, papers, minutes and decisions). Left
    # False where a save can hide something (an item made exempt re-marks its papers at once).
    cascade_in_background = False


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
        """(kind, label) of each kind of entry, once: two indexers may write one kind (a minute
        and its exempt annex are both "minute")."""
        return list(dict.fromkeys((i.kind, i.label) for i in self._by_model.values() if i.indexes))


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
        "public_from": doc.public_from,
        "fingerprint": doc.fingerprint[:200],
    }


def index_object(
    obj, *, cascade: bool = True, _seen: set | None = None, background: bool = False
) -> SearchEntry | None:
    """Write (or remove) obj's entry, and those of the objects that depend on it.

    With ``cascade`` the dependents' dependents follow too, all the way down (an item's minutes
    and their decisions), each object once. With ``background`` (saves seen by the signals) the
    cascade of an indexer with ``cascade_in_background`` is enqueued as a task
    (meetings/search/tasks.py), which runs it with ``background=False``.
    """
    indexer = registry.for_model(type(obj))
    if indexer is None:
        return None
    entry = None
    if indexer.indexes:
        entry = _write_entry(indexer, obj)
    if cascade and background and indexer.cascade_in_background:
        from meetings.search.tasks import reindex_related_enqueue

        reindex_related_enqueue(obj)
    elif cascade:
        seen = _seen if _seen is not None else {(type(obj), obj.pk)}
        for other in indexer.related(obj):
            key = (type(other), other.pk)
            if key in seen:
                continue
            seen.add(key)
            index_object(other, cascade=True, _seen=seen)
    return entry


# Set while indexing a save seen by the signals: slow work (a PDF's text) is then left to a task.
_from_signal: contextvars.ContextVar[bool] = contextvars.ContextVar("search_from_signal", default=False)


def text_in_background() -> bool:
    """Whether an indexer should enqueue slow work (extracting a PDF's text) instead of doing it:
    true while indexing a save seen by the signals."""
    return _from_signal.get()


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


# Objects saved inside deferred_indexing(), to index once at its end (None outside one).
_deferred: contextvars.ContextVar[dict | None] = contextvars.ContextVar("search_deferred", default=None)


@contextlib.contextmanager
def deferred_indexing() -> Iterator[None]:
    """Index the objects saved inside the block once, at its end, instead of on every save.

    For bulk writes (a spreadsheet import): an entry that gathers its children's text (a plan
    with its recommendations) is otherwise rebuilt on every child's save, which makes an import
    quadratic. Nothing is indexed if the block raises. Use it inside the writes' transaction so
    the index commits with them. Deletes are not deferred.
    """
    if _deferred.get() is not None:  # nested: the outermost block indexes
        yield
        return
    pending: dict = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    seen: set = set()
    for key, obj in pending.items():
        if key not in seen:
            seen.add(key)
            index_object(obj, _seen=seen)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pending = _deferred.get()
    if pending is not None:
        pending[(type(instance), instance.pk)] = instance
        return
    token = _from_signal.set(True)
    try:
        index_object(instance, background=True)
    finally:
        _from_signal.reset(token)


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
        previous = {
            e.object_id: e for e in SearchEntry.objects.filter(content_type=ct).only("object_id", "body", "fingerprint")
        }
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
