"""The one visibility rule.

- Everyone sees published meetings (agenda issued on or before today) and papers that are not
  exempt.
- Holders of ``meetings.view_exempt`` (the "Councillors" group, officers) also see exempt papers
  and the text of exempt minutes.
- Holders of ``meetings.view_draft`` (the "Committee officers" group) also see draft meetings.

Every surface (pages, files, PDF packs, search, feeds, API, sitemap) asks these functions or the
``visible_to`` queryset methods built on them; nothing else decides.
"""

from django.db.models import Q
from django.utils import timezone

VIEW_DRAFT = "meetings.view_draft"
VIEW_EXEMPT = "meetings.view_exempt"


def can_view_drafts(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_DRAFT))


def can_view_exempt(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_EXEMPT))


def published_meeting_q(prefix: str = "") -> Q:
    """Meetings whose agenda has been issued, as a Q on `prefix` (e.g. "item__meeting__")."""
    today = timezone.localdate()
    return Q(**{f"{prefix}agenda_issued_on__isnull": False, f"{prefix}agenda_issued_on__lte": today})


def visible_meeting_q(user, prefix: str = "") -> Q:
    if can_view_drafts(user):
        return Q()
    return published_meeting_q(prefix)


def open_item_q(prefix: str = "") -> Q:
    """Agenda items taken in public (not exempt), as a Q on `prefix` (e.g. "agenda_item__")."""
    return Q(**{f"{prefix}exempt": False})


def open_paper_q(prefix: str = "") -> Q:
    """Papers that are not exempt in themselves nor through their agenda item."""
    return Q(**{f"{prefix}exempt": False, f"{prefix}item__exempt": False})
