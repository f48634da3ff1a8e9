"""The packs area's panel: the meeting's PDFs (agenda pack, front sheet, printed minutes)."""

from meetings import panels, visibility
from meetings.packs import api


def meeting_documents(meeting, user, *, items=None, despatches=None, **extra) -> dict | None:
    if not visibility.can_view_agenda(user, meeting):
        return None  # an announced meeting: its agenda is not issued yet
    return {
        "meeting": meeting,
        "documents": api.documents(meeting, user, items=items),
        "despatches": api.despatch_documents(meeting, user, despatches=despatches),
    }


def register() -> None:
    panels.register(
        page="meeting", slot="documents", template="meetings/pack/includes/documents.html", load=meeting_documents
    )
