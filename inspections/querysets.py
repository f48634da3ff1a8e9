"""Reusable reads for the register.

An inspection is public once Ofsted has published its report (``published_on`` on or before
today). Until then only people who may see draft material (committee officers, by the project's
one visibility rule in ``meetings.visibility``) see it.
"""

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from meetings import visibility


def published_inspection_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}published_on__isnull": False, f"{prefix}published_on__lte": timezone.localdate()})


def visible_inspection_q(user, prefix: str = "") -> Q:
    if visibility.can_view_drafts(user):
        return Q()
    return published_inspection_q(prefix)


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visible_inspection_q(user))

    def published(self):
        return self.filter(published_inspection_q())


class ProviderQuerySet(models.QuerySet):
    def with_latest_inspection(self, user):
        """Annotate the latest inspection the user may see: its id, start date, framework and overall grade."""
        from .models import Inspection

        latest = Inspection.objects.visible_to(user).filter(provider=OuterRef("pk")).order_by("-start_date", "-pk")
        return self.annotate(
            latest_inspection_id=Subquery(latest.values("pk")[:1]),
            latest_start_date=Subquery(latest.values("start_date")[:1]),
            latest_framework_id=Subquery(latest.values("framework_id")[:1]),
            latest_overall_label=Subquery(latest.values("overall_grade__label")[:1]),
        )
