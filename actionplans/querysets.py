"""Who sees which plans: an unpublished plan is a draft, seen only by those who may see drafts
(the one visibility rule in ``meetings.visibility``); snapshots attached to an agenda item
follow that item's meeting and exemption like a paper does."""

from django.db import models
from django.db.models import Q

from meetings import visibility

MANAGE_PLANS = "actionplans.change_actionplan"


def can_manage_plans(user) -> bool:
    """Officers who may edit plans (the page offers them the admin links)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(MANAGE_PLANS))


class ActionPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        if visibility.can_view_drafts(user):
            return self.all()
        return self.published()


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Snapshots of plans the user may see, following the meetings visibility rule for the
        agenda item a snapshot is attached to: like a paper, it is hidden with a draft meeting,
        and with an exempt item from those who may not see exempt papers."""
        qs = self
        if not visibility.can_view_drafts(user):
            qs = qs.filter(plan__published=True)
        attached = Q(agenda_item__isnull=False) & visibility.visible_meeting_q(user, prefix="agenda_item__meeting__")
        if not visibility.can_view_exempt(user):
            attached &= visibility.open_item_q(prefix="agenda_item__")
        return qs.filter(Q(agenda_item__isnull=True) | attached)
