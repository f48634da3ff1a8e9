"""The one visibility rule, in three stages of a meeting (DESIGN.md "One visibility rule"):

- a **draft** meeting (not announced, agenda not issued) is for officers only;
- an **announced** meeting (``Meeting.announced``: scheduled and not held back, the default)
  shows its notice -- date, time, venue, committee, status -- to everyone, in lists, calendars,
  feeds, the API and the sitemap (Local Government Act 1972 s.100A(6)); ``visible_notice_q`` and
  ``Meeting.objects.visible_to``;
- an **issued** agenda (the main despatch issued on or before today) shows its items and papers
  to everyone (s.100B(3)); ``visible_agenda_q`` (``visible_meeting_q`` is its older name) and
  the ``visible_to`` methods of items, papers, minutes, search entries.
- Everyone sees papers that are not exempt (of issued agendas).
- Holders of ``meetings.view_exempt`` (the "Councillors" group, officers) also see exempt papers
  and the text of exempt minutes.
- A minute is public or exempt in its own right (``Minute.publicity``), by default as its agenda
  item: ``exempt_minute_q`` / ``open_minute_q`` for querysets and ``minute_is_exempt`` for one
  minute. A public minute of an exempt item is its public summary; the detail kept exempt is its
  exempt annex, which only holders of ``meetings.view_exempt`` read (``can_read_exempt_annex``).
- Holders of ``meetings.view_draft`` (the "Committee officers" group) also see draft meetings.

Every surface (pages, files, PDF packs, search, feeds, API, sitemap) asks these functions or the
``visible_to`` queryset methods built on them; nothing else decides. The other apps build their
``visible_to`` from the same two permissions: unpublished inspections and action plans are drafts
(``can_view_drafts``).

The audiences: ``THE_PUBLIC`` (an anonymous visitor), ``EXEMPT_READER`` (someone who may read
exempt material, for builds made without a request such as pack prebuilds) and ``DRAFT_READER``
(who may also see drafts, for an officer's preview built in the background), so those builds go
through the rule rather than around it.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

VIEW_DRAFT = "meetings.view_draft"
VIEW_EXEMPT = "meetings.view_exempt"


def can_view_drafts(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_DRAFT))


def can_view_exempt(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_EXEMPT))


class _Audience:
    """A stand-in user holding some of the rule's permissions, for work done without a request."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, *perms: str):
        self._perms = set(perms)

    def has_perm(self, perm, obj=None) -> bool:
        return perm in self._perms

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(p) for p in perms)


THE_PUBLIC = AnonymousUser()
EXEMPT_READER = _Audience(VIEW_EXEMPT)
# Someone who may also see drafts: a build an officer asked for before the agenda is issued,
# made by a background task with no request.
DRAFT_READER = _Audience(VIEW_EXEMPT, VIEW_DRAFT)


def audience(*, include_exempt: bool):
    """The audience a pack or print is built for."""
    return EXEMPT_READER if include_exempt else THE_PUBLIC


def published_meeting_q(prefix: str = "") -> Q:
    """Meetings whose agenda has been issued, as a Q on `prefix` (e.g. "item__meeting__")."""
    today = timezone.localdate()
    return Q(**{f"{prefix}agenda_issued_on__isnull": False, f"{prefix}agenda_issued_on__lte": today})


def announced_meeting_q(prefix: str = "") -> Q:
    """Meetings whose notice is public: announced by an officer, or with an issued agenda."""
    return Q(**{f"{prefix}announced": True}) | published_meeting_q(prefix)


def visible_notice_q(user, prefix: str = "") -> Q:
    """Meetings whose notice (date, time, venue, committee, status) the user may see."""
    if can_view_drafts(user):
        return Q()
    return announced_meeting_q(prefix)


def visible_agenda_q(user, prefix: str = "") -> Q:
    """Meetings whose agenda (items, papers, packs, minutes) the user may see."""
    if can_view_drafts(user):
        return Q()
    return published_meeting_q(prefix)


# The agenda stage under its older name: items, papers, minutes and search use it.
visible_meeting_q = visible_agenda_q


def can_view_agenda(user, meeting) -> bool:
    """Whether the user may see this meeting's agenda (items, papers, packs)."""
    return can_view_drafts(user) or meeting.is_published


def meeting_stage(meeting) -> str:
    """ "draft", "announced" or "issued": which stage of the rule a meeting is at."""
    if meeting.is_published:
        return "issued"
    return "announced" if meeting.announced else "draft"


def open_item_q(prefix: str = "") -> Q:
    """Agenda items taken in public (not exempt), as a Q on `prefix` (e.g. "agenda_item__")."""
    return Q(**{f"{prefix}exempt": False})


def open_paper_q(prefix: str = "") -> Q:
    """Papers that are not exempt in themselves nor through their agenda item."""
    return Q(**{f"{prefix}exempt": False, f"{prefix}item__exempt": False})


def published_minutes_q(prefix: str = "") -> Q:
    """Minutes whose status is beyond draft, as a Q on `prefix` (e.g. "minute__meeting__minutes__")."""
    return ~Q(**{f"{prefix}status": "draft"})


def visible_minutes_q(user, prefix: str = "", *, meeting: str | None = None) -> Q:
    """Minutes the user may read at all: the meeting must be visible and, for anyone who cannot
    see drafts, the minutes must have been published. `meeting`: the path to the same meeting
    from the model queried, when it has a shorter one than through its minutes (a minute's
    "meeting__"), so that the query joins the meeting once."""
    q = visible_agenda_q(user, prefix=f"{prefix}meeting__" if meeting is None else meeting)
    if not can_view_drafts(user):
        q &= published_minutes_q(prefix)
    return q


# --- minutes: public or exempt in their own right ------------------------------------------------

# Minute.publicity: "" follows the agenda item (exempt when the item is), or set on the minute.
MINUTE_AS_ITEM, MINUTE_PUBLIC, MINUTE_EXEMPT = "", "public", "exempt"


def exempt_minute_q(prefix: str = "") -> Q:
    """Minutes whose text and decisions are exempt, as a Q on `prefix` (e.g. "minute__"): marked
    exempt, or following an agenda item taken in private."""
    return Q(**{f"{prefix}publicity": MINUTE_EXEMPT}) | Q(
        **{f"{prefix}publicity": MINUTE_AS_ITEM, f"{prefix}item__exempt": True}
    )


def open_minute_q(prefix: str = "") -> Q:
    """Minutes whose text and decisions are public: the complement of ``exempt_minute_q``, written
    without a negation so a minute with no agenda item is matched plainly."""
    return (
        Q(**{f"{prefix}publicity": MINUTE_PUBLIC})
        | Q(**{f"{prefix}publicity": MINUTE_AS_ITEM, f"{prefix}item__isnull": True})
        | Q(**{f"{prefix}publicity": MINUTE_AS_ITEM, f"{prefix}item__exempt": False})
    )


def exempt_minute_text_q(prefix: str = "") -> Q:
    """Minutes holding anything exempt: exempt themselves, or with an exempt annex."""
    return exempt_minute_q(prefix) | ~Q(**{f"{prefix}exempt_annex": ""})


def minute_is_exempt(minute) -> bool:
    """Whether this minute's text and decisions are exempt (the rule of ``exempt_minute_q``)."""
    if minute.publicity == MINUTE_EXEMPT:
        return True
    if minute.publicity == MINUTE_PUBLIC:
        return False
    return bool(minute.item_id and minute.item.exempt)


def minute_exempt_paragraph(minute) -> int | None:
    """The paragraph of Schedule 12A its exempt text falls under: its agenda item's, if any."""
    return minute.item.exempt_paragraph if minute.item_id and minute.item else None


def can_read_minute_text(user, minute) -> bool:
    """Whether the user may read this minute's narrative and decisions (if they may read the
    minutes at all: ``visible_minutes_q``)."""
    return can_view_exempt(user) or not minute_is_exempt(minute)


def can_read_exempt_annex(user, minute) -> bool:
    """Whether the user is shown this minute's exempt annex: it has one, and they may read exempt
    material."""
    return bool(minute.exempt_annex) and can_view_exempt(user)
