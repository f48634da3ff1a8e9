"""The packs area's panel: the meeting's PDFs (agenda pack, front sheet, printed minutes)."""

from meetings import panels, visibility
from meetings.jobs.selectors import meeting_work_open
from meetings.packs import api, tasks


def meeting_documents(meeting, user, *, items=None, despatches=None, **extra) -> dict | None:
    if not visibility.can_view_agenda(user, meeting):
        return None  # an announced meeting: its agenda is not issued yet
    documents = api.documents(meeting, user, items=items)
    despatch_rows = api.despatch_documents(meeting, user, despatches=despatches)
    # A build waiting for (or running on) the task worker: the page says so (one query, asked only
    # while a file the page links is not stored yet).
    missing = not documents["pack"] or not documents["front"] or any(not row["pack"] for row in despatch_rows)
    return {
        "meeting": meeting,
        "documents": documents,
        "despatches": despatch_rows,
        "preparing": missing and meeting_work_open(meeting, key_prefix=tasks.key_prefix(meeting)),
    }


def register() -> None:
    panels.register(
        page="meeting", slot="documents", template="meetings/pack/includes/documents.html", load=meeting_documents
    )
