"""The packs area's panel: the meeting's PDFs (agenda pack, front sheet, printed minutes)."""

from meetings import panels
from meetings.packs import api


def meeting_documents(meeting, user, *, items=None, **extra) -> dict:
    return {"meeting": meeting, "documents": api.documents(meeting, user, items=items)}


def register() -> None:
    panels.register(page="meeting", slot="documents", template="meetings/pack/includes/documents.html",
                    load=meeting_documents)
