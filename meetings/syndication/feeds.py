"""RSS feeds (django.contrib.syndication) of newly issued agendas, published minutes and
decisions — overall and per committee.

Feeds are public surfaces: they list what an anonymous member of the public may see, whoever
asks, so a feed reader signed in as nobody and an officer's browser get the same document.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting
from meetings.committees.models import Committee
from meetings.minutes.models import Decision, MeetingMinutes, Minute

FEED_LENGTH = 30
ANONYMOUS = visibility.THE_PUBLIC


def issued_at(day: datetime.date) -> datetime.datetime:
    """Agendas are issued on a date; feeds need a moment: the start of that day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class AgendaFeed(Feed):
    """Agendas as they are issued: the newest first."""

    description_template = "meetings/feeds/agenda_description.html"

    def title(self, obj=None):
        return f"{settings.COUNCIL_NAME}: agendas issued"

    def link(self, obj=None):
        return reverse("meetings:meeting-list")

    def description(self, obj=None):
        return "Agendas for council meetings, as they are issued."

    def items(self, obj=None):
        qs = (
            Meeting.objects.agenda_visible_to(ANONYMOUS)
            .select_related("committee")
            .prefetch_related(
                "committee__former_names",  # each meeting under its committee's name on the day
                Prefetch("items", queryset=AgendaItem.objects.visible_to(ANONYMOUS).order_by("number")),
            )
            .order_by("-agenda_issued_on", "-start")
        )
        if obj is not None:
            qs = qs.filter(committee=obj)
        return qs[:FEED_LENGTH]

    def item_title(self, item: Meeting):
        local = timezone.localtime(item.start)
        title = f"Agenda: {item.committee_name}, {local:%A} {local.day} {local:%B %Y}"
        if item.is_called_off:
            title += f" ({item.get_status_display().lower()})"
        return title

    def item_link(self, item: Meeting):
        return item.get_absolute_url()

    def item_guid(self, item: Meeting):
        return f"agenda-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Meeting):
        return issued_at(item.agenda_issued_on)

    def item_updateddate(self, item: Meeting):
        return item.updated_at

    def item_categories(self, item: Meeting):
        return [item.committee_name]


class CommitteeAgendaFeed(AgendaFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Committee, slug=slug)

    def title(self, obj=None):
        return f"{obj.name}: agendas issued"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"Agendas for meetings of the {obj.name}, as they are issued."


# Minutes and decisions ------------------------------------------------------------------------


def minutes_title(minutes: MeetingMinutes) -> str:
    local = timezone.localtime(minutes.meeting.start)
    title = f"Minutes: {minutes.meeting.committee_name}, {local:%A} {local.day} {local:%B %Y}"
    if minutes.status == MeetingMinutes.Status.PUBLISHED:
        title += " (draft, subject to approval)"
    return title


class MinutesFeed(Feed):
    """Minutes as they are published (first as a draft subject to approval), newest first."""

    description_template = "meetings/feeds/minutes_description.html"

    def title(self, obj=None):
        return f"{obj.name if obj else settings.COUNCIL_NAME}: minutes published"

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("meetings:meeting-list") + "?when=past"

    def description(self, obj=None):
        where = f"the {obj.name}" if obj else "council meetings"
        return f"Minutes of {where}, as they are published."

    def items(self, obj=None):
        qs = (
            MeetingMinutes.objects.visible_to(ANONYMOUS)
            .select_related("meeting__committee")
            .prefetch_related(
                "meeting__committee__former_names",
                Prefetch(
                    "meeting__minute_set",
                    queryset=Minute.objects.visible_to(ANONYMOUS).order_by("order", "number"),
                    to_attr="public_minutes",
                ),
            )
            .order_by(F("published_on").desc(nulls_last=True), "-meeting__start")
        )
        if obj is not None:
            qs = qs.filter(meeting__committee=obj)
        return qs[:FEED_LENGTH]

    def item_title(self, item: MeetingMinutes):
        return minutes_title(item)

    def item_link(self, item: MeetingMinutes):
        return item.get_absolute_url()

    def item_guid(self, item: MeetingMinutes):
        return f"minutes-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: MeetingMinutes):
        return issued_at(item.published_on) if item.published_on else item.updated_at

    def item_updateddate(self, item: MeetingMinutes):
        return item.updated_at

    def item_categories(self, item: MeetingMinutes):
        return [item.meeting.committee_name]


class CommitteeMinutesFeed(MinutesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Committee, slug=slug)


class DecisionFeed(Feed):
    """Decisions, recommendations and requests from published minutes. Exempt ones never appear;
    nor do procedural ones (minutes approved, public excluded, reports noted), which are not tracked."""

    description_template = "meetings/feeds/decision_description.html"

    def title(self, obj=None):
        return f"{obj.name if obj else settings.COUNCIL_NAME}: decisions"

    def link(self, obj=None):
        url = reverse("meetings:decisions-register")
        return f"{url}?committee={obj.slug}" if obj else url

    def description(self, obj=None):
        where = f"the {obj.name}" if obj else "council committees"
        return f"Decisions, recommendations and requests of {where}, from their published minutes."

    def items(self, obj=None):
        qs = (
            Decision.objects.visible_to(ANONYMOUS)
            .tracked()
            .select_related("minute__meeting__committee", "minute__meeting__minutes")
            .prefetch_related("minute__meeting__committee__former_names")
            .order_by(
                F("minute__meeting__minutes__published_on").desc(nulls_last=True),
                "-minute__meeting__start",
                "minute__order",
                "minute__number",
                "number",
            )
        )
        if obj is not None:
            qs = qs.filter(minute__meeting__committee=obj)
        return qs[: FEED_LENGTH * 2]

    def item_title(self, item: Decision):
        text = " ".join(item.text.split())
        if len(text) > 100:
            text = text[:99].rstrip() + "…"
        return f"{item.minute.reference} ({item.number}) {item.get_kind_display()}: {text}"

    def item_link(self, item: Decision):
        return item.get_absolute_url()

    def item_guid(self, item: Decision):
        return f"decision-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Decision):
        minutes = item.minute.meeting.minutes
        return issued_at(minutes.published_on) if minutes.published_on else item.updated_at

    def item_updateddate(self, item: Decision):
        return item.updated_at

    def item_categories(self, item: Decision):
        return [item.minute.meeting.committee_name, item.get_kind_display()]


class CommitteeDecisionFeed(DecisionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Committee, slug=slug)
