"""Committees as they were on the meeting date: a renamed committee keeps its history, and each
meeting, minute reference, printed document, feed, search entry and API answer shows the name
and short code in force on the meeting's date (DESIGN: "Names are printed as they were at the
time"). The doubled name ("X – X – Ofsted Subgroup") that composing a name with its parent's
printed never appears."""

import datetime
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.minutes import services as minutes_services
from meetings.models import Committee, CommitteeName, Meeting, Minute, SearchEntry
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

OLD = "Young People and Children Scrutiny Committee – Ofsted Subgroup"
NEW = "Children and Young People Scrutiny Committee – Ofsted Subgroup"
DOUBLED = "Young People and Children Scrutiny Committee – Young People and Children Scrutiny Committee"
RENAMED_AFTER = datetime.date(2015, 4, 30)  # the last day of the old names


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # long names wrap across lines


def no_doubled_name(text: str) -> bool:
    return DOUBLED not in text and "Committee – Children and Young People Scrutiny Committee" not in text


@dataclass
class Renamed:
    committee: Committee
    old_meeting: Meeting
    new_meeting: Meeting
    old_minute: Minute
    new_minute: Minute


@pytest.fixture
def renamed(db) -> Renamed:
    """A subgroup renamed (with its parent) after 30 April 2015: a meeting under each name, each
    with an agenda item and published minutes (numbered by the service)."""
    parent = CommitteeFactory(name="Children and Young People Scrutiny Committee", short_code="CYP")
    CommitteeName.objects.create(
        committee=parent,
        name="Young People and Children Scrutiny Committee",
        short_code="YPC",
        valid_until=RENAMED_AFTER,
    )
    committee = CommitteeFactory(name=NEW, short_code="CYP/OSG", parent=parent, slug="osg")
    CommitteeName.objects.create(
        committee=committee, name=OLD, short_code="YPC/OSG", parent=parent, valid_until=RENAMED_AFTER
    )
    old_meeting = MeetingFactory(
        committee=committee, start=at(2015, 1, 20), agenda_issued_on=datetime.date(2015, 1, 12)
    )
    new_meeting = MeetingFactory(
        committee=committee, start=at(2018, 6, 26), agenda_issued_on=datetime.date(2018, 6, 18)
    )
    minutes = []
    for meeting in (old_meeting, new_meeting):
        item = AgendaItemFactory(meeting=meeting, number=1, title="Ofsted inspections of Manchester schools")
        minutes.append(minutes_services.minute_create(meeting=meeting, item=item, title=item.title))
        minutes_services.minutes_publish(minutes=minutes_services.minutes_get_or_create(meeting=meeting))
    return Renamed(committee, old_meeting, new_meeting, *minutes)


def test_the_name_code_and_parent_in_force_on_a_date(renamed):
    committee = Committee.objects.get(pk=renamed.committee.pk)
    before = committee.names_on(RENAMED_AFTER)
    after = committee.names_on(RENAMED_AFTER + datetime.timedelta(days=1))
    assert (before.name, before.short_code) == (OLD, "YPC/OSG")
    assert (after.name, after.short_code, after.parent_id) == (NEW, "CYP/OSG", committee.parent_id)
    assert committee.names_on(datetime.date(1990, 1, 1)).short_code == "YPC/OSG"  # the earliest known
    # The committee's own fields stay the current ones.
    assert (committee.name, committee.short_code) == (NEW, "CYP/OSG")
    assert renamed.old_meeting.committee_name == OLD and renamed.new_meeting.committee_name == NEW
    assert str(renamed.old_meeting) == f"{OLD}, 20 January 2015"


def test_minute_references_take_the_short_code_in_force_on_the_meeting_date(renamed):
    assert renamed.old_minute.reference == "YPC/OSG/15/01"
    assert renamed.new_minute.reference == "CYP/OSG/18/01"
    # Numbering is the committee's, whatever it was called: the next 2015 minute is 02.
    later_2015 = MeetingFactory(committee=renamed.committee, start=at(2015, 3, 17))
    assert minutes_services.minute_create(meeting=later_2015, title="Work Programme").reference == "YPC/OSG/15/02"


def test_each_meeting_page_shows_the_name_of_its_day(client, renamed):
    old_page = client.get(renamed.old_meeting.get_absolute_url()).content.decode()
    assert f'<span class="govuk-caption-l">{OLD}</span>' in old_page
    assert f"<title>{OLD}, Tuesday, 20 January 2015" in old_page
    assert "has since been renamed" in old_page and NEW in old_page  # and where it is now
    new_page = client.get(renamed.new_meeting.get_absolute_url()).content.decode()
    assert f'<span class="govuk-caption-l">{NEW}</span>' in new_page
    assert OLD not in new_page and "has since been renamed" not in new_page
    minutes_page = client.get(reverse("meetings:minutes", args=[renamed.old_meeting.pk])).content.decode()
    assert f'<span class="govuk-caption-l">{OLD}</span>' in minutes_page and "YPC/OSG/15/01" in minutes_page
    for page in (old_page, new_page, minutes_page):
        assert no_doubled_name(page)


def test_the_committee_page_lists_meetings_under_their_names_and_its_former_names(client, renamed):
    page = client.get(renamed.committee.get_absolute_url(), {"year": 2014}).content.decode()
    assert f"as the {OLD}" in page
    assert f"{OLD} (YPC/OSG), until 30 April 2015" in page
    page = client.get(renamed.committee.get_absolute_url(), {"year": 2018}).content.decode()
    assert "as the " not in page
    assert no_doubled_name(page)


def test_printed_minutes_and_front_sheets_print_the_name_of_the_day(client, renamed):
    old_minutes = pdf_text(client.get(reverse("meetings:meeting-printed-minutes", args=[renamed.old_meeting.pk])))
    assert OLD in old_minutes and "YPC/OSG/15/01" in old_minutes and NEW not in old_minutes
    new_minutes = pdf_text(client.get(reverse("meetings:meeting-printed-minutes", args=[renamed.new_meeting.pk])))
    assert NEW in new_minutes and "CYP/OSG/18/01" in new_minutes and OLD not in new_minutes
    old_front = pdf_text(client.get(reverse("meetings:meeting-front-sheet", args=[renamed.old_meeting.pk])))
    assert OLD in old_front and NEW not in old_front
    new_front = pdf_text(client.get(reverse("meetings:meeting-front-sheet", args=[renamed.new_meeting.pk])))
    assert NEW in new_front and OLD not in new_front
    for text in (old_minutes, new_minutes, old_front, new_front):
        assert no_doubled_name(text)


def test_feeds_calendar_and_api_name_each_meeting_as_on_its_day(client, renamed):
    agenda_titles = [
        item.findtext("title")
        for item in ET.fromstring(client.get(reverse("meetings:feed-agendas")).content).iter("item")
    ]
    assert f"Agenda: {OLD}, Tuesday 20 January 2015" in agenda_titles
    assert f"Agenda: {NEW}, Tuesday 26 June 2018" in agenda_titles
    minutes_feed = client.get(reverse("meetings:feed-minutes")).content.decode()
    assert f"Minutes: {OLD}, Tuesday 20 January 2015" in minutes_feed
    calendar = client.get(reverse("meetings:committee-calendar", args=["osg"])).content.decode()
    assert f"SUMMARY:{OLD}" in calendar.replace("\r\n ", "") and f"SUMMARY:{NEW}" in calendar.replace("\r\n ", "")
    api = {m["start"][:10]: m["name"] for m in client.get("/api/meetings/").json()["data"]}
    assert api["2015-01-20"] == f"{OLD}, 20 January 2015" and api["2018-06-26"] == f"{NEW}, 26 June 2018"
    oparl = client.get("/oparl/v1.1/body/meeting/").json()["data"]
    names = {m["start"][:10]: m["name"] for m in oparl}
    assert names["2015-01-20"].startswith(OLD) and names["2018-06-26"].startswith(NEW)
    files = [f["fileName"] for m in oparl for f in m.get("auxiliaryFile", [])]
    assert any(name.startswith("young-people-and-children") for name in files)
    minutes_api = client.get("/api/minutes/", {"meeting": renamed.old_meeting.pk}).json()["data"]
    assert [m["reference"] for m in minutes_api] == ["YPC/OSG/15/01"]


def test_search_entries_and_results_name_the_committee_of_the_day(client, renamed):
    titles = dict(SearchEntry.objects.filter(kind="meeting").values_list("meeting_id", "title"))
    assert titles[renamed.old_meeting.pk] == f"{OLD}, 20 January 2015"
    assert titles[renamed.new_meeting.pk] == f"{NEW}, 26 June 2018"
    results = client.get("/search/", {"q": "ofsted inspections", "kind": "agenda_item"}).context["results"]
    assert sorted(r.meta for r in results) == [f"{NEW}, Tuesday, 26 June 2018", f"{OLD}, Tuesday, 20 January 2015"]


def test_recording_a_rename_later_renames_what_was_indexed(renamed, django_capture_on_commit_callbacks):
    committee = CommitteeFactory(name="Economy Scrutiny Committee", short_code="ECO")
    meeting = MeetingFactory(committee=committee, start=at(2016, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeName.objects.create(
            committee=committee,
            name="Economy and Employment Scrutiny Committee",
            short_code="EES",
            valid_until=datetime.date(2016, 5, 10),
        )
    assert SearchEntry.objects.get(kind="meeting", meeting_id=meeting.pk).title == (
        "Economy and Employment Scrutiny Committee, 1 March 2016"
    )


def test_a_committee_saved_from_a_copy_read_before_a_rename_keeps_its_history(db):
    committee = CommitteeFactory(name="Economy Scrutiny Committee", short_code="ECO")
    stale = Committee.objects.get(pk=committee.pk)
    CommitteeName.objects.create(
        committee_id=committee.pk,
        name="Economy and Employment Scrutiny Committee",
        short_code="EES",
        valid_until=datetime.date(2016, 5, 10),
    )
    stale.description = "Scrutinises the city's economy."
    stale.save()
    assert Committee.objects.get(pk=committee.pk).names_on(datetime.date(2016, 3, 1)).short_code == "EES"


def test_former_names_are_edited_with_their_committee_in_the_admin(admin_client, renamed):
    url = reverse("admin:meetings_committee_change", args=[renamed.committee.pk])
    page = admin_client.get(url).content.decode()
    assert "Former names" in page and 'value="YPC/OSG"' in page
    assert admin_client.get(reverse("admin:meetings_committeename_changelist")).status_code == 200


def test_the_demo_subgroup_is_one_committee_from_2015_to_2018(client, db):
    """The demo loaded once (it is slow), over a database an earlier demo filled with a separate
    predecessor committee for 2015: that is folded into the one subgroup."""
    ypc = Committee.objects.create(
        slug="young-people-and-children-scrutiny-committee", name=OLD.split(" – ")[0], short_code="YPC"
    )
    predecessor = Committee.objects.create(
        slug="young-people-and-children-ofsted-subgroup", name=OLD, short_code="YPC/OSG", parent=ypc
    )
    earlier = MeetingFactory(committee=predecessor, start=at(2015, 1, 20), agenda_issued_on=datetime.date(2015, 1, 12))
    minutes_services.minute_create(meeting=earlier, title="Minutes")

    call_command("load_demo", stdout=io.StringIO())

    assert not Committee.objects.filter(slug__in=["young-people-and-children-scrutiny-committee", predecessor.slug])
    subgroup = Committee.objects.get(slug="ofsted-subgroup")
    assert (subgroup.name, subgroup.short_code, subgroup.parent.name) == (
        NEW,
        "CYP/OSG",
        "Children and Young People Scrutiny Committee",
    )
    jan_2015 = Meeting.objects.get(start__date=datetime.date(2015, 1, 20))
    june_2018 = Meeting.objects.get(start__date=datetime.date(2018, 6, 26))
    october_2018 = Meeting.objects.get(start__date=datetime.date(2018, 10, 2))
    assert jan_2015.pk == earlier.pk and jan_2015.committee_id == june_2018.committee_id == subgroup.pk
    assert list(jan_2015.minute_set.values_list("reference", flat=True)) == [f"YPC/OSG/15/0{n}" for n in (1, 2, 3)]
    assert list(june_2018.minute_set.values_list("reference", flat=True)) == [f"CYP/OSG/18/{n}" for n in range(15, 21)]

    printed_2015 = pdf_text(client.get(reverse("meetings:meeting-printed-minutes", args=[jan_2015.pk])))
    assert printed_2015.startswith(OLD) and "YPC/OSG/15/01" in printed_2015 and "YPC/OSG/15/03" in printed_2015
    printed_2018 = pdf_text(client.get(reverse("meetings:meeting-printed-minutes", args=[june_2018.pk])))
    assert printed_2018.startswith(NEW) and "CYP/OSG/18/15" in printed_2018 and OLD not in printed_2018
    front = pdf_text(client.get(reverse("meetings:meeting-front-sheet", args=[october_2018.pk])))
    assert NEW in front and OLD not in front
    pages = [
        client.get(url).content.decode()
        for url in (
            jan_2015.get_absolute_url(),
            reverse("meetings:minutes", args=[jan_2015.pk]),
            june_2018.get_absolute_url(),
            reverse("meetings:minutes", args=[june_2018.pk]),
            subgroup.get_absolute_url() + "?year=2014",
            reverse("meetings:work-programme", args=["ofsted-subgroup"]),
        )
    ]
    assert f'<span class="govuk-caption-l">{OLD}</span>' in pages[0]
    assert f'<span class="govuk-caption-l">{NEW}</span>' in pages[2]
    assert f"as the {OLD}" in pages[4]
    for text in (printed_2015, printed_2018, front, *pages):
        assert no_doubled_name(text)


def test_an_officer_records_a_rename_on_the_committee_admin_page(admin_client, db):
    committee = CommitteeFactory(name="Economy Scrutiny Committee", short_code="ECO", slug="economy")
    meeting = MeetingFactory(committee=committee, start=at(2016, 3, 1))
    form = {
        "name": "Economy Scrutiny Committee",
        "slug": "economy",
        "short_code": "ECO",
        "minute_numbering": "calendar",
        "description": "",
        "is_active": "on",
        "former_names-TOTAL_FORMS": "1",
        "former_names-INITIAL_FORMS": "0",
        "former_names-0-name": "Economy and Employment Scrutiny Committee",
        "former_names-0-short_code": "EES",
        "former_names-0-valid_until": "2016-05-10",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:meetings_committee_change", args=[committee.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.get(pk=meeting.pk).committee_name == "Economy and Employment Scrutiny Committee"
    later = MeetingFactory(committee=committee, start=at(2016, 6, 7))
    assert minutes_services.minute_create(meeting=later, title="Minutes").reference == "ECO/16/01"
