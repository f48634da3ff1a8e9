import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Attendance
from meetings.models import Membership, Person

from ..builders import make_minute, publish_minutes
from ..factories import CommitteeFactory, MeetingFactory, MembershipFactory, PersonFactory


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


def test_attendance_lines_read_like_the_minutes(client, db):
    committee = CommitteeFactory(short_code="CYP/OSG")
    meeting = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    m15, _m16, _m17, m18 = [make_minute(meeting, title=f"Item {n}") for n in range(4)]
    lovecy = PersonFactory(first_name="", last_name="Lovecy")
    judge = PersonFactory(first_name="", initials="T", last_name="Judge")
    stone = PersonFactory(first_name="", last_name="Stone")
    dar = PersonFactory(first_name="", initials="Y", last_name="Dar")
    lammas = PersonFactory(kind=Person.Kind.CO_OPTED, title="Mr", first_name="", initials="R", last_name="Lammas")
    services.attendance_record(meeting=meeting, person=lovecy, in_the_chair=True)
    services.attendance_record(meeting=meeting, person=judge, from_minute=m15, to_minute=m18)
    services.attendance_record(meeting=meeting, person=stone)
    services.attendance_record(
        meeting=meeting, person=dar, status=Attendance.Status.IN_ATTENDANCE, capacity="Ward Councillor for Moston"
    )
    services.attendance_record(
        meeting=meeting,
        person=lammas,
        status=Attendance.Status.APOLOGIES,
        capacity="Primary sector teacher representative",
    )
    publish_minutes(meeting)
    text = client.get(reverse("meetings:minutes", args=[meeting.pk])).text
    assert "Councillor Lovecy – in the Chair" in text
    assert "Councillors T Judge [CYP/OSG/18/01 - CYP/OSG/18/04] and Stone" in text
    assert "Councillor Y Dar, Ward Councillor for Moston" in text
    assert "Mr R Lammas, Primary sector teacher representative" in text


def test_substitute_is_shown_with_whom_they_replaced(client, db):
    meeting = MeetingFactory(start=at(2018, 6, 26))
    make_minute(meeting)
    absent = PersonFactory(first_name="", last_name="Collins")
    sub = PersonFactory(first_name="", last_name="Reid")
    services.attendance_record(meeting=meeting, person=absent, status=Attendance.Status.APOLOGIES)
    services.attendance_record(meeting=meeting, person=sub, status=Attendance.Status.SUBSTITUTE, substitute_for=absent)
    publish_minutes(meeting)
    assert (
        "Councillor Reid (substitute for Councillor Collins)"
        in client.get(reverse("meetings:minutes", args=[meeting.pk])).text
    )


def test_person_page_shows_attendance_percentage_per_municipal_year(client, db):
    committee = CommitteeFactory(name="Ofsted Subgroup")
    person = PersonFactory()
    MembershipFactory(committee=committee, person=person, start=datetime.date(2018, 5, 16))
    days = [(2018, 6, 26), (2018, 10, 2), (2019, 1, 29), (2019, 3, 12), (2019, 6, 4)]
    statuses = ["present", "apologies", "present", None, "present"]
    for day, status in zip(days, statuses, strict=False):
        meeting = MeetingFactory(committee=committee, start=at(*day))
        make_minute(meeting)
        if status:
            services.attendance_record(meeting=meeting, person=person, status=status)
        publish_minutes(meeting)
    # A meeting whose minutes are still a draft does not count.
    draft = MeetingFactory(committee=committee, start=at(2019, 2, 20))
    services.attendance_record(meeting=draft, person=person, status="apologies")
    response = client.get(person.get_absolute_url())
    rows = [(r.year, r.expected, r.attended, r.apologies, r.percentage) for r in response.context["rows"]]
    assert rows == [("2019/20", 1, 1, 0, 100), ("2018/19", 4, 2, 1, 50)]
    assert "50%" in response.text


def test_executive_members_in_attendance_are_not_counted(client, db):
    person = PersonFactory()
    meeting = MeetingFactory(start=at(2018, 6, 26))
    make_minute(meeting)
    services.attendance_record(
        meeting=meeting,
        person=person,
        status=Attendance.Status.IN_ATTENDANCE,
        capacity="Executive Member for Children's Services",
    )
    publish_minutes(meeting)
    response = client.get(person.get_absolute_url())
    assert response.context["rows"] == []
    assert Membership.objects.count() == 0
