"""Names and titles as minuted: attendance and declarations keep the names the minutes printed at
the time, so a later change to a person's record does not change minutes already approved."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Attendance, Declaration
from meetings.models import Meeting, Person
from meetings.packs.printing import minutes_print_context

from ..builders import make_minute, publish_minutes
from ..factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    MeetingFactory,
    PersonFactory,
)


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def minuted(db):
    """The 20 January 2015 meeting in small: a chair, a co-opted member, an executive member in
    attendance, a substitute, and a declaration; minutes published, a later meeting to approve them."""
    meeting = MeetingFactory(start=at(2015, 1, 20))
    later = MeetingFactory(committee=meeting.committee, start=at(2015, 3, 10))
    item = AgendaItemFactory(meeting=meeting, number=2, title="Ofsted action plan")
    make_minute(meeting, title="Ofsted action plan", item=item)
    stone = PersonFactory(first_name="", last_name="Stone")
    kelner = PersonFactory(kind=Person.Kind.CO_OPTED, title="Mrs", first_name="", initials="B", last_name="Kelner")
    newman = PersonFactory(first_name="", initials="S", last_name="Newman")
    cox = PersonFactory(first_name="", last_name="Cox")
    reid = PersonFactory(first_name="", last_name="Reid")
    services.attendance_record(meeting=meeting, person=stone, in_the_chair=True)
    services.attendance_record(
        meeting=meeting,
        person=kelner,
        capacity="Co-opted Member, Representative of the Diocese of Manchester",
    )
    services.attendance_record(
        meeting=meeting,
        person=newman,
        status=Attendance.Status.IN_ATTENDANCE,
        capacity="Executive Member for Children's Services",
    )
    services.attendance_record(meeting=meeting, person=cox, status=Attendance.Status.APOLOGIES)
    services.attendance_record(meeting=meeting, person=reid, status=Attendance.Status.SUBSTITUTE, substitute_for=cox)
    services.declaration_record(meeting=meeting, person=kelner, item=item, nature="Governor of a school in the report")
    publish_minutes(meeting)
    return meeting, later, {"stone": stone, "kelner": kelner, "newman": newman, "cox": cox, "reid": reid}


AS_MINUTED = [
    "Councillor Stone – in the Chair",
    "Mrs B Kelner, Co-opted Member, Representative of the Diocese of Manchester",
    "Councillor S Newman, Executive Member for Children&#x27;s Services",
    "Councillor Reid (substitute for Councillor Cox)",
    "Mrs B Kelner: personal interest – Governor of a school in the report",
]
PRINTED = [
    *AS_MINUTED[:4],
    "Mrs B Kelner declared a personal interest: Governor of a school in the report.",
]


def public_page(client, meeting) -> str:
    return client.get(reverse("meetings:minutes", args=[meeting.pk])).text


def printed(meeting) -> str:
    return render_to_string("meetings/print/minutes.html", minutes_print_context(meeting, AnonymousUser()))


def rename_everyone(people: dict) -> None:
    """Years later: a corrected spelling, a new title, a councillor who became an alderman."""
    people["kelner"].last_name = "Kellner"
    people["newman"].title, people["newman"].kind = "Mrs", Person.Kind.CO_OPTED
    people["stone"].initials = "J"
    people["cox"].last_name = "Cox-Smith"
    for person in people.values():
        person.save()


def test_renaming_a_person_after_approval_does_not_change_the_minutes(client, minuted):
    meeting, later, people = minuted
    services.minutes_approve(minutes=meeting.minutes, at=later)
    page, pdf_html = public_page(client, meeting), printed(meeting)
    for line in AS_MINUTED:
        assert line in page
    for line in PRINTED:
        assert line in pdf_html
    rename_everyone(people)
    assert public_page(client, meeting) == page
    assert printed(meeting) == pdf_html
    assert "Kellner" not in page and "Cox-Smith" not in page


def test_plain_councillors_share_a_line_by_their_names_as_minuted(client, db):
    meeting = MeetingFactory(start=at(2015, 1, 20))
    make_minute(meeting)
    cox, midgley = (PersonFactory(first_name="", last_name=name) for name in ("Cox", "Midgley"))
    services.attendance_record(meeting=meeting, person=cox)
    services.attendance_record(meeting=meeting, person=midgley, name_as_minuted="Councillor A Midgley")
    publish_minutes(meeting)
    cox.last_name = "Cox-Smith"
    cox.save()
    assert "Councillors Cox and A Midgley" in public_page(client, meeting)


def test_before_approval_the_officer_edits_the_name_as_minuted(officer_client, client, minuted):
    meeting, later, people = minuted
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    page = officer_client.get(url)
    roll = page.context["roll"]
    kelner_line, kelner_form = next((line, f) for line, f in roll.others if line.person == people["kelner"])
    assert kelner_form["name_as_minuted"].value() == "Mrs B Kelner"
    data = {}
    for form in roll.all_forms():
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = "on" if value is True else str(value)
    data[kelner_form.add_prefix("name_as_minuted")] = "Mrs Beryl Kelner"
    data[kelner_form.add_prefix("capacity")] = "Co-opted Member (Diocese of Manchester)"
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["roll"].errors
    kelner_line.refresh_from_db()
    assert (kelner_line.name_as_minuted, kelner_line.capacity) == (
        "Mrs Beryl Kelner",
        "Co-opted Member (Diocese of Manchester)",
    )
    client.logout()
    assert "Mrs Beryl Kelner, Co-opted Member (Diocese of Manchester)" in public_page(client, meeting)
    # Through the service, too, and for a declaration.
    services.attendance_update(attendance=kelner_line, name_as_minuted="Mrs B Kelner")
    declaration = Declaration.objects.get(meeting=meeting)
    declaration.name_as_minuted = "Mrs B Kelner (Co-opted Member)"
    services.declaration_save(declaration=declaration)
    assert "Mrs B Kelner (Co-opted Member): personal interest" in public_page(client, meeting)


def test_after_approval_changing_the_name_as_minuted_is_refused(officer_client, minuted):
    meeting, later, people = minuted
    services.minutes_approve(minutes=meeting.minutes, at=later)
    line = Attendance.objects.get(meeting=meeting, person=people["kelner"])
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    response = officer_client.post(url, {f"line-{line.pk}-name_as_minuted": "Mrs B Kellner"}, follow=True)
    assert "the attendance can no longer be changed" in response.text
    with pytest.raises(ValidationError, match="the attendance can no longer be changed"):
        services.attendance_update(attendance=line, name_as_minuted="Mrs B Kellner")
    # Any other code is refused by the model itself.
    line.refresh_from_db()
    line.name_as_minuted = "Mrs B Kellner"
    with pytest.raises(ValidationError, match="the attendance can no longer be changed"):
        line.save()
    with pytest.raises(ValidationError, match="the attendance can no longer be changed"):
        Attendance.objects.get(pk=line.pk).delete()
    declaration = Declaration.objects.get(meeting=meeting)
    declaration.name_as_minuted = "Mrs B Kellner"
    with pytest.raises(ValidationError, match="the declarations of interest can no longer be changed"):
        services.declaration_save(declaration=declaration)
    with pytest.raises(ValidationError, match="the declarations of interest can no longer be changed"):
        declaration.save()
    assert Attendance.objects.get(pk=line.pk).name_as_minuted == "Mrs B Kelner"
    assert Declaration.objects.get(pk=declaration.pk).name_as_minuted == "Mrs B Kelner"
    # The meeting's own page shows them read only.
    page = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert page.status_code == 200


def test_a_line_is_given_the_name_the_minutes_printed_when_it_is_recorded(minuted):
    meeting, later, people = minuted
    names = dict(Attendance.objects.filter(meeting=meeting).values_list("person__last_name", "name_as_minuted"))
    assert names == {
        "Stone": "Councillor Stone",
        "Kelner": "Mrs B Kelner",
        "Newman": "Councillor S Newman",
        "Cox": "Councillor Cox",
        "Reid": "Councillor Reid",
    }
    reid = Attendance.objects.get(meeting=meeting, person=people["reid"])
    assert reid.substitute_for_name == "Councillor Cox"
    declaration = Declaration.objects.get(meeting=meeting)
    assert declaration.name_as_minuted == people["kelner"].full_name == "Mrs B Kelner"


def test_the_migration_fills_existing_lines_from_their_people(db):
    """Lines recorded before names were kept (made here without the services) get the wording
    the minutes printed until then; names already kept are left alone."""
    migration = importlib.import_module("meetings.migrations.0019_attendance_as_minuted")
    meeting = MeetingFactory(start=at(2018, 6, 26))
    judge = PersonFactory(first_name="Tina", initials="T", last_name="Judge")
    kellner = PersonFactory(kind=Person.Kind.CO_OPTED, title="Mrs", first_name="Beryl", last_name="Kellner")
    clerk = PersonFactory(kind=Person.Kind.OFFICER, title="", first_name="Rachel", last_name="McKeon")
    AttendanceFactory(meeting=meeting, person=judge)
    AttendanceFactory(meeting=meeting, person=clerk, status=Attendance.Status.IN_ATTENDANCE)
    AttendanceFactory(
        meeting=meeting,
        person=kellner,
        status=Attendance.Status.SUBSTITUTE,
        substitute_for=judge,
        name_as_minuted="Mrs B Kelner",
    )
    DeclarationFactory(meeting=meeting, person=judge)
    migration.fill_from_people(apps, None)
    names = dict(Attendance.objects.values_list("person__last_name", "name_as_minuted"))
    assert names == {"Judge": "Councillor T Judge", "McKeon": "R McKeon", "Kellner": "Mrs B Kelner"}
    assert Attendance.objects.get(person=kellner).substitute_for_name == "Councillor T Judge"
    assert Declaration.objects.get().name_as_minuted == "Councillor Tina Judge"


def test_the_demo_prints_the_2015_names_as_minuted(db, client):
    from meetings.demo.agendas import load

    load()
    jan_2015 = Meeting.objects.get(start__date=datetime.date(2015, 1, 20))
    lines = dict(Attendance.objects.filter(meeting=jan_2015).values_list("person__slug", "name_as_minuted"))
    assert lines["kellner"] == "Mrs B Kelner" and lines["s-newman"] == "Councillor S Newman"
    assert Person.objects.get(slug="kellner").last_name == "Kellner"  # her record today
    html = printed(jan_2015)
    assert "Mrs B Kelner, Co-opted Member, Representative of the Diocese of Manchester" in html
    assert "Councillor S Newman, Executive Member for Children&#x27;s Services" in html
    assert "Kellner" not in html
    assert "Mrs B Kelner" in public_page(client, jan_2015)
