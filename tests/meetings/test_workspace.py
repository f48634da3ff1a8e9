"""The meeting's admin page as the committee officer's workspace: a panel saying where the meeting
stands with the button for each next step, step pages that say what will happen and act only when
posted, agenda items reordered in place, papers added, replaced and removed from the meeting's
page, and reports written for an item. Driven through the services and as a committee officer
with Django's test client."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meetings.agendas import services
from meetings.minutes import services as minutes_services
from meetings.models import AgendaItem, Meeting, MeetingMinutes, OfficerReport, Paper, PaperVersion
from meetings.validators import active_content
from tests.admin_forms import admin_form_data
from tests.factories import UserFactory
from tests.pdfs import make_active_pdf, make_pdf

from .builders import upload
from .factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, PackBuildFactory, PersonFactory

pytestmark = pytest.mark.django_db

NOT_ACCESSIBLE = "not accessible: upload a tagged PDF or the Word file"


def days_ahead(n: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def change_url(meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def workspace(client, meeting) -> str:
    """The workspace part of the meeting's admin page (before the meeting's own form), unescaped."""
    response = client.get(change_url(meeting))
    assert response.status_code == 200
    page = response.text
    return html.unescape(page[page.index('id="workspace"') : page.index('id="meeting_form"')])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def draft_meeting(**kwargs) -> Meeting:
    """A meeting three weeks ahead, announced, its agenda not issued, with three items."""
    meeting = MeetingFactory(start=days_ahead(21), agenda_issued_on=None, announced=True, **kwargs)
    for n in (1, 2, 3):
        AgendaItemFactory(meeting=meeting, number=n, title=f"Item title {n}")
    return meeting


def held_meeting(committee=None, days_ago: int = 7) -> Meeting:
    """A meeting held `days_ago` days ago, its agenda issued through the service in time."""
    start = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = MeetingFactory(committee=committee or CommitteeFactory(), start=start, agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1, title="Daycare providers")
    services.meeting_publish(meeting=meeting, issued_on=timezone.localdate() - datetime.timedelta(days=days_ago + 14))
    return meeting


def numbers(meeting) -> dict[str, int]:
    return dict(meeting.items.values_list("title", "number"))


# --- the status panel ----------------------------------------------------------------------------


def test_panel_of_a_draft_agenda_says_what_to_do_first(officer):
    meeting = draft_meeting()
    AgendaItem.objects.filter(meeting=meeting, number=2).update(to_follow=True)
    panel = workspace(officer, meeting)
    assert "Not issued yet: the public cannot see its items or papers." in panel
    assert reverse("admin:meetings_meeting_issue", args=[meeting.pk]) in panel
    assert ">Issue the agenda</a>" in panel
    assert "1 item(s) still marked “to follow”." in panel and "2. Item title 2: no paper yet." in panel
    assert "Attendance" in panel and "Not recorded yet." in panel and ">Record attendance</a>" in panel
    assert "Not started." in panel and ">Write the minutes</a>" in panel
    assert "Not built yet" in panel
    # Not yet due: no "Mark as held"; cancelling and postponing are offered.
    assert ">Mark as held</a>" not in panel
    assert reverse("admin:meetings_meeting_cancel", args=[meeting.pk]) in panel
    assert reverse("admin:meetings_meeting_postpone", args=[meeting.pk]) in panel


def test_panel_reports_despatches_and_what_waits_for_a_supplement(officer):
    meeting = draft_meeting()
    services.meeting_publish(meeting=meeting)
    panel = workspace(officer, meeting)
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Issued on {today}: public." in panel
    assert f"Despatches so far: Agenda ({today})." in panel
    assert "Nothing has been added or replaced since the last despatch." in panel
    assert ">Issue a supplementary agenda</a>" not in panel

    upload(meeting.items.get(number=3), title="Late appendix")
    panel = workspace(officer, meeting)
    assert "Waiting for a supplementary agenda: 1 paper(s) added or replaced (Late appendix)." in panel
    assert ">Issue a supplementary agenda</a>" in panel
    assert "For the next supplement" in panel  # the paper, on its item


def test_panel_reports_attendance_and_each_state_of_the_minutes(officer):
    committee = CommitteeFactory()
    meeting = held_meeting(committee, days_ago=40)
    later = held_meeting(committee, days_ago=5)
    for status in ("present", "present", "apologies"):
        minutes_services.attendance_record(meeting=meeting, person=PersonFactory(), status=status)
    panel = workspace(officer, meeting)
    assert "Recorded for 3 people: 2 present, 1 apologies." in panel and ">Change the attendance</a>" in panel
    assert "Held on" in panel  # recording attendance marked it held

    minutes_services.minute_create(meeting=meeting, title="Daycare providers")
    panel = workspace(officer, meeting)
    assert "Draft, seen by officers only (1 minute(s))." in panel
    assert reverse("admin:meetings_meeting_minutes_publish", args=[meeting.pk]) in panel

    minutes = minutes_services.minutes_publish(minutes=meeting.minutes)
    panel = workspace(officer, meeting)
    assert f"Published as draft on {timezone.localdate():%-d %B %Y}" in panel
    assert reverse("admin:meetings_meeting_minutes_approve", args=[meeting.pk]) in panel

    minutes_services.minutes_approve(minutes=minutes, at=later)
    panel = workspace(officer, meeting)
    assert f"Approved as a correct record at the meeting of {later}" in panel
    assert "no longer change" in panel and ">See the attendance</a>" in panel
    # Nothing on the agenda can be changed any more: no buttons for it.
    for name in ("Move up", "Move down", "Add the paper", "Write a report", ">Remove", ">Replace"):
        assert name not in panel, name

    minutes_services.minutes_lock(minutes=minutes)
    assert f"Locked on {timezone.localdate():%-d %B %Y}." in workspace(officer, meeting)


def test_panel_reports_cancelled_and_postponed_meetings(officer):
    cancelled = draft_meeting()
    services.meeting_cancel(meeting=cancelled, reason="The Chair is unwell.")
    panel = workspace(officer, cancelled)
    assert "Cancelled." in panel and "Public notice: “The Chair is unwell.”." in panel
    assert ">Issue the agenda</a>" not in panel and "A cancelled meeting's agenda cannot be issued." in panel

    postponed = draft_meeting()
    services.meeting_postpone(meeting=postponed, reason="Clashes with Council.", new_start=days_ahead(35))
    postponed.refresh_from_db()
    panel = workspace(officer, postponed)
    assert "Postponed." in panel and change_url(postponed.postponed_to) in panel


def test_panel_reports_the_packs_as_last_built(officer):
    meeting = draft_meeting()
    PackBuildFactory(meeting=meeting, variant="public", page_count=22)
    PackBuildFactory(meeting=meeting, variant="full", status="failed")
    panel = workspace(officer, meeting)
    assert "Public agenda pack: ready, 22 page(s), built" in panel
    assert "Full agenda pack (with exempt papers): failed" in panel


def test_panel_links_the_attendance_and_minutes_pages_or_their_fallbacks(officer):
    """Attendance and the minutes editor are pages of their own areas; until they exist the panel
    links the attendance rows on this page and the minutes' admin page."""
    from meetings.workspace import WorkspaceMeetingAdmin, reverse_or

    meeting = draft_meeting()
    assert reverse_or("admin:no_such_page", meeting.pk, "/fallback/") == "/fallback/"
    admin = WorkspaceMeetingAdmin(Meeting, None)
    try:
        expected = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    except NoReverseMatch:
        expected = f"{change_url(meeting)}#attendance-group"
    assert admin.attendance_url(meeting) == expected
    assert expected in workspace(officer, meeting)


# --- the steps: GET confirms, POST does it -------------------------------------------------------


def test_mark_held_confirms_then_marks(officer):
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(hours=4))
    AgendaItemFactory(meeting=meeting, number=1)
    url = reverse("admin:meetings_meeting_hold", args=[meeting.pk])
    assert url in workspace(officer, meeting)  # offered once the meeting has started
    page = officer.get(url)
    assert page.status_code == 200
    assert "What will happen" in page.text and "“Held” now" in page.text
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    response = officer.post(url)
    assert response.status_code == 302 and response["Location"].startswith(change_url(meeting))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_cancel_asks_for_the_reason_and_shows_refusals(officer):
    meeting = draft_meeting()
    url = reverse("admin:meetings_meeting_cancel", args=[meeting.pk])
    page = officer.get(url)
    assert page.status_code == 200
    assert '<label for="id_reason">Reason, for the public notice:</label>' in page.text
    assert "notice that it has been cancelled" in page.text
    response = officer.post(url, {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.text
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    response = officer.post(url, {"reason": "Not quorate."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.status_note == "Not quorate."

    held = held_meeting()
    services.meeting_mark_held(meeting=held)
    response = officer.post(reverse("admin:meetings_meeting_cancel", args=[held.pk]), {"reason": "Oops"})
    assert response.status_code == 200
    assert "A meeting that has been held cannot be cancelled." in messages_of(response)
    assert Meeting.objects.get(pk=held.pk).status == Meeting.Status.HELD


def test_postpone_with_a_new_date_creates_the_new_meeting(officer):
    meeting = draft_meeting()
    url = reverse("admin:meetings_meeting_postpone", args=[meeting.pk])
    page = officer.get(url)
    assert page.status_code == 200 and "a new meeting of the committee is created" in page.text
    assert Meeting.objects.count() == 1
    new_day = timezone.localdate() + datetime.timedelta(days=40)
    response = officer.post(url, {"reason": "Clashes with Council.", "new_date": new_day.isoformat()})
    assert response.status_code == 200 and "Give both the new date and the new start time" in response.text
    response = officer.post(
        url, {"reason": "Clashes with Council.", "new_date": new_day.isoformat(), "new_time": "14:00"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.POSTPONED
    new = meeting.postponed_to
    assert timezone.localtime(new.start).date() == new_day and timezone.localtime(new.start).hour == 14
    assert sorted(numbers(new).values()) == [1, 2, 3]


def test_publish_minutes_confirms_then_publishes_and_names_what_is_wrong(officer):
    meeting = held_meeting()
    url = reverse("admin:meetings_meeting_minutes_publish", args=[meeting.pk])
    page = officer.get(url)
    assert page.status_code == 200 and "No minutes have been written for this meeting yet." in page.text
    response = officer.post(url)
    assert f"No minutes of {meeting} have been written yet." in messages_of(response)

    minutes = minutes_services.minutes_get_or_create(meeting=meeting)
    response = officer.post(url)  # minutes with no minute in them: the service refuses
    assert response.status_code == 200
    assert f"The minutes of {meeting} have no minutes in them yet." in messages_of(response)
    minutes_services.minute_create(meeting=meeting, title="Daycare providers")
    page = officer.get(url)
    assert "marked “Draft – subject to approval”" in page.text
    assert MeetingMinutes.objects.get(pk=minutes.pk).status == MeetingMinutes.Status.DRAFT
    response = officer.post(url)
    assert response.status_code == 302
    assert MeetingMinutes.objects.get(pk=minutes.pk).status == MeetingMinutes.Status.PUBLISHED


def test_approve_minutes_offers_later_meetings_that_have_taken_place(officer):
    committee = CommitteeFactory()
    meeting = held_meeting(committee, days_ago=40)
    minutes_services.minute_create(meeting=meeting, title="Daycare providers")
    minutes = minutes_services.minutes_publish(minutes=minutes_services.minutes_get_or_create(meeting=meeting))
    url = reverse("admin:meetings_meeting_minutes_approve", args=[meeting.pk])
    page = officer.get(url)
    assert "No later meeting of" in page.text and 'name="at"' not in page.text

    later = held_meeting(committee, days_ago=5)
    minutes_item = AgendaItemFactory(meeting=later, number=2, kind=AgendaItem.Kind.MINUTES, title="Minutes")
    approving = minutes_services.minute_create(meeting=later, item=minutes_item, title="Minutes")
    future = MeetingFactory(committee=committee, start=days_ahead(20))
    earlier = held_meeting(committee, days_ago=60)
    other = held_meeting(days_ago=5)
    page = officer.get(url)
    assert page.status_code == 200
    offered = list(page.context["form"].fields["at"].queryset)
    assert offered == [later]
    for not_offered in (future, earlier, other):
        assert not_offered not in offered
    assert MeetingMinutes.objects.get(pk=minutes.pk).status == MeetingMinutes.Status.PUBLISHED
    response = officer.post(url, {"at": future.pk})  # not a choice: the form says so, nothing changes
    assert response.status_code == 200 and "Select a valid choice" in response.text
    response = officer.post(url, {"at": later.pk})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MeetingMinutes.Status.APPROVED
    assert minutes.approved_at == later and minutes.approved_by_minute == approving
    # Approving twice: the service's refusal, as a message.
    response = officer.post(url, {"at": later.pk})
    assert f"The minutes of {meeting} have already been approved." in messages_of(response)


def test_issue_buttons_lead_to_the_issue_page_which_issues_only_on_post(officer):
    meeting = draft_meeting()
    url = reverse("admin:meetings_meeting_issue", args=[meeting.pk])
    assert url in workspace(officer, meeting)
    page = officer.get(url)
    assert page.status_code == 200 and "From the date of issue" in page.text
    assert not meeting.despatches.exists()
    assert officer.post(url, {"issued_on": timezone.localdate().isoformat()}).status_code == 302
    assert meeting.despatches.get().number == 0


def test_step_pages_answer_404_for_unknown_meetings_items_and_papers(officer):
    meeting = draft_meeting()
    other = draft_meeting()
    foreign_item = other.items.first()
    foreign_paper = upload(foreign_item, title="Someone else's")
    for name in ("hold", "cancel", "postpone", "minutes_publish", "minutes_approve"):
        assert officer.get(reverse(f"admin:meetings_meeting_{name}", args=[999999])).status_code == 404, name
        assert officer.post(reverse(f"admin:meetings_meeting_{name}", args=[999999])).status_code == 404, name
    move = reverse("admin:meetings_meeting_item_move", args=[meeting.pk, foreign_item.pk])
    assert officer.post(move, {"direction": "up"}).status_code == 404
    add = reverse("admin:meetings_meeting_paper_add", args=[meeting.pk, 999999])
    assert officer.get(add).status_code == 404
    for name in ("paper_replace", "paper_remove"):
        assert (
            officer.get(reverse(f"admin:meetings_meeting_{name}", args=[meeting.pk, foreign_paper.pk])).status_code
            == 404
        )
        assert officer.post(reverse(f"admin:meetings_meeting_{name}", args=[meeting.pk, 999999])).status_code == 404
    assert officer.get(reverse("admin:meetings_officerreport_add") + "?item=999999").status_code == 404
    assert officer.get(reverse("admin:meetings_officerreport_add") + "?item=abc").status_code == 404
    assert Paper.objects.filter(pk=foreign_paper.pk).exists()


def test_people_who_are_not_staff_are_refused(client):
    meeting = draft_meeting()
    paper = upload(meeting.items.get(number=1), title="Budget")
    client.force_login(UserFactory(username="reader", is_staff=False))
    for url in (
        reverse("admin:meetings_meeting_cancel", args=[meeting.pk]),
        reverse("admin:meetings_meeting_hold", args=[meeting.pk]),
        reverse("admin:meetings_meeting_paper_remove", args=[meeting.pk, paper.pk]),
        reverse("admin:meetings_meeting_item_move", args=[meeting.pk, meeting.items.get(number=2).pk]),
    ):
        response = client.post(url, {"reason": "Not quorate.", "direction": "up"})
        assert response.status_code == 302 and reverse("admin:login") in response["Location"], url
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    assert Paper.objects.filter(pk=paper.pk).exists()
    assert numbers(meeting) == {"Item title 1": 1, "Item title 2": 2, "Item title 3": 3}


# --- reordering the agenda -----------------------------------------------------------------------


def test_reorder_service_numbers_items_one_to_n_in_the_new_order():
    meeting = draft_meeting()
    AgendaItemFactory(meeting=meeting, number=7, title="Item title 7")  # a gap in the numbers
    by_title = {item.title: item.pk for item in meeting.items.all()}
    order = [by_title[t] for t in ("Item title 7", "Item title 3", "Item title 1", "Item title 2")]
    services.agenda_items_reorder(meeting=meeting, order=order)
    assert numbers(meeting) == {"Item title 7": 1, "Item title 3": 2, "Item title 1": 3, "Item title 2": 4}
    with pytest.raises(ValidationError, match="every agenda item of the meeting once"):
        services.agenda_items_reorder(meeting=meeting, order=order[:3])
    with pytest.raises(ValidationError, match="every agenda item of the meeting once"):
        services.agenda_items_reorder(meeting=meeting, order=[*order[:3], order[0]])
    # Each renumbered item is in the audit trail with its new number.
    item = AgendaItem.objects.get(title="Item title 7")
    assert item.history.first().number == 1


def test_move_buttons_renumber_and_get_changes_nothing(officer):
    meeting = draft_meeting()
    third = meeting.items.get(number=3)
    url = reverse("admin:meetings_meeting_item_move", args=[meeting.pk, third.pk])
    assert url in workspace(officer, meeting)
    assert officer.get(url).status_code == 405
    assert numbers(meeting) == {"Item title 1": 1, "Item title 2": 2, "Item title 3": 3}
    response = officer.post(url, {"direction": "up"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{change_url(meeting)}#workspace-item-{third.pk}"
    assert "“Item title 3” moved up: it is now item 2." in messages_of(response)
    assert numbers(meeting) == {"Item title 1": 1, "Item title 3": 2, "Item title 2": 3}
    first = meeting.items.get(number=1)
    response = officer.post(
        reverse("admin:meetings_meeting_item_move", args=[meeting.pk, first.pk]), {"direction": "up"}, follow=True
    )
    assert "Item 1 (Item title 1) is already first on the agenda." in messages_of(response)
    assert numbers(meeting) == {"Item title 1": 1, "Item title 3": 2, "Item title 2": 3}


def test_issued_items_keep_their_numbers_new_ones_may_change_places(officer):
    meeting = draft_meeting()
    services.meeting_publish(meeting=meeting)
    AgendaItemFactory(meeting=meeting, number=4, title="Item title 4")
    AgendaItemFactory(meeting=meeting, number=5, title="Item title 5")
    issued = meeting.items.get(number=3)
    response = officer.post(
        reverse("admin:meetings_meeting_item_move", args=[meeting.pk, issued.pk]), {"direction": "down"}, follow=True
    )
    (text,) = messages_of(response)
    assert "what was issued stays issued: 3. Item title 3" in text
    assert numbers(meeting)["Item title 3"] == 3 and numbers(meeting)["Item title 4"] == 4
    late = meeting.items.get(number=5)
    response = officer.post(
        reverse("admin:meetings_meeting_item_move", args=[meeting.pk, late.pk]), {"direction": "up"}, follow=True
    )
    assert "“Item title 5” moved up: it is now item 4." in messages_of(response)
    assert numbers(meeting) == {f"Item title {n}": n for n in (1, 2, 3)} | {"Item title 5": 4, "Item title 4": 5}


def test_reordering_is_refused_once_the_minutes_are_approved(officer):
    committee = CommitteeFactory()
    meeting = held_meeting(committee, days_ago=40)
    AgendaItemFactory(meeting=meeting, number=2, title="Work programme")
    minutes_services.minute_create(meeting=meeting, title="Daycare providers")
    minutes = minutes_services.minutes_publish(minutes=minutes_services.minutes_get_or_create(meeting=meeting))
    minutes_services.minutes_approve(minutes=minutes, at=held_meeting(committee, days_ago=5))
    item = meeting.items.get(number=2)
    with pytest.raises(ValidationError, match="the order of its agenda items can no longer be changed"):
        services.agenda_item_move(item=item, direction="up")
    response = officer.post(
        reverse("admin:meetings_meeting_item_move", args=[meeting.pk, item.pk]), {"direction": "up"}, follow=True
    )
    assert any("can no longer be changed" in text for text in messages_of(response))
    assert numbers(meeting) == {"Daycare providers": 1, "Work programme": 2}


# --- papers in place -----------------------------------------------------------------------------


def post_paper(client, meeting, item, data: bytes, *, title="Budget report", exempt=False, follow=True):
    form = {
        f"item-{item.pk}-title": title,
        f"item-{item.pk}-file": SimpleUploadedFile("report.pdf", data, content_type="application/pdf"),
    }
    if exempt:
        form[f"item-{item.pk}-exempt"] = "on"
    return client.post(reverse("admin:meetings_meeting_paper_add", args=[meeting.pk, item.pk]), form, follow=follow)


def test_add_a_paper_from_the_meeting_page(officer):
    meeting = draft_meeting()
    item = meeting.items.get(number=2)
    response = post_paper(officer, meeting, item, make_active_pdf(pages=2), title="Budget report", exempt=True)
    assert response.redirect_chain[-1][0] == f"{change_url(meeting)}#workspace-item-{item.pk}"
    texts = messages_of(response)
    assert "“Budget report” added to item 2. Item title 2." in texts
    assert "“Budget report” is " + NOT_ACCESSIBLE + "." in texts  # untagged: accepted, flagged
    paper = Paper.objects.get(item=item)
    assert paper.exempt and paper.page_count == 2 and paper.order == 1 and paper.tagged is False
    assert active_content(paper.file.read()) == []  # made safe before it was stored
    panel = workspace(officer, meeting)
    assert "Budget report" in panel and "Not accessible" in panel and "Exempt" in panel


def test_a_refused_upload_says_why_and_saves_nothing(officer):
    meeting = draft_meeting()
    item = meeting.items.get(number=1)
    response = post_paper(officer, meeting, item, b"not a pdf at all", follow=False)
    assert response.status_code == 200
    assert "Please correct the error" in response.text
    assert 'name="item-{}-title"'.format(item.pk) in response.text  # the form again, as typed
    assert not Paper.objects.exists()
    assert officer.get(reverse("admin:meetings_meeting_paper_add", args=[meeting.pk, item.pk])).status_code == 200


def test_replace_a_paper_keeps_the_issued_version_with_its_reason(officer):
    meeting = draft_meeting()
    paper = upload(meeting.items.get(number=1), title="Budget report")
    services.meeting_publish(meeting=meeting)
    old_name = paper.file.name
    url = reverse("admin:meetings_meeting_paper_replace", args=[meeting.pk, paper.pk])
    assert url in workspace(officer, meeting)
    page = officer.get(url)
    assert page.status_code == 200 and "It has been issued" in page.text
    prefix = f"paper-{paper.pk}"

    def post(reason):
        return officer.post(
            url,
            {
                f"{prefix}-title": "Budget report (revised)",
                f"{prefix}-file": SimpleUploadedFile("v2.pdf", make_pdf(3), content_type="application/pdf"),
                f"{prefix}-replacement_reason": reason,
            },
        )

    response = post("")
    assert (
        response.status_code == 200 and "Give the reason for replacing a paper that has been issued." in response.text
    )
    assert Paper.objects.get(pk=paper.pk).file.name == old_name
    response = post("Figures corrected")
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Budget report (revised)" and paper.page_count == 3 and paper.file.name != old_name
    version = PaperVersion.objects.get(paper=paper)
    assert version.reason == "Figures corrected" and version.file.name == old_name
    assert "1 paper(s) added or replaced (Budget report (revised))" in workspace(officer, meeting)


def test_replace_a_paper_not_yet_issued_needs_no_reason(officer):
    meeting = draft_meeting()
    paper = upload(meeting.items.get(number=1), title="Budget report")
    url = reverse("admin:meetings_meeting_paper_replace", args=[meeting.pk, paper.pk])
    prefix = f"paper-{paper.pk}"
    response = officer.post(
        url,
        {
            f"{prefix}-title": "Budget report",
            f"{prefix}-file": SimpleUploadedFile("v2.pdf", make_pdf(2), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert Paper.objects.get(pk=paper.pk).page_count == 2 and not PaperVersion.objects.exists()


def test_remove_a_paper_confirms_first(officer):
    meeting = draft_meeting()
    paper = upload(meeting.items.get(number=1), title="Budget report")
    url = reverse("admin:meetings_meeting_paper_remove", args=[meeting.pk, paper.pk])
    page = officer.get(url)
    assert page.status_code == 200 and "“Budget report” is removed from item 1. Item title 1" in page.text
    assert Paper.objects.filter(pk=paper.pk).exists()
    response = officer.post(url, follow=True)
    assert "“Budget report” removed from item 1. Item title 1." in messages_of(response)
    assert not Paper.objects.filter(pk=paper.pk).exists()


def test_papers_of_approved_minutes_cannot_be_added_replaced_or_removed(officer):
    committee = CommitteeFactory()
    meeting = held_meeting(committee, days_ago=40)
    item = meeting.items.get()
    paper = upload(item, title="Budget report")
    minutes_services.minute_create(meeting=meeting, title="Daycare providers")
    minutes = minutes_services.minutes_publish(minutes=minutes_services.minutes_get_or_create(meeting=meeting))
    minutes_services.minutes_approve(minutes=minutes, at=held_meeting(committee, days_ago=5))
    response = officer.post(reverse("admin:meetings_meeting_paper_remove", args=[meeting.pk, paper.pk]), follow=True)
    assert any("can no longer be changed" in text for text in messages_of(response))
    response = post_paper(officer, meeting, item, make_pdf(1))
    assert any("no paper can be added now" in text for text in messages_of(response))
    response = officer.get(reverse("admin:meetings_meeting_paper_replace", args=[meeting.pk, paper.pk]), follow=True)
    assert any("can no longer be replaced" in text for text in messages_of(response))
    assert list(Paper.objects.filter(item=item)) == [paper]
    response = officer.get(reverse("admin:meetings_officerreport_add") + f"?item={item.pk}", follow=True)
    assert any("no paper can be added" in text for text in messages_of(response))


# --- write a report for an item ------------------------------------------------------------------


def test_write_a_report_opens_filled_in_and_returns_to_the_meeting(officer):
    meeting = draft_meeting()
    item = meeting.items.get(number=2)
    item.report_of = "Strategic Director of Children's Services"
    item.save()
    url = reverse("admin:meetings_officerreport_add") + f"?item={item.pk}"
    assert url in workspace(officer, meeting)
    page = officer.get(url)
    assert page.status_code == 200
    initial = page.context["adminform"].form.initial
    assert initial["subject"] == "Item title 2"
    assert initial["report_of"] == "Strategic Director of Children's Services"
    assert initial["report_to"].startswith(meeting.committee.name)
    assert "For item 2, Item title 2" in page.text
    data = admin_form_data(page)
    data.update({"summary": "What the report is about.", "recommendations": "To note the report."})
    response = officer.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert response["Location"] == f"{change_url(meeting)}#workspace-item-{item.pk}"
    report = OfficerReport.objects.get()
    assert report.subject == "Item title 2"
    paper = Paper.objects.get(item=item)
    assert paper.report == report and paper.title == "Item title 2" and not paper.file
    panel = workspace(officer, meeting)
    assert "Officer report written here" in panel
    assert reverse("admin:meetings_officerreport_change", args=[report.pk]) in panel
    # Without an item the add form is as it was: nothing attached, back to the list.
    response = officer.post(reverse("admin:meetings_officerreport_add"), {**data, "subject": "Unattached"})
    assert response.status_code == 302 and Paper.objects.count() == 1


# --- in a browser: 390 px wide, keyboard only, axe -----------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_workspace_works_at_390_px_by_keyboard_with_no_serious_axe_violations(live_server, browser_page):
    from django.contrib.auth.models import Group

    from meetings.roles import COMMITTEE_OFFICERS
    from tests.browser import artifacts_dir, axe_violations, describe, sign_in

    meeting = draft_meeting()
    upload(meeting.items.get(number=1), title="Budget report")
    officer = UserFactory(username="clerk", is_staff=True)
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    page = browser_page
    sign_in(page, live_server, officer)
    paper = Paper.objects.get()
    pages = {
        "workspace": change_url(meeting),
        "cancel": reverse("admin:meetings_meeting_cancel", args=[meeting.pk]),
        "replace": reverse("admin:meetings_meeting_paper_replace", args=[meeting.pk, paper.pk]),
    }
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            assert page.goto(live_server.url + path).status == 200, name
            violations = [v for v in axe_violations(page) if v["impact"] in {"critical", "serious"}]
            if violations:
                page.screenshot(path=str(artifacts_dir() / f"workspace-{name}-{width}.png"), full_page=True)
                found.append(f"{name} at {width}px:\n{describe(violations)}")
        page.goto(live_server.url + pages["workspace"])
        # Nothing in the workspace is wider than the screen.
        assert page.evaluate(
            "[...document.querySelectorAll('.workspace')].every(s => s.scrollWidth <= s.clientWidth + 1)"
        ), f"the workspace scrolls sideways at {width}px"
    assert not found, "\n\n".join(found)

    # Keyboard only: the "Move down" button of item 1 is a real button, pressed with Enter.
    page.goto(live_server.url + pages["workspace"])
    first = meeting.items.get(number=1)
    button = page.get_by_role("button", name=f"Move down item 1, {first.title}")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#workspace-item-{first.pk}")
    assert numbers(meeting)["Item title 1"] == 2


def test_the_workspace_costs_the_same_queries_for_2_items_or_12(officer, django_assert_max_num_queries):
    """The meeting's admin page does not query per item or paper: a meeting with twelve items,
    each with a paper, costs what one with two costs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(items: int) -> int:
        meeting = MeetingFactory(start=days_ahead(21), agenda_issued_on=None, announced=True)
        for n in range(1, items + 1):
            upload(AgendaItemFactory(meeting=meeting, number=n, title=f"Item title {n}"), title=f"Report {n}")
        officer.get(change_url(meeting))  # the first load of the admin's own lookups
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(change_url(meeting)).status_code == 200
        return len(captured)

    small = cost(2)
    assert cost(12) == small
    fresh = MeetingFactory(start=days_ahead(30), agenda_issued_on=None)
    with django_assert_max_num_queries(60):  # 55 when written
        assert officer.get(change_url(fresh)).status_code == 200
