"""Record tombstones (OParlTombstone) when an OParl object is deleted or stops being public.

Deleted: post_delete of a committee, person, membership, meeting, agenda item or paper (cascades
included). Withdrawn: a meeting whose issued agenda is withdrawn (with its items and papers), an
item made exempt (its papers), a paper made exempt. A withdrawn object is only shown as a tombstone
to callers who cannot see it now (views.tombstones_for), so this may record generously. Deleting a
sub-object also touches its parent's ``updated_at``, so that the parent's ``modified`` moves (§2.8).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, pre_save
from django.utils import timezone

from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.api.models import OParlTombstone
from meetings.committees.models import Committee, Membership, Person

KIND_OF = {
    Committee: "organization",
    Person: "person",
    Membership: "membership",
    Meeting: "meeting",
    AgendaItem: "agendaitem",
    Paper: "paper",
}


def record(kind: str, rows, reason: str) -> None:
    now = timezone.now()
    for object_id, created in rows:
        OParlTombstone.objects.update_or_create(
            kind=kind, object_id=object_id, defaults={"reason": reason, "created": created, "modified": now}
        )


def _deleted(sender, instance, **kwargs):
    record(KIND_OF[sender], [(instance.pk, getattr(instance, "created_at", None))], OParlTombstone.Reason.DELETED)
    now = timezone.now()
    if sender is Membership:
        Person.objects.filter(pk=instance.person_id).update(updated_at=now)
        Committee.objects.filter(pk=instance.committee_id).update(updated_at=now)
    elif sender is AgendaItem:
        Meeting.objects.filter(pk=instance.meeting_id).update(updated_at=now)
    elif sender is Paper:
        AgendaItem.objects.filter(pk=instance.item_id).update(updated_at=now)


def _withdraw_papers(papers) -> None:
    record("paper", papers.values_list("pk", "created_at"), OParlTombstone.Reason.WITHDRAWN)


def _meeting_saving(sender, instance, raw=False, **kwargs):
    """A meeting whose notice is no longer public (not announced, agenda not issued) is withdrawn;
    so are the items and papers of an agenda that is no longer issued."""
    if raw or instance.pk is None:
        return
    before = Meeting.objects.filter(pk=instance.pk).values_list("announced", "agenda_issued_on").first()
    if before is None:
        return
    today = timezone.localdate()
    agenda_was_public = before[1] is not None and before[1] <= today
    agenda_is_public = instance.agenda_issued_on is not None and instance.agenda_issued_on <= today
    withdrawn = OParlTombstone.Reason.WITHDRAWN
    if (before[0] or agenda_was_public) and not (instance.announced or agenda_is_public):
        record("meeting", [(instance.pk, instance.created_at)], withdrawn)
    if agenda_was_public and not agenda_is_public:
        record("agendaitem", AgendaItem.objects.filter(meeting=instance).values_list("pk", "created_at"), withdrawn)
        _withdraw_papers(Paper.objects.filter(item__meeting=instance))


def _item_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not instance.exempt:
        return
    if AgendaItem.objects.filter(pk=instance.pk, exempt=False).exists():
        _withdraw_papers(Paper.objects.filter(item=instance))


def _paper_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not instance.exempt:
        return
    if Paper.objects.filter(pk=instance.pk, exempt=False).exists():
        _withdraw_papers(Paper.objects.filter(pk=instance.pk))


def connect() -> None:
    for model in KIND_OF:
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"oparl.tombstone.{model.__name__}")
    pre_save.connect(_meeting_saving, sender=Meeting, dispatch_uid="oparl.withdraw.meeting")
    pre_save.connect(_item_saving, sender=AgendaItem, dispatch_uid="oparl.withdraw.item")
    pre_save.connect(_paper_saving, sender=Paper, dispatch_uid="oparl.withdraw.paper")
