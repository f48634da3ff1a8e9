"""The meeting cycle as the law and council practice have it: notice before agenda,
the public work programme, five clear days, despatches that never change, supplements, held,
cancelled and postponed meetings. Driven through the services and the admin, and crawled as the
public, a councillor and an officer."""

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from meetings import visibility
from meetings.agendas import services, timing
from meetings.models import AgendaItem, Despatch, Meeting, PaperVersion, ReportDeadline, WorkProgrammeItem
from tests.crawl import crawl
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
HIDDEN = "Quillbramble"  # words of an agenda not yet issued
DRAFT = "Zephyrlantern"  # words of a meeting not even announced


def at(y, m, d, h=10):
    return datetime.datetime(y, m, d, h, tzinfo=LONDON)


def days_ahead(n, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=n)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def stages(db):
    """One meeting at each stage of the rule, in one committee."""
    committee = CommitteeFactory(name="Lifecycle Scrutiny Committee")
    issued = MeetingFactory(committee=committee, start=days_ahead(20), agenda_issued_on=None, announced=True)
    AgendaItemFactory(meeting=issued, number=1, title="Issued budget report")
    services.meeting_publish(meeting=issued)
    announced = MeetingFactory(
        committee=committee, start=days_ahead(40), agenda_issued_on=None, announced=True, venue="Announced Room 7"
    )
    secret_item = AgendaItemFactory(meeting=announced, number=1, title=f"{HIDDEN} proposals")
    secret_paper = upload(secret_item, title=f"{HIDDEN} report")
    draft = MeetingFactory(
        committee=committee, start=days_ahead(60), agenda_issued_on=None, announced=False, venue=f"{DRAFT} hall"
    )
    ReportDeadline.objects.create(meeting=announced, deadline=announced.start.date() - datetime.timedelta(days=14))
    WorkProgrammeItem.objects.create(
        committee=committee, meeting=announced, title="Youth services review", lead_officer="Strategic Director"
    )
    return dict(committee=committee, issued=issued, announced=announced, draft=draft, secret_paper=secret_paper)


# --- 1. Meeting notice before agenda -------------------------------------------------------------


def test_the_rule_has_three_stages(stages):
    public = visibility.THE_PUBLIC
    assert {stages["issued"], stages["announced"]} <= set(Meeting.objects.visible_to(public))
    assert stages["draft"] not in Meeting.objects.visible_to(public)
    assert list(Meeting.objects.agenda_visible_to(public).filter(committee=stages["committee"])) == [stages["issued"]]
    assert not AgendaItem.objects.visible_to(public).filter(meeting=stages["announced"]).exists()
    assert stages["issued"].stage == "issued"
    assert stages["announced"].stage == "announced"
    assert stages["draft"].stage == "draft"


def test_the_public_sees_the_notice_but_not_the_agenda(public, stages):
    page = public.get(stages["announced"].get_absolute_url()).content.decode()
    assert "Announced Room 7" in page
    assert "Agenda not yet published" in page
    assert HIDDEN not in page
    assert public.get(stages["secret_paper"].get_absolute_url()).status_code == 404
    assert public.get(f"/meetings/{stages['announced'].pk}/agenda-pack.pdf").status_code == 404
    assert public.get(f"/meetings/{stages['announced'].pk}/agenda-front-sheet.pdf").status_code == 404
    assert public.get(stages["draft"].get_absolute_url()).status_code == 404
    home = public.get("/").content.decode()
    assert stages["announced"].get_absolute_url() in home
    assert "Agenda not yet published" in home
    committee_page = public.get(stages["committee"].get_absolute_url()).content.decode()
    assert stages["announced"].get_absolute_url() in committee_page


def test_notice_is_in_calendars_sitemap_and_api(public, stages):
    ics = public.get("/calendar.ics").content.decode()
    assert "Announced Room 7" in ics
    assert DRAFT not in ics
    index = public.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>(.*?)</loc>", index)
    sitemap = "".join(public.get(url.replace("http://testserver", "")).content.decode() for url in sections)
    assert stages["announced"].get_absolute_url() in sitemap
    assert stages["draft"].get_absolute_url() not in sitemap


def test_anonymous_crawl_covers_all_three_stages(public, stages):
    pages = crawl(public, "/")
    assert stages["announced"].get_absolute_url() in pages
    assert stages["issued"].get_absolute_url() in pages
    assert stages["draft"].get_absolute_url() not in pages
    for path, response in pages.items():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert HIDDEN.encode() not in body, f"an unissued agenda leaked on {path}"
        assert DRAFT.encode() not in body, f"a draft meeting leaked on {path}"


def test_councillor_crawl_reaches_no_unissued_agenda_and_officer_crawl_finds_it(councillor, officer, stages):
    for path, response in crawl(councillor, "/").items():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert HIDDEN.encode() not in body and DRAFT.encode() not in body, path
    officer_pages = crawl(officer, "/")
    assert stages["draft"].get_absolute_url() in officer_pages
    assert HIDDEN in officer_pages[stages["announced"].get_absolute_url()].content.decode()


def test_councillor_sees_notice_but_not_unissued_agenda(councillor, stages):
    page = councillor.get(stages["announced"].get_absolute_url()).content.decode()
    assert "Agenda not yet published" in page and HIDDEN not in page
    assert councillor.get(stages["draft"].get_absolute_url()).status_code == 404


def test_officer_sees_everything_marked(officer, stages):
    page = officer.get(stages["announced"].get_absolute_url()).content.decode()
    assert f"{HIDDEN} proposals" in page
    assert "only officers can see the agenda" in page
    draft_page = officer.get(stages["draft"].get_absolute_url()).content.decode()
    assert "Only officers can see this page" in draft_page


# --- 2. The work programme is public in full -----------------------------------------------------


def test_work_programme_lists_items_of_announced_meetings(public, stages):
    page = public.get(f"/committees/{stages['committee'].slug}/work-programme/").content.decode()
    assert "Youth services review" in page


def test_printed_work_programme_starts_at_the_pack_meeting(stages):
    from meetings.packs.printing import terms_and_work_programme_print_context

    committee = stages["committee"]
    WorkProgrammeItem.objects.create(committee=committee, meeting=stages["issued"], title="Budget scrutiny")
    ctx = terms_and_work_programme_print_context(
        committee, visibility.THE_PUBLIC, on=stages["announced"].start.date(), from_meeting=stages["announced"]
    )
    meetings = [p.meeting for p in ctx["programme"]]
    assert meetings == [stages["announced"]], "starts at the pack's meeting; the announced one is included"
    assert ctx["programme"][0].deadline is not None


# --- 4. Statutory timing ------------------------------------------------------------------------


def test_clear_days_skip_weekends():
    # Issued Monday 24 September 2018 for Tuesday 2 October: Tue-Fri and Mon = 5 clear days.
    assert timing.clear_days(datetime.date(2018, 9, 24), datetime.date(2018, 10, 2)) == 5
    assert timing.clear_days(datetime.date(2018, 9, 25), datetime.date(2018, 10, 2)) == 4
    assert timing.latest_issue_date(datetime.date(2018, 10, 2)) == datetime.date(2018, 9, 24)


def test_clear_days_skip_bank_holidays():
    # Late Summer Bank Holiday, Monday 27 August 2018: a meeting on Wednesday 29 August needs the
    # agenda by Monday 20 August (21, 22, 23, 24 and 28 August are the five clear days).
    assert timing.is_bank_holiday(datetime.date(2018, 8, 27))
    assert timing.clear_days(datetime.date(2018, 8, 20), datetime.date(2018, 8, 29)) == 5
    assert timing.clear_days(datetime.date(2018, 8, 21), datetime.date(2018, 8, 29)) == 4
    assert timing.latest_issue_date(datetime.date(2018, 8, 29)) == datetime.date(2018, 8, 20)
    # Christmas week: Friday 28 December 2018 counts 27, 24, 21, 20 and 19 December.
    assert timing.latest_issue_date(datetime.date(2018, 12, 28)) == datetime.date(2018, 12, 18)


@override_settings(BANK_HOLIDAY_REGION="SCT")
def test_bank_holiday_region_is_a_setting():
    timing._bank_holidays.cache_clear()
    assert timing.is_bank_holiday(datetime.date(2018, 1, 2))  # 2 January: Scotland only
    timing._bank_holidays.cache_clear()


def _meeting(start, **kwargs):
    meeting = MeetingFactory(start=start, agenda_issued_on=None, announced=True, **kwargs)
    AgendaItemFactory(meeting=meeting, number=1, title="Item")
    return meeting


def test_late_main_despatch_needs_a_reason():
    meeting = _meeting(days_ahead(3))
    with pytest.raises(ValidationError) as err:
        services.meeting_publish(meeting=meeting)
    assert "reason_late" in err.value.message_dict
    services.meeting_publish(meeting=meeting, reason_late="The venue changed at short notice.")
    despatch = Despatch.objects.get(meeting=meeting)
    assert despatch.number == 0 and despatch.reason_late.startswith("The venue")
    assert despatch.clear_days < 5


def test_issuing_after_the_meeting_is_refused():
    meeting = _meeting(at(2018, 11, 24))
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting, issued_on=datetime.date(2018, 12, 1), reason_late="x")
    started = _meeting(timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=started, reason_late="late")


def test_urgent_item_needs_the_chairs_reason_printed_on_the_supplement(officer_user):
    meeting = _meeting(days_ahead(4))
    services.meeting_publish(meeting=meeting, issued_on=timezone.localdate() - datetime.timedelta(days=10))
    late = AgendaItemFactory(meeting=meeting, number=2, title="Emergency school closure")
    with pytest.raises(ValidationError) as err:
        services.despatch_supplement(meeting=meeting, by=officer_user)
    assert "urgent_reasons" in err.value.message_dict
    despatch = services.despatch_supplement(
        meeting=meeting, by=officer_user, urgent_reasons={late.pk: "The school closed on Friday."}
    )
    late.refresh_from_db()
    assert late.urgent and late.urgent_reason == "The school closed on Friday."
    assert despatch.number == 1 and despatch.label == "Supplementary agenda 1"
    assert despatch.issued_by == officer_user
    from meetings.packs.api import despatch_plan
    from meetings.packs.builder import _front_html

    html = _front_html(despatch_plan(despatch, include_exempt=False), None)
    assert "Supplementary agenda 1" in html
    assert "The school closed on Friday." in html
    # Offered to the minutes (the reasons are given in the minutes, s.100B(4)(b)).
    from meetings.minutes import services as minutes_services

    minutes_services.minutes_create_from_agenda(meeting=meeting)
    assert "The school closed on Friday." in meeting.minute_set.get(item=late).narrative


# --- 3. Despatches that never change -------------------------------------------------------------


def test_despatch_is_fixed_and_supplements_carry_what_changed(django_capture_on_commit_callbacks):
    meeting = _meeting(days_ahead(20))
    item = meeting.items.get()
    first = upload(item, title="Main report", pages=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    main = meeting.despatches.get(number=0)
    assert [row["title"] for row in main.manifest["papers"]] == ["Main report"]
    with pytest.raises(ValidationError):
        main.save()
    with pytest.raises(ValidationError):
        main.delete()
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting)  # already issued: supplements from now on
    with pytest.raises(ValidationError):
        services.despatch_supplement(meeting=meeting)  # nothing new
    stored = main.pack_builds.get(variant="public")
    main_pages = stored.page_count

    upload(item, title="Late appendix", pages=3)
    services.paper_replace(paper=first, file=ContentFile(make_pdf(4), name="v2.pdf"), reason="Figures corrected")
    assert PaperVersion.objects.get(paper=first).reason == "Figures corrected"
    with django_capture_on_commit_callbacks(execute=True):
        supplement = services.despatch_supplement(meeting=meeting)
    titles = [row["title"] for row in supplement.manifest["papers"]]
    assert titles == ["Main report", "Late appendix"]
    assert str(first.pk) in supplement.manifest["replaced"]
    # The main despatch's stored pack did not change; the supplement is numbered on its own.
    stored.refresh_from_db()
    assert stored.page_count == main_pages
    supplement_pack = supplement.pack_builds.get(variant="public")
    front = supplement.pack_builds.get(variant="front")
    assert supplement_pack.page_count == front.page_count + 1 + 4 + 3 or supplement_pack.page_count > front.page_count


def test_meeting_page_lists_each_despatch_and_downloads_them(public, django_capture_on_commit_callbacks):
    meeting = _meeting(days_ahead(20))
    upload(meeting.items.get(), title="Main report", pages=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting)
    upload(meeting.items.get(), title="Appendix", pages=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.despatch_supplement(meeting=meeting)
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert page.index("Supplementary agenda 1 was issued on") > page.index("This agenda was issued on")
    for number in (0, 1):
        response = public.get(f"/meetings/{meeting.pk}/despatches/{number}/pack.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    assert (
        "supplementary-agenda-1-pack.pdf"
        in public.get(f"/meetings/{meeting.pk}/despatches/1/pack.pdf")["Content-Disposition"]
    )
    assert public.get(f"/meetings/{meeting.pk}/despatches/2/pack.pdf").status_code == 404


# --- 5. Held, cancelled, postponed ---------------------------------------------------------------


def test_meetings_become_held_by_command_and_by_attendance():
    over = MeetingFactory(
        start=timezone.now() - datetime.timedelta(hours=5), end=timezone.now() - datetime.timedelta(hours=3)
    )
    running = MeetingFactory(
        start=timezone.now() - datetime.timedelta(minutes=30), end=timezone.now() + datetime.timedelta(hours=1)
    )
    call_command("mark_held_meetings", stdout=open("/dev/null", "w"))
    over.refresh_from_db()
    running.refresh_from_db()
    assert over.status == Meeting.Status.HELD
    assert running.status == Meeting.Status.SCHEDULED
    from meetings.minutes.services import attendance_record
    from tests.meetings.factories import PersonFactory

    attendance_record(meeting=running, person=PersonFactory())
    running.refresh_from_db()
    assert running.status == Meeting.Status.HELD


def test_held_meeting_needs_a_reason_and_approved_minutes_stop_despatches():
    meeting = _meeting(at(2018, 10, 2))
    services.meeting_publish(meeting=meeting, issued_on=datetime.date(2018, 9, 24))
    services.meeting_mark_held(meeting=meeting)
    upload(meeting.items.get(), title="Presentation slides")
    with pytest.raises(ValidationError) as err:
        services.despatch_supplement(meeting=meeting)
    assert "reason_after_held" in err.value.message_dict
    despatch = services.despatch_supplement(meeting=meeting, reason_after_held="Slides shown at the meeting")
    assert despatch.reason_after_held
    from meetings.minutes import services as minutes_services

    minutes_services.minute_create(meeting=meeting, title="Presentation")
    minutes = minutes_services.minutes_get_or_create(meeting=meeting)
    minutes_services.minutes_publish(minutes=minutes)
    later = MeetingFactory(committee=meeting.committee, start=at(2018, 11, 6))
    minutes_services.minutes_approve(minutes=minutes, at=later)
    with pytest.raises(ValidationError):
        services.despatch_supplement(meeting=meeting, reason_after_held="again")


def test_cancelled_and_postponed_meetings_keep_a_public_notice(public):
    cancelled = _meeting(days_ahead(10))
    services.meeting_cancel(meeting=cancelled, reason="The Chair is unwell.")
    page = public.get(cancelled.get_absolute_url()).content.decode()
    assert "This meeting has been cancelled" in page and "The Chair is unwell." in page
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=cancelled)

    postponed = _meeting(days_ahead(12))
    with pytest.raises(ValidationError):
        services.meeting_postpone(meeting=postponed, reason="")
    services.meeting_postpone(meeting=postponed, reason="Clashes with full Council.", new_start=days_ahead(19))
    postponed.refresh_from_db()
    page = public.get(postponed.get_absolute_url()).content.decode()
    assert "This meeting has been postponed" in page and "Clashes with full Council." in page
    assert postponed.postponed_to.get_absolute_url() in page
    assert public.get(postponed.postponed_to.get_absolute_url()).status_code == 200


def test_withdrawing_an_issued_agenda_is_refused():
    meeting = _meeting(days_ahead(20))
    services.meeting_publish(meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_unpublish(meeting=meeting)
    scheduled = _meeting(days_ahead(20))
    services.meeting_publish(meeting=scheduled, issued_on=timezone.localdate() + datetime.timedelta(days=2))
    services.meeting_unpublish(meeting=scheduled)  # not issued to anyone yet
    assert not scheduled.despatches.exists()


# --- through the admin ---------------------------------------------------------------------------


def test_admin_issue_page_asks_for_the_late_reason(admin_client, django_capture_on_commit_callbacks):
    meeting = _meeting(days_ahead(3))
    url = f"/admin/meetings/meeting/{meeting.pk}/issue/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"issued_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and "clear working day" in response.content.decode()
    assert not meeting.despatches.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"issued_on": timezone.localdate().isoformat(), "reason_late": "Papers delayed by the inspection."}
        )
    assert response.status_code == 302
    assert meeting.despatches.get().reason_late == "Papers delayed by the inspection."
    late = AgendaItemFactory(meeting=meeting, number=2, title="Late urgent item")
    page = admin_client.get(url).content.decode()
    assert "Issue a supplementary agenda" in page and "Late urgent item" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"issued_on": timezone.localdate().isoformat(), f"urgent_{late.pk}": "Statutory deadline."}
        )
    assert response.status_code == 302
    assert meeting.despatches.get(number=1).manifest["items"][0]["urgent_reason"] == "Statutory deadline."


def test_admin_actions_cancel_and_hold(admin_client):
    meeting = _meeting(days_ahead(10), status_note="Not quorate.")
    admin_client.post("/admin/meetings/meeting/", {"action": "cancel_meeting", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    past = _meeting(timezone.now() - datetime.timedelta(days=1))
    admin_client.post("/admin/meetings/meeting/", {"action": "mark_held", "_selected_action": [past.pk]})
    past.refresh_from_db()
    assert past.status == Meeting.Status.HELD


def test_admin_replacing_an_issued_paper_keeps_the_earlier_version(admin_client):
    meeting = _meeting(days_ahead(20))
    paper = upload(meeting.items.get(), title="Budget report", pages=1)
    services.meeting_publish(meeting=meeting)
    old_name = paper.file.name
    url = f"/admin/meetings/paper/{paper.pk}/change/"
    data = {
        "item": paper.item_id,
        "title": "Budget report",
        "order": 1,
        "file": ContentFile(make_pdf(2), name="v2.pdf"),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "Give the reason" in response.content.decode()
    data["file"] = ContentFile(make_pdf(2), name="v2.pdf")
    data["replacement_reason"] = "Appendix added"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = PaperVersion.objects.get(paper=paper)
    assert version.reason == "Appendix added" and version.file.name == old_name
