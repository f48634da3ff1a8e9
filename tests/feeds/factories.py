import datetime

import factory
from django.utils import timezone

from meetings.models import AlertDelivery, AlertSubscription, MeetingCalendarEntry
from tests.factories import CommitteeFactory, MeetingFactory


class AlertSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertSubscription

    email = factory.Sequence(lambda n: f"resident{n}@example.com")
    committee = factory.SubFactory(CommitteeFactory)
    keyword = ""
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertDelivery

    subscription = factory.SubFactory(AlertSubscriptionFactory)
    kind = AlertDelivery.Kind.AGENDA
    object_id = factory.Sequence(lambda n: n + 1)


class MeetingCalendarEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingCalendarEntry

    meeting = factory.SubFactory(MeetingFactory)
    sequence = 0
    fingerprint = "0" * 64
