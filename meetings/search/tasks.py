"""Search work done as background tasks (README "Background tasks").

- Extracting the text of an uploaded PDF: the paper's entry is written at once with its title
  and marks (so the visibility rule is never behind), its text when the task has run.
- Re-indexing a large tree: a renamed committee's meetings, or a meeting's items, papers,
  minutes and decisions (what they show, never what hides them: see
  ``Indexer.cascade_in_background``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django_tasks import task

from meetings.agendas.models import Paper
from meetings.jobs.services import job_enqueue, job_run
from meetings.search.services import index_object


def _extract(*, paper_id: int) -> bool:
    paper = Paper.objects.select_related("item__meeting__committee", "report").filter(pk=paper_id).first()
    if paper is None:
        return False  # deleted since
    index_object(paper, cascade=False)
    return True


@task()
def search_extract_text(job_id: int) -> None:
    job_run(job_id=job_id, work=_extract)


def extract_text_enqueue(paper: Paper):
    meeting = paper.item.meeting
    return job_enqueue(
        search_extract_text,
        label=f"Search: text of “{paper.title}” ({meeting})",
        key=f"search-text-paper-{paper.pk}",
        meeting=meeting,
        kwargs={"paper_id": paper.pk},
    )


def _reindex_related(*, content_type_id: int, object_id: int) -> bool:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    obj = model._default_manager.filter(pk=object_id).first() if model is not None else None
    if obj is None:
        return False  # deleted since: its entries went with it
    index_object(obj, cascade=True)
    return True


@task()
def search_reindex_related(job_id: int) -> None:
    job_run(job_id=job_id, work=_reindex_related)


def reindex_related_enqueue(obj):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return job_enqueue(
        search_reindex_related,
        label=f"Search: re-index what is under {ct.name} “{obj}”",
        key=f"search-related-{ct.pk}-{obj.pk}",
        kwargs={"content_type_id": ct.pk, "object_id": obj.pk},
    )
