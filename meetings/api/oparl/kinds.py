"""The Body's lists: which rows each holds for a caller, how they are ordered, filtered and dated.

Every queryset starts from ``visible_to(user)`` (committees, people and memberships are public
records). ``modified`` of an object that embeds others follows them: a meeting changes when its
minutes do, an agenda item when its minute does, a person when a membership does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.db.models import DateTimeField, Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.api.oparl import objects
from meetings.committees.models import Committee, Membership, Person
from meetings.minutes.models import Decision, MeetingMinutes


def _latest(model, link: str, field_name: str = "updated_at") -> Subquery:
    return Subquery(
        model.objects.filter(**{link: OuterRef("pk")}).order_by(f"-{field_name}").values(field_name)[:1],
        output_field=DateTimeField(),
    )


def _greatest(own: str, *others):
    if not others:
        return F(own)
    return Greatest(
        own, *(Coalesce(other, own, output_field=DateTimeField()) for other in others), output_field=DateTimeField()
    )


def visible_papers(user) -> Prefetch:
    return Prefetch(
        "papers",
        queryset=Paper.objects.visible_to(user).select_related("item__meeting").order_by("order", "id"),
        to_attr="visible_papers",
    )


def visible_decisions(user, prefix: str = "minute__") -> Prefetch:
    return Prefetch(
        f"{prefix}decisions", queryset=Decision.objects.visible_to(user).order_by("number"), to_attr="visible_decisions"
    )


def items_of_meetings(user) -> Prefetch:
    return Prefetch(
        "items",
        # Items only of issued agendas: an announced meeting's notice is public, its agenda is not.
        queryset=AgendaItem.objects.visible_to(user)
        .select_related("minute")
        .prefetch_related(visible_papers(user), visible_decisions(user))
        .order_by("number", "id"),
    )


@dataclass
class Kind:
    """One of the Body's lists (and the objects at ``<name>/<pk>/``)."""

    name: str
    oparl_type: str
    queryset: Callable[[object], QuerySet]
    serialize: Callable
    created_field: str = "created_at"
    filters: dict[str, str] = field(default_factory=dict)  # query parameter -> lookup taking an id
    tombstone_kinds: tuple[str, ...] = ()

    def rows(self, user) -> QuerySet:
        """The visible rows, annotated with ``oparl_modified``, in a stable order (by id)."""
        return self.queryset(user).order_by("pk")

    @property
    def tombstones(self) -> tuple[str, ...]:
        return self.tombstone_kinds or (self.name,)


def _committees(user):
    return Committee.objects.annotate(
        oparl_modified=_greatest("updated_at", _latest(Membership, "committee"))
    ).prefetch_related(Prefetch("memberships", queryset=Membership.objects.only("id", "committee_id").order_by("id")))


def _people(user):
    return Person.objects.annotate(
        oparl_modified=_greatest("updated_at", _latest(Membership, "person"))
    ).prefetch_related(Prefetch("memberships", queryset=Membership.objects.order_by("start", "id")))


def _memberships(user):
    return Membership.objects.annotate(oparl_modified=_greatest("updated_at"))


def _meetings(user):
    return (
        Meeting.objects.visible_to(user)
        .annotate(oparl_modified=_greatest("updated_at", "minutes__updated_at", _latest(AgendaItem, "meeting")))
        .select_related("committee", "minutes")
        .prefetch_related("committee__former_names", items_of_meetings(user))  # named as on the day
    )


def pack_meetings(user):
    """Meetings whose packs the caller may see (an issued agenda with items), dated like meetings."""
    return (
        Meeting.objects.agenda_visible_to(user)
        .filter(Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"))))
        .annotate(oparl_modified=_greatest("updated_at", "minutes__updated_at", _latest(AgendaItem, "meeting")))
        .select_related("committee", "minutes")
        .prefetch_related("committee__former_names")  # files named as on the day
        .order_by("pk")
    )


def minutes_meetings(user):
    """Meetings whose printed minutes the caller may read."""
    return pack_meetings(user).filter(pk__in=MeetingMinutes.objects.visible_to(user).values("meeting_id"))


def _locations(user):
    return Meeting.objects.visible_to(user).annotate(oparl_modified=_greatest("updated_at"))


def _items(user):
    return (
        AgendaItem.objects.visible_to(user)
        .annotate(oparl_modified=_greatest("updated_at", "minute__updated_at"))
        .select_related("meeting__committee", "meeting__minutes", "minute")
        .prefetch_related(visible_papers(user), visible_decisions(user))
    )


def _papers(user):
    return (
        Paper.objects.visible_to(user)
        .annotate(oparl_modified=_greatest("uploaded_at"))
        .select_related("item__meeting__committee")
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("organization", "Organization", _committees, objects.organization),
        Kind("person", "Person", _people, objects.person),
        Kind(
            "membership",
            "Membership",
            _memberships,
            objects.membership,
            filters={"organization": "committee_id", "person": "person_id"},
        ),
        Kind("meeting", "Meeting", _meetings, objects.meeting, filters={"organization": "committee_id"}),
        Kind("location", "Location", _locations, lambda ctx, m: objects.location(ctx, m), tombstone_kinds=("meeting",)),
        Kind("agendaitem", "AgendaItem", _items, objects.agenda_item, filters={"meeting": "meeting_id"}),
        Kind(
            "paper", "Paper", _papers, objects.paper, filters={"meeting": "item__meeting_id", "agendaItem": "item_id"}
        ),
        Kind(
            "consultation",
            "Consultation",
            _papers,
            objects.consultation,
            filters={"organization": "item__meeting__committee_id", "meeting": "item__meeting_id"},
            tombstone_kinds=("paper",),
        ),
        Kind(
            "file", "File", _papers, objects.file, filters={"meeting": "item__meeting_id"}, tombstone_kinds=("paper",)
        ),
    ]
}
