from django.db import models
from django.db.models import Q
from django.utils import timezone

from meetings import visibility


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings whose notice the user may see (announced or issued; drafts for officers)."""
        return self.filter(visibility.visible_notice_q(user))

    def agenda_visible_to(self, user):
        """Meetings whose agenda (items, papers, packs) the user may see."""
        return self.filter(visibility.visible_agenda_q(user))

    def announced(self):
        return self.filter(visibility.announced_meeting_q())

    def published(self):
        return self.filter(visibility.published_meeting_q())

    def drafts(self):
        return self.exclude(visibility.published_meeting_q())

    def upcoming(self):
        return self.filter(start__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(start__lt=timezone.now()).order_by("-start")

    def going_ahead(self):
        """Meetings not called off (cancelled or postponed): held, or still to be held."""
        return self.exclude(status__in=self.model.CALLED_OFF)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items of meetings the user may see. Exempt items are listed (title and paragraph)."""
        return self.filter(visibility.visible_agenda_q(user, prefix="meeting__"))


class PaperQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(visibility.visible_agenda_q(user, prefix="item__meeting__"))
        if not visibility.can_view_exempt(user):
            qs = qs.filter(visibility.open_paper_q())
        return qs

    def exempt(self):
        return self.filter(Q(exempt=True) | Q(item__exempt=True))
