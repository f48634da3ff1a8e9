import factory

from meetings.minutes import services
import datetime

from meetings.minutes.models import Attendance, Decision, DecisionUpdate, Declaration, MeetingMinutes

from ..factories import MeetingFactory, PersonFactory


def make_minute(meeting, title="Report", item=None, narrative="", exempt=None):
    return services.minute_create(meeting=meeting, title=title, item=item, narrative=narrative, exempt=exempt)


def publish(meeting):
    minutes = services.minutes_get_or_create(meeting=meeting)
    return services.minutes_publish(minutes=minutes)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"To request a report {n}.")


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Declaration.Kind.PERSONAL
    nature = "Governor of a school on the agenda"


class DecisionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionUpdate

    on = datetime.date(2018, 7, 10)
    status = Decision.Status.IN_PROGRESS
    note = "Letter drafted for the Chair's signature."


__all__ = ["AttendanceFactory", "DecisionFactory", "DeclarationFactory", "DecisionUpdateFactory", "MeetingMinutes", "make_minute", "publish"]
