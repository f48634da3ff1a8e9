"""The packs area's panel: the meeting's PDFs (agenda pack, front sheet, printed minutes)."""

from meetings import panels, visibility
from meetings.jobs.selectors import meeting_work_open
from meetings.packs import api, tasks


def meeting_documents(meeting, user, *, items=None, despatches=None, **extra) -> dict | None:
    if not visibility.can_view_agenda(user, meeting):
        return None  # an announced meeting: its agenda is not issued yet
    return {
        "meeting": meeting,
        "documents": api.documents(meeting, user, items=items),
        "despatches": api.despatch_documents(meeting, user, despatches=despatches),
        # A build waiting for (or running on) the task worker: the page says so (one query).
        "preparing": meeting_work_open(meeting, key_prefix=tasks.key_prefix(meeting)),
    }


def register() -> None:
    panels.register(
        page="meeting", slot="documents", template="meetings/pack/includes/documents.html", load=meeting_documents
    )
