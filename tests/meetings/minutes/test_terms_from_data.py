"""Terms of reference drawn from the records: the membership (memberships in force in the
municipal year, with roles and what co-opted members represent), the contact officer (the
committee's) and the schedule of meetings (its meetings that year) are never retyped; officers
write only the prose, in one place (the terms' admin)."""

import datetime
import importlib
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import AgendaItem, Committee, Meeting, Membership, TermsOfReference
from meetings.packs import api
from meetings.packs.printing import terms_and_work_programme_print_context
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

YEAR_START = datetime.date(2018, 5, 16)


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def text_of(html: str) -> str:
    return " ".join(html.split())


@pytest.fixture
def subgroup(db):
    """A subgroup's 2018/19: its members (one whose membership ended before the year), its
    contact officer, its meetings (one cancelled, one a draft, one in each neighbouring year) and
    the prose of its terms."""
    officer = PersonFactory(
        kind="officer", title="", first_name="Rachel", last_name="McKeon", job_title="Scrutiny Support Officer"
    )
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="osg", contact_officer=officer)
    lovecy = PersonFactory(first_name="", last_name="Lovecy")
    stone = PersonFactory(first_name="", last_name="Stone")
    kellner = PersonFactory(kind="co_opted", title="Mrs", first_name="", initials="B", last_name="Kellner")
    cox = PersonFactory(first_name="", last_name="Coxwell")
    MembershipFactory(committee=committee, person=lovecy, role=Membership.Role.CHAIR, start=YEAR_START)
    MembershipFactory(committee=committee, person=stone, start=YEAR_START)
    MembershipFactory(
        committee=committee,
        person=kellner,
        role=Membership.Role.CO_OPTED,
        representing="Representative of the Diocese of Manchester",
        start=YEAR_START,
    )
    MembershipFactory(committee=committee, person=cox, start=datetime.date(2014, 5, 1), end=datetime.date(2018, 4, 30))
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2), agenda_issued_on=datetime.date(2018, 9, 24))
    MeetingFactory(committee=committee, start=at(2019, 1, 29), agenda_issued_on=datetime.date(2019, 1, 21))
    MeetingFactory(committee=committee, start=at(2018, 12, 4), status=Meeting.Status.CANCELLED)
    MeetingFactory(committee=committee, start=at(2019, 3, 12), agenda_issued_on=None)  # a draft: officers only
    MeetingFactory(committee=committee, start=at(2018, 3, 20), agenda_issued_on=datetime.date(2018, 3, 12))
    MeetingFactory(committee=committee, start=at(2019, 6, 4), agenda_issued_on=None, announced=True)
    TermsOfReference.objects.create(
        committee=committee,
        municipal_year=2018,
        title="Ofsted Subgroup",
        lead_officers="Simon Taylor - Senior Schools Quality Assurance Officer",
        rationale_points="consider inspection reports\nliaise with officers",
        operation="This Subgroup will meet periodically.",
    )
    return committee, october


def test_the_committee_page_draws_membership_contact_and_schedule_from_the_records(client, subgroup):
    committee, _ = subgroup
    page = text_of(client.get(committee.get_absolute_url()).content.decode())
    terms = page[page.index('id="terms-of-reference"') :]
    assert "Membership 2018/19" in terms
    assert "Councillor Lovecy</a> – Chair" in terms and "Councillor Stone</a> – Member" in terms
    assert "Mrs B Kellner</a> – Co-opted member, Representative of the Diocese of Manchester" in terms
    assert "Coxwell" not in terms  # ended before the year
    assert "Rachel McKeon</a> – Scrutiny Support Officer" in terms
    schedule = terms[terms.index("Schedule of meetings") :]
    assert "Tuesday, 2 October 2018 at 10.00 am" in schedule and "Tuesday, 29 January 2019 at 10.00 am" in schedule
    for absent in ("4 December 2018", "12 March 2019", "20 March 2018", "4 June 2019"):
        assert absent not in schedule  # cancelled, a draft, the years before and after
    assert "<li>liaise with officers</li>" in terms and "This Subgroup will meet periodically." in terms


def test_the_printed_terms_draw_on_the_same_records(subgroup, officer_user):
    committee, october = subgroup
    ctx = terms_and_work_programme_print_context(committee, AnonymousUser(), on=datetime.date(2018, 10, 1))
    printed = text_of(render_to_string("meetings/print/terms_and_work_programme.html", ctx))
    assert "Membership 2018/19" in printed
    assert "Councillors Lovecy (Chair) and Stone" in printed
    assert "Co-opted Members: Mrs B Kellner (Representative of the Diocese of Manchester)" in printed
    assert "Coxwell" not in printed
    assert "Rachel McKeon - Scrutiny Support Officer" in printed
    assert "Tuesday 2 October 2018 at 10 a.m." in printed and "Tuesday 29 January 2019 at 10 a.m." in printed
    assert "4 December 2018" not in printed and "12 March 2019" not in printed
    # An officer's print lists the draft meeting too: the schedule follows the visibility rule.
    ctx = terms_and_work_programme_print_context(committee, officer_user, on=datetime.date(2018, 10, 1))
    assert "Tuesday 12 March 2019" in render_to_string("meetings/print/terms_and_work_programme.html", ctx)


def test_the_pack_prints_the_terms_from_the_records_from_its_meeting_on(subgroup):
    committee, october = subgroup
    AgendaItemFactory(
        meeting=october,
        number=1,
        title="Terms of Reference and Work Programme",
        kind=AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME,
    )
    from meetings.packs.cache import read

    data = read(api.pack_for(october, AnonymousUser()).path)
    pack = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert "Councillors Lovecy (Chair) and Stone" in pack and "Coxwell" not in pack
    assert "Rachel McKeon - Scrutiny Support Officer" in pack
    assert "Tuesday 2 October 2018 at 10 a.m." in pack and "Tuesday 29 January 2019 at 10 a.m." in pack


def test_a_membership_ended_before_the_year_is_not_listed_and_one_in_it_is(client, subgroup):
    committee, _ = subgroup
    newcomer = PersonFactory(first_name="", last_name="Newcomerby")
    MembershipFactory(committee=committee, person=newcomer, start=datetime.date(2018, 9, 1))
    earlier = PersonFactory(first_name="", last_name="Earlierton")
    MembershipFactory(
        committee=committee, person=earlier, start=datetime.date(2016, 5, 1), end=datetime.date(2017, 4, 30)
    )
    terms = text_of(client.get(committee.get_absolute_url()).content.decode())
    assert "Newcomerby" in terms and "Earlierton" not in terms and "Coxwell" not in terms


def test_changing_the_contact_officer_changes_the_terms(client, subgroup):
    committee, _ = subgroup
    committee.contact_officer = PersonFactory(
        kind="officer", title="", first_name="Lee", last_name="Walker", job_title="Scrutiny Support Officer"
    )
    committee.save()
    page = text_of(client.get(committee.get_absolute_url()).content.decode())
    assert "Lee Walker</a> – Scrutiny Support Officer" in page and "Rachel McKeon" not in page
    ctx = terms_and_work_programme_print_context(committee, AnonymousUser(), on=datetime.date(2018, 10, 1))
    printed = render_to_string("meetings/print/terms_and_work_programme.html", ctx)
    assert "Lee Walker - Scrutiny Support Officer" in printed and "Rachel McKeon" not in printed


def test_the_prose_is_written_in_one_place(admin_client, client, subgroup):
    committee, _ = subgroup
    # The committee holds no terms of its own, and the terms no retyped records.
    assert "terms_of_reference" not in {f.name for f in Committee._meta.get_fields()}
    fields = {f.name for f in TermsOfReference._meta.get_fields()}
    assert not fields & {"membership", "contact_officer", "schedule_of_meetings"}
    committee_form = admin_client.get(reverse("admin:meetings_committee_change", args=[committee.pk])).content.decode()
    assert 'name="terms_of_reference"' not in committee_form and 'name="operation"' not in committee_form
    terms = TermsOfReference.objects.get(committee=committee)
    url = reverse("admin:meetings_termsofreference_change", args=[terms.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="operation"' in form and 'name="rationale_points"' in form
    for retyped in ("membership", "contact_officer", "schedule_of_meetings"):
        assert f'name="{retyped}"' not in form
    assert "Councillors Lovecy (Chair) and Stone" in form  # shown from the records, read-only
    response = admin_client.post(
        url,
        {
            "committee": committee.pk,
            "municipal_year": 2018,
            "title": "Ofsted Subgroup",
            "lead_executive_members": "",
            "strategic_directors": "",
            "lead_officers": "",
            "rationale_intro": "This Subgroup has been established to:",
            "rationale_points": "consider inspection reports",
            "operation": "This Subgroup will meet monthly.",
            "access_to_information": "",
        },
    )
    assert response.status_code == 302
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "This Subgroup will meet monthly." in page and "meet periodically" not in page


def test_free_text_terms_become_the_committees_terms_when_migrated(transactional_db):
    """The migration moves Committee.terms_of_reference (shown while a committee had no terms) into
    terms of reference for the current municipal year, and a contact officer typed in the terms
    to the committee."""
    executor = MigrationExecutor(connection)
    executor.migrate([("meetings", "0020_minute_publicity")])
    apps = executor.loader.project_state([("meetings", "0020_minute_publicity")]).apps
    OldCommittee = apps.get_model("meetings", "Committee")
    OldPerson = apps.get_model("meetings", "Person")
    OldTerms = apps.get_model("meetings", "TermsOfReference")
    free = OldCommittee.objects.create(
        name="Economy Scrutiny Committee",
        slug="economy",
        short_code="ECO",
        terms_of_reference="This Committee has been established to:\n- scrutinise growth\n- scrutinise skills\n\n"
        "It meets monthly.",
    )
    officer = OldPerson.objects.create(kind="officer", first_name="Rachel", last_name="McKeon", slug="rachel-mckeon")
    structured = OldCommittee.objects.create(name="Ofsted Subgroup", slug="osg", short_code="OSG")
    OldTerms.objects.create(
        committee=structured, municipal_year=2018, title="Ofsted Subgroup", contact_officer="Rachel McKeon - Scrutiny"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    terms = TermsOfReference.objects.get(committee_id=free.pk)
    today = timezone.localdate()
    assert terms.municipal_year == (today.year if today.month >= 5 else today.year - 1)
    assert terms.rationale_intro == "This Committee has been established to:"
    assert terms.rationale_list() == ["scrutinise growth", "scrutinise skills"]
    assert terms.operation == "It meets monthly."
    assert Committee.objects.get(pk=structured.pk).contact_officer_id == officer.pk


def test_the_split_of_free_text_keeps_every_line():
    split = importlib.import_module("meetings.migrations.0021_committee_names").split_terms_text
    assert split("Scrutinises schools.") == ("Scrutinises schools.", [], "")
    assert split("To:\n• one\n• two\nThen.") == ("To:", ["one", "two"], "Then.")


def test_the_demo_terms_for_october_2018_match_the_published_ones(db):
    """The 2 October 2018 pack's terms as published (agenda-pack-2018-10-02.txt), from the records:
    Ms Neall, who left in June 2018, and the 2014/15 members are not listed; the schedule runs
    from that meeting. One demo load for this module."""
    call_command("load_demo", stdout=io.StringIO())
    subgroup = Committee.objects.get(slug="ofsted-subgroup")
    october = Meeting.objects.get(committee=subgroup, start__date=datetime.date(2018, 10, 2))
    ctx = terms_and_work_programme_print_context(
        subgroup, AnonymousUser(), on=datetime.date(2018, 10, 2), from_meeting=october
    )
    terms = ctx["terms"]
    assert terms.councillors == "Alijah, Collins, Hewitson, T Judge, Lovecy (Chair) and Stone"
    assert terms.co_opted == (
        "Mrs B Kellner (Representative of the Diocese of Manchester) and "
        "Mr R Lammas (Primary sector teacher representative)"
    )
    assert terms.contact_officer_line == "Rachel McKeon - Scrutiny Support Officer"
    assert [timezone.localtime(m.start).date().isoformat() for m in terms.schedule] == [
        "2018-10-02",
        "2019-01-29",
        "2019-03-12",
    ]
