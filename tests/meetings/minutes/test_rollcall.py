"""Record attendance as a roll call: a meeting's members on the day, "Mark everyone present", then
the exceptions, and others attending; through the admin as a committee officer, and the services."""

import datetime
from dataclasses import dataclass

import pytest
from django.forms import CheckboxInput
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Attendance
from meetings.models import Meeting, Membership, Person

from ..builders import make_minute, publish_minutes
from ..factories import CommitteeFactory, MeetingFactory, MembershipFactory, PersonFactory

S = Attendance.Status


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@dataclass
class Roll:
    meeting: Meeting
    lovecy: Person
    hewitson: Person
    judge: Person
    stone: Person
    kellner: Person
    gone: Person
    reid: Person
    bridges: Person
    mckeon: Person

    @property
    def url(self) -> str:
        return reverse("admin:meetings_meeting_attendance", args=[self.meeting.pk])


def councillor(last, initials="", **kwargs):
    return PersonFactory(first_name="", initials=initials, last_name=last, **kwargs)


@pytest.fixture
def roll(db) -> Roll:
    """The Ofsted Subgroup on 26 June 2018: Chair, Vice-Chair, two members and a co-opted member;
    a member whose term ended in May; a councillor who is not a member (a substitute), an
    executive member and an officer."""
    committee = CommitteeFactory(name="Ofsted Subgroup", short_code="CYP/OSG")
    meeting = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    lovecy, hewitson, judge, stone = (councillor(n) for n in ("Lovecy", "Hewitson", "Judge", "Stone"))
    judge.initials = "T"
    judge.save()
    kellner = PersonFactory(kind=Person.Kind.CO_OPTED, title="Mrs", first_name="", initials="B", last_name="Kellner")
    gone = councillor("Formerly")
    start = datetime.date(2018, 5, 16)
    for person, role in [
        (lovecy, Membership.Role.CHAIR),
        (hewitson, Membership.Role.VICE_CHAIR),
        (judge, Membership.Role.MEMBER),
        (stone, Membership.Role.MEMBER),
    ]:
        MembershipFactory(committee=committee, person=person, role=role, start=start)
    MembershipFactory(
        committee=committee,
        person=kellner,
        role=Membership.Role.CO_OPTED,
        representing="Representative of the Diocese of Manchester",
        start=start,
    )
    MembershipFactory(committee=committee, person=gone, start=datetime.date(2017, 5, 1), end=datetime.date(2018, 5, 31))
    reid = councillor("Reid")
    # A named substitute is not expected at the meeting: not on the roll.
    MembershipFactory(committee=committee, person=reid, role=Membership.Role.SUBSTITUTE, start=start)
    bridges = councillor("Bridges", job_title="Executive Member for Children’s Services")
    mckeon = PersonFactory(
        kind=Person.Kind.OFFICER,
        title="",
        first_name="Rachel",
        last_name="McKeon",
        job_title="Scrutiny Support Officer",
    )
    return Roll(meeting, lovecy, hewitson, judge, stone, kellner, gone, reid, bridges, mckeon)


def page_data(response) -> dict:
    """The roll call's POST data as the page shows it (every line's current values)."""
    data = {}
    for form in response.context["roll"].all_forms():
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = str(value)
    return data


def lines(meeting) -> dict:
    return {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("substitute_for")}


def field(person, name) -> str:
    return f"member-{person.pk}-{name}"


def test_the_page_lists_the_members_on_the_day_with_their_roles(officer_client, roll):
    response = officer_client.get(roll.url)
    assert response.status_code == 200
    members = [(row.membership.person, row.role) for row in response.context["roll"].members]
    assert members == [
        (roll.lovecy, "Chair"),
        (roll.hewitson, "Vice-Chair"),
        (roll.judge, "Member"),
        (roll.stone, "Member"),
        (roll.kellner, "Co-opted member – Representative of the Diocese of Manchester"),
    ]
    text = response.text
    assert "Record attendance" in text and "Mark everyone present" in text
    assert "Co-opted member – Representative of the Diocese of Manchester" in text
    assert ">Councillor Formerly</th>" not in text  # membership ended before the meeting
    # Each input is named for screen readers with its line.
    assert f'for="id_member-{roll.judge.pk}-status">Status, Councillor T Judge</label>' in text
    # The substitute picker offers councillors who are not members (a named substitute among
    # them, and a former member), never officers or co-opted members.
    substitutes = set(response.context["roll"].members[0].form.fields["substitute"].objects.values())
    assert substitutes == {roll.reid, roll.bridges, roll.gone}


def test_mark_everyone_present_records_all_with_the_chair_in_the_chair(officer_client, roll):
    response = officer_client.post(roll.url, {"mark_all": "1"}, follow=True)
    assert "Recorded 5 member(s) present; Councillor Lovecy in the Chair." in response.text
    recorded = lines(roll.meeting)
    assert set(recorded) == {roll.lovecy.pk, roll.hewitson.pk, roll.judge.pk, roll.stone.pk, roll.kellner.pk}
    assert all(line.status == S.PRESENT for line in recorded.values())
    assert [p for p, line in recorded.items() if line.in_the_chair] == [roll.lovecy.pk]
    assert recorded[roll.kellner.pk].capacity == "Representative of the Diocese of Manchester"
    assert recorded[roll.kellner.pk].name_as_minuted == "Mrs B Kellner"
    # Recording attendance marks the meeting held.
    assert Meeting.objects.get(pk=roll.meeting.pk).status == Meeting.Status.HELD
    # Again: nothing doubled, nothing changed.
    again = officer_client.post(roll.url, {"mark_all": "1"}, follow=True)
    assert "Every member is already recorded" in again.text
    assert Attendance.objects.filter(meeting=roll.meeting).count() == 5
    assert "Mark everyone present" not in again.text


def test_exceptions_are_recorded_and_saving_again_updates_them(officer_client, roll):
    first, _second, third = (make_minute(roll.meeting, title=f"Item {n}") for n in (1, 2, 3))
    officer_client.post(roll.url, {"mark_all": "1"})
    data = page_data(officer_client.get(roll.url))
    data.update(
        {
            field(roll.stone, "status"): S.APOLOGIES,
            field(roll.hewitson, "status"): "",  # chose a substitute: apologies unless absent
            field(roll.hewitson, "substitute"): str(roll.reid.pk),
            field(roll.judge, "from_minute"): str(first.pk),
            field(roll.judge, "to_minute"): str(third.pk),
            field(roll.kellner, "status"): S.ABSENT,
        }
    )
    response = officer_client.post(roll.url, data)
    assert response.status_code == 302, response.context and response.context["roll"].errors
    recorded = lines(roll.meeting)
    assert recorded[roll.stone.pk].status == S.APOLOGIES
    assert recorded[roll.hewitson.pk].status == S.APOLOGIES
    assert recorded[roll.kellner.pk].status == S.ABSENT
    substitute = recorded[roll.reid.pk]
    assert (substitute.status, substitute.substitute_for) == (S.SUBSTITUTE, roll.hewitson)
    judge = recorded[roll.judge.pk]
    assert (judge.from_minute, judge.to_minute, judge.status) == (first, third, S.PRESENT)
    assert len(recorded) == 6
    # The page shows what was recorded; saving it unchanged changes nothing and adds nothing.
    page = officer_client.get(roll.url)
    again = page_data(page)
    assert again[field(roll.hewitson, "substitute")] == str(roll.reid.pk)
    assert again[field(roll.judge, "from_minute")] == str(first.pk)
    assert officer_client.post(roll.url, again).status_code == 302
    assert Attendance.objects.filter(meeting=roll.meeting).count() == 6
    # A different substitute replaces the first; clearing it removes the substitute's line.
    other = councillor("Collins")
    again[field(roll.hewitson, "substitute")] = str(other.pk)
    assert officer_client.post(roll.url, again).status_code == 302
    recorded = lines(roll.meeting)
    assert roll.reid.pk not in recorded and recorded[other.pk].substitute_for == roll.hewitson
    again[field(roll.hewitson, "substitute")] = ""
    assert officer_client.post(roll.url, again).status_code == 302
    assert other.pk not in lines(roll.meeting)
    # The minutes read as recorded.
    publish_minutes(roll.meeting)
    minutes = officer_client.get(reverse("meetings:minutes", args=[roll.meeting.pk])).text
    assert "Councillor Lovecy – in the Chair" in minutes
    assert "Councillor T Judge [CYP/OSG/18/01 - CYP/OSG/18/03]" in minutes
    assert "Councillor Reid" not in minutes  # the substitute's line went with the substitute


def test_a_substitute_is_printed_with_the_member_they_replaced(client, officer_client, roll):
    make_minute(roll.meeting)
    officer_client.post(roll.url, {"mark_all": "1"})
    data = page_data(officer_client.get(roll.url))
    data[field(roll.stone, "status")] = S.APOLOGIES
    data[field(roll.stone, "substitute")] = str(roll.reid.pk)
    assert officer_client.post(roll.url, data).status_code == 302
    publish_minutes(roll.meeting)
    client.logout()
    text = client.get(reverse("meetings:minutes", args=[roll.meeting.pk])).text
    assert "Councillor Reid (substitute for Councillor Stone)" in text


def test_others_attending_get_their_capacity_from_what_they_represent_or_their_post(officer_client, roll):
    governor = PersonFactory(kind=Person.Kind.CO_OPTED, title="Ms", first_name="", initials="M", last_name="Neall")
    MembershipFactory(
        person=governor,
        role=Membership.Role.CO_OPTED,
        representing="Parent Governor Representative",
        start=datetime.date(2018, 5, 16),
    )  # of another committee
    data = page_data(officer_client.get(roll.url))
    data.update(
        {
            "new-1-person": str(roll.bridges.pk),
            "new-1-status": S.IN_ATTENDANCE,
            "new-2-person": str(roll.mckeon.pk),
            "new-2-status": S.IN_ATTENDANCE,
            "new-3-person": str(governor.pk),
            "new-3-status": S.APOLOGIES,
        }
    )
    assert officer_client.post(roll.url, data).status_code == 302
    recorded = lines(roll.meeting)
    assert recorded[roll.bridges.pk].capacity == "Executive Member for Children’s Services"
    assert recorded[roll.bridges.pk].name_as_minuted == "Councillor Bridges"
    assert recorded[roll.mckeon.pk].capacity == "Scrutiny Support Officer"
    assert (recorded[governor.pk].capacity, recorded[governor.pk].status) == (
        "Parent Governor Representative",
        S.APOLOGIES,
    )
    # Members are not recorded until marked: only the three others.
    assert len(recorded) == 3
    # They are listed under "Others attending", their capacity editable; a typed one is kept.
    page = officer_client.get(roll.url)
    assert [line.person for line, _ in page.context["roll"].others] == [roll.bridges, roll.mckeon, governor]
    data = page_data(page)
    line = recorded[roll.mckeon.pk]
    data[f"line-{line.pk}-capacity"] = "Governance and Scrutiny Support Officer"
    data[f"line-{recorded[governor.pk].pk}-remove"] = "on"
    assert officer_client.post(roll.url, data).status_code == 302
    recorded = lines(roll.meeting)
    assert recorded[roll.mckeon.pk].capacity == "Governance and Scrutiny Support Officer"
    assert governor.pk not in recorded


def test_bad_input_names_the_line_and_field_and_saves_nothing(officer_client, roll):
    make_minute(roll.meeting)
    officer_client.post(roll.url, {"mark_all": "1"})
    before = {p: (a.status, a.in_the_chair, a.capacity) for p, a in lines(roll.meeting).items()}
    data = page_data(officer_client.get(roll.url))
    data.update(
        {
            field(roll.judge, "capacity"): "Changed but not saved",  # a good change …
            field(roll.stone, "status"): S.APOLOGIES,
            field(roll.stone, "in_the_chair"): "on",  # … beside a bad one
            field(roll.kellner, "status"): "asleep",
            field(roll.hewitson, "substitute"): str(roll.judge.pk),  # a member cannot substitute
            "new-1-person": str(roll.lovecy.pk),  # already on the roll
        }
    )
    response = officer_client.post(roll.url, data)
    assert response.status_code == 200
    errors = response.context["roll"].errors
    assert "Councillor Stone – In the Chair: Only someone present can be in the Chair." in errors
    assert any(e.startswith("Mrs B Kellner – Status: Select a valid choice.") for e in errors)
    assert any(e.startswith("Councillor Hewitson – Substitute: Select a valid choice.") for e in errors)
    assert any(e.startswith("Others attending, new line 1 – Person:") for e in errors)
    assert "Nothing was saved" in response.text
    assert "Councillor Stone – In the Chair: Only someone present can be in the Chair." in response.text
    after = {p: (a.status, a.in_the_chair, a.capacity) for p, a in lines(roll.meeting).items()}
    assert after == before


def test_a_refusal_by_the_services_rolls_back_the_whole_page(officer_client, roll, monkeypatch):
    """A line the services refuse (here a minute deleted meanwhile) leaves every other line unsaved."""
    minute = make_minute(roll.meeting)
    data = page_data(officer_client.get(roll.url))
    data.update(
        {
            field(roll.lovecy, "status"): S.PRESENT,
            field(roll.judge, "status"): S.PRESENT,
            field(roll.judge, "from_minute"): str(minute.pk),
        }
    )
    real = services.attendance_record

    def refuse_judge(**kwargs):
        if kwargs["person"] == roll.judge:
            from django.core.exceptions import ValidationError

            raise ValidationError({"from_minute": "That minute belongs to another meeting."})
        return real(**kwargs)

    monkeypatch.setattr(services, "attendance_record", refuse_judge)
    response = officer_client.post(roll.url, data)
    assert response.status_code == 200
    assert response.context["roll"].errors == [
        "Councillor T Judge – From minute: That minute belongs to another meeting."
    ]
    assert not Attendance.objects.filter(meeting=roll.meeting).exists()


def test_locked_once_the_minutes_are_approved(officer_client, roll):
    make_minute(roll.meeting)
    officer_client.post(roll.url, {"mark_all": "1"})
    later = MeetingFactory(committee=roll.meeting.committee, start=at(2018, 10, 2))
    publish_minutes(roll.meeting)
    services.minutes_approve(minutes=roll.meeting.minutes, at=later)
    page = officer_client.get(roll.url)
    assert page.status_code == 200
    assert "were approved as a correct record at the meeting of 2 October 2018" in page.text
    assert "the attendance can no longer be changed" in page.text
    assert "Mark everyone present" not in page.text and "<select" not in page.text
    assert "Councillor Lovecy" in page.text  # shown as recorded, read only
    before = list(Attendance.objects.filter(meeting=roll.meeting).values())
    refused = officer_client.post(roll.url, {"mark_all": "1"}, follow=True)
    assert "the attendance can no longer be changed" in refused.text
    data = {field(roll.judge, "status"): S.APOLOGIES, "new-1-person": str(roll.bridges.pk)}
    officer_client.post(roll.url, data)
    assert list(Attendance.objects.filter(meeting=roll.meeting).values()) == before
    with pytest.raises(Exception, match="the attendance can no longer be changed"):
        services.attendance_mark_all_present(meeting=roll.meeting)


def test_a_meeting_that_does_not_exist_is_not_found(officer_client, db):
    assert officer_client.get(reverse("admin:meetings_meeting_attendance", args=[987654])).status_code == 404


def test_the_page_is_for_officers_behind_the_admin_sign_in(public, councillor, roll):
    for visitor in (public, councillor):
        response = visitor.post(roll.url, {"mark_all": "1"})
        assert response.status_code == 302 and "/login/" in response.url  # the admin's sign-in
    assert not Attendance.objects.filter(meeting=roll.meeting).exists()


# --- the services ----------------------------------------------------------------------------


def test_mark_all_present_keeps_lines_already_recorded(roll):
    services.attendance_record(meeting=roll.meeting, person=roll.judge, status=S.APOLOGIES)
    services.attendance_record(meeting=roll.meeting, person=roll.hewitson, in_the_chair=True)  # chairing today
    done = services.attendance_mark_all_present(meeting=roll.meeting)
    assert [line.person for line in done] == [roll.lovecy, roll.stone, roll.kellner]
    recorded = lines(roll.meeting)
    assert recorded[roll.judge.pk].status == S.APOLOGIES
    # Someone is already in the Chair: the Chair is recorded present, not in the Chair.
    assert (recorded[roll.lovecy.pk].status, recorded[roll.lovecy.pk].in_the_chair) == (S.PRESENT, False)
    assert services.attendance_mark_all_present(meeting=roll.meeting) == []


def test_attendance_update_changes_only_what_it_is_given(roll):
    line = services.attendance_record(
        meeting=roll.meeting, person=roll.kellner, capacity="Representative of the Diocese of Manchester"
    )
    services.attendance_update(attendance=line, status=S.APOLOGIES, name_as_minuted="Mrs B Kelner")
    line.refresh_from_db()
    assert (line.status, line.capacity, line.name_as_minuted) == (
        S.APOLOGIES,
        "Representative of the Diocese of Manchester",
        "Mrs B Kelner",
    )
    with pytest.raises(Exception, match="cannot be changed here: person"):
        services.attendance_update(attendance=line, person=roll.judge)


# --- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_roll_call_in_a_browser_marks_everyone_present_and_has_no_serious_axe_violations(live_server, browser_page):
    from django.contrib.auth.models import Group

    from meetings.roles import COMMITTEE_OFFICERS
    from tests.browser import artifacts_dir, axe_violations, describe, sign_in
    from tests.factories import UserFactory

    committee = CommitteeFactory(name="Ofsted Subgroup", short_code="CYP/OSG")
    meeting = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    make_minute(meeting, title="Minutes")
    for name, role in [("Lovecy", Membership.Role.CHAIR), ("Stone", Membership.Role.MEMBER)]:
        MembershipFactory(committee=committee, person=councillor(name), role=role, start=datetime.date(2018, 5, 1))
    kellner = PersonFactory(kind=Person.Kind.CO_OPTED, title="Mrs", first_name="", initials="B", last_name="Kellner")
    MembershipFactory(
        committee=committee,
        person=kellner,
        role=Membership.Role.CO_OPTED,
        representing="Representative of the Diocese of Manchester",
        start=datetime.date(2018, 5, 1),
    )
    officer = UserFactory(username="clerk", is_staff=True)
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    page = browser_page
    sign_in(page, live_server, officer)
    url = live_server.url + reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    found = []

    def check(name: str) -> None:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(url).status == 200
            page.screenshot(path=str(artifacts_dir() / f"admin-rollcall-{name}-{width}.png"), full_page=True)
            violations = [v for v in axe_violations(page) if v["impact"] in {"critical", "serious"}]
            if violations:
                found.append(f"{name} at {width}px:\n{describe(violations)}")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)

    check("new")
    page.get_by_role("button", name="Mark everyone present").click()
    page.wait_for_load_state()
    assert "Recorded 3 member(s) present; Councillor Lovecy in the Chair." in page.content()
    assert Attendance.objects.filter(meeting=meeting, status=S.PRESENT).count() == 3
    check("marked")
    # Apologies from one member, saved in the browser.
    page.get_by_label("Status, Councillor Stone").select_option(S.APOLOGIES)
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert "Attendance saved" in page.content()
    assert Attendance.objects.get(meeting=meeting, person__last_name="Stone").status == S.APOLOGIES
    # Approved: read only.
    later = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    publish_minutes(meeting)
    services.minutes_approve(minutes=meeting.minutes, at=later)
    check("approved")
    assert "the attendance can no longer be changed" in page.content()
    assert not found, "\n\n".join(found)


def test_the_page_reads_a_fixed_number_of_times_however_many_members(officer_client, db, django_assert_max_num_queries):
    committee = CommitteeFactory(short_code="CYP/OSG")
    meeting = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    for n in range(8):
        make_minute(meeting, title=f"Item {n}")
    MembershipFactory.create_batch(12, committee=committee, start=datetime.date(2018, 5, 1))
    PersonFactory.create_batch(20)  # councillors who may substitute
    services.attendance_mark_all_present(meeting=meeting)
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    with django_assert_max_num_queries(12):  # 11: sign-in, meeting, members, lines, minutes, councillors …
        response = officer_client.get(url)
    assert len(response.context["roll"].members) == 12
