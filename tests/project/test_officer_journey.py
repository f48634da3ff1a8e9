"""A committee officer's whole meeting cycle, in the admin, in a real browser, counted in page loads.

Issue 13 found that one cycle (a new committee; a meeting of six items with an uploaded report, a
report written in the admin and an exempt paper; its agenda issued; attendance; six minutes with
nine decisions; the minutes published as draft and approved at the next meeting) took 88 page
loads. This test drives the same journey as an officer in the "Committee officers" group, counts
every page the browser loads (a form posted and redirected is one load), and fails above 35. It
checks the result the way the officer would rely on it: through the records it leaves.

The people are already the council's records (councillors, a co-optee, an officer): they are
made with factories. Everything else is made in the browser. A cycle spans weeks: the server's
clock is moved between the days of the cycle (agenda issued three weeks ahead, the meeting, the
next meeting four weeks later); nothing else is done outside the browser.

Screenshots of each main step are kept in test-artifacts/screenshots/officer-guide/; with
UPDATE_OFFICER_GUIDE=1 they are also written to docs/officer-guide/, where the README's officer
guide shows them (the server's clock is fixed on the same days each run, so they change only when
the pages do).
"""

import datetime
import io
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from meetings.committees.models import Committee, Membership, Person
from meetings.minutes.models import Attendance, Decision, MeetingMinutes
from meetings.models import AgendaItem, Meeting, Paper
from meetings.packs import render
from meetings.roles import COMMITTEE_OFFICERS
from tests.browser import artifacts_dir, sign_in
from tests.factories import UserFactory
from tests.meetings.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The most page loads the whole cycle may take (issue 13: it took 88).
BUDGET = 35

LONDON = ZoneInfo("Europe/London")
#: The days of the cycle: the agenda is prepared and issued three weeks ahead of the meeting.
PREPARED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday
MEETING = datetime.datetime(2026, 3, 24, 10, 0, tzinfo=LONDON)
AFTER_MEETING = MEETING + datetime.timedelta(hours=4)
NEXT_MEETING = MEETING + datetime.timedelta(weeks=4)  # "Create next meeting" proposes four weeks on
AFTER_NEXT_MEETING = NEXT_MEETING + datetime.timedelta(hours=3)

COMMITTEE = "Children's Services Scrutiny Committee"
DIOCESE = "Church of England Diocese of Manchester"

#: The six items: (kind, title, report of, purpose, standing, exempt paragraph).
ITEMS = [
    (
        "minutes",
        "Minutes of the previous meeting",
        "",
        "To approve as a correct record the minutes of the meeting held on 3 February 2026.",
        True,
        None,
    ),
    (
        "report",
        "Children's Residential Care: Ofsted Outcomes",
        "Strategic Director of Children's Services",
        "To consider the outcomes of the Ofsted inspections of the council's children's homes.",
        False,
        None,
    ),
    (
        "report",
        "Early Help Strategy Refresh",
        "Director of Education",
        "To comment on the refreshed Early Help Strategy before it goes to the Executive.",
        False,
        None,
    ),
    (
        "terms_work_programme",
        "Terms of Reference and Work Programme",
        "Governance and Scrutiny Support Unit",
        "To note the committee's terms of reference and agree its work programme.",
        True,
        None,
    ),
    (
        "exclusion",
        "Exclusion of the Public",
        "",
        "To exclude the public during the next item, which contains exempt information.",
        False,
        None,
    ),
    (
        "report",
        "Residential Care Provider Contract",
        "Strategic Director of Children's Services",
        "To consider the performance of the provider of two residential homes.",
        False,
        3,
    ),
]

#: The minutes: per item, the narrative and its decisions (kind, wording) — nine decisions.
MINUTES = [
    (
        "The minutes of the meeting held on 3 February 2026 were submitted.",
        [("procedural", "To approve as a correct record the minutes of the meeting held on 3 February 2026.")],
    ),
    (
        "The committee considered the report of the Strategic Director. Members asked about staffing "
        "at the two homes rated 'requires improvement'.",
        [
            ("noted", "To note the report."),
            ("request", "To ask for a report on staff retention in the children's homes to the July meeting."),
        ],
    ),
    (
        "The Director of Education introduced the refreshed strategy.",
        [
            ("recommendation", "To recommend that the Executive adds a target for early help in schools."),
            ("decision", "To form a task and finish group on early help, chaired by the Chair."),
        ],
    ),
    (
        "The committee reviewed its work programme.",
        [("decision", "To agree the work programme, with the items added at this meeting.")],
    ),
    (
        "",
        [
            (
                "procedural",
                "To exclude the public during the next item, which contains exempt information under "
                "paragraph 3 of Schedule 12A to the Local Government Act 1972.",
            )
        ],
    ),
    (
        "The committee considered the provider's performance in private.",
        [
            ("noted", "To note the report."),
            ("request", "To receive an update on the contract's improvement plan in six months."),
        ],
    ),
]


# --- the browser's page loads, and the guide's screenshots ------------------------------------


class Loads:
    """Every document the browser's main frame loads: a link followed, an address opened, a form
    posted (with the page it redirects to, which is the same load)."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("load", lambda p: self.urls.append(p.url))

    def __len__(self) -> int:
        return len(self.urls)


def guide_dirs() -> list[Path]:
    dirs = [artifacts_dir() / "officer-guide"]
    if os.environ.get("UPDATE_OFFICER_GUIDE"):
        dirs.append(Path(settings.BASE_DIR) / "docs" / "officer-guide")
    for path in dirs:
        path.mkdir(parents=True, exist_ok=True)
    return dirs


def shoot(page, name: str, *, at=None, above: int = 16) -> None:
    """A screenshot of the viewport (1280 × 800), the element `at` scrolled to `above` pixels
    from the top, saved as a 256-colour PNG (a few tens of kilobytes)."""
    from PIL import Image

    if at is not None:
        at.evaluate("(e, above) => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -above); }", above)
    else:
        page.evaluate("window.scrollTo(0, 0)")
    # The same picture each run: nothing focused, nothing under the pointer.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(1279, 799)
    page.evaluate("document.fonts.ready")
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    for folder in guide_dirs():
        image.save(folder / f"{name}.png", optimize=True)


# --- what an officer does with the admin's widgets ---------------------------------------------


def pick(page, select_id: str, text: str) -> None:
    """Choose in an autocomplete picker: open it, type, take the match."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator(".select2-container--open .select2-results__option", has_text=text).first.click()
    page.wait_for_selector(".select2-container--open", state="detached")


def navigates(page, action, timeout: float = 15_000) -> None:
    """Do `action` (a click that leaves the page) and wait for the next page to load."""
    with page.expect_navigation(wait_until="load", timeout=timeout):
        action()


def click(page, locator, timeout: float = 15_000) -> None:
    navigates(page, locator.click, timeout)


def item_block(page, number: int, title: str):
    return page.locator(".workspace-item", has=page.get_by_role("heading", name=f"{number}. {title}", exact=True))


def tagged_pdf(title: str, text: str) -> bytes:
    """A report as an officer saves it from Word: a tagged PDF with its title and language."""
    return render.html_to_pdf(
        f'<!doctype html><html lang="en-GB"><head><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    )


# --- the council's people, before the browser starts -----------------------------------------


def council_records() -> dict[str, Person]:
    councillor = {"kind": Person.Kind.COUNCILLOR, "title": "Councillor"}
    return {
        "chair": PersonFactory(first_name="Anne", last_name="Stonebridge", **councillor),
        "member1": PersonFactory(first_name="Omar", last_name="Hussaini", **councillor),
        "member2": PersonFactory(first_name="Beth", last_name="Kellaway", **councillor),
        "member3": PersonFactory(first_name="Tom", last_name="Reidford", **councillor),
        "coopted": PersonFactory(
            first_name="Joan", last_name="Porterfield", title="Mrs", kind=Person.Kind.CO_OPTED, party="", ward=""
        ),
        "substitute": PersonFactory(first_name="Lee", last_name="Grantham", **councillor),
        "officer": PersonFactory(
            first_name="Rachel",
            last_name="Owensby",
            title="",
            kind=Person.Kind.OFFICER,
            party="",
            ward="",
            job_title="Scrutiny Support Officer",
        ),
    }


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, set to a moment of the cycle (time runs on from there)."""
    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta(0)

        def set(self, when: datetime.datetime) -> None:
            self.offset = when - real_now()

    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    return moved


@pytest.fixture
def officer_page(browser_page):
    """A page of its own browser context: the guide's size (1280 × 800) and an English (UK)
    browser, whose date boxes read day/month/year."""
    context = browser_page.context.browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB", timezone_id="Europe/London"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_an_officer_runs_a_whole_meeting_cycle_in_at_most_35_page_loads(live_server, officer_page, clock, settings):
    settings.SESSION_COOKIE_AGE = 120 * 24 * 3600  # one sign-in for the whole cycle of weeks
    clock.set(PREPARED)
    people = council_records()
    officer = UserFactory(username="clerk", is_staff=True)
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    page = officer_page
    page.set_default_timeout(15_000)
    sign_in(page, live_server, officer)
    # The admin's navigation sidebar closed (as an officer may leave it): the guide's pictures
    # show the page itself.
    page.add_init_script("window.localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
    loads = Loads(page)
    site = live_server.url

    # 1. The committee, with its members, on one page. ----------------------------------------
    navigates(page, lambda: page.goto(f"{site}/admin/meetings/committee/add/"))
    page.locator("#id_name").fill(COMMITTEE)
    page.locator("#id_short_code").fill("CSSC")
    page.locator("#id_description").fill("Scrutinises children's social care, education and early help.")
    pick(page, "id_contact_officer", "Owensby")
    members = [
        ("chair", "Stonebridge", "chair", ""),
        ("member1", "Hussaini", "member", ""),
        ("member2", "Kellaway", "member", ""),
        ("member3", "Reidford", "member", ""),
        ("coopted", "Porterfield", "co_opted", DIOCESE),
        ("substitute", "Grantham", "substitute", ""),
    ]
    group = page.locator("#memberships-group")
    for n, (_, name, role, representing) in enumerate(members):
        if n:
            group.locator(".add-row a").click()
        pick(page, f"id_memberships-{n}-person", name)
        page.locator(f"#id_memberships-{n}-role").select_option(role)
        if representing:
            page.locator(f"#id_memberships-{n}-representing").fill(representing)
        page.locator(f"#id_memberships-{n}-start").fill("2025-05-20")
    shoot(page, "01-committee", at=group)
    click(page, page.locator("input[name=_save]"))
    committee = Committee.objects.get(name=COMMITTEE)
    assert committee.memberships.count() == 6, page.locator(".errornote, .errorlist").all_inner_texts()

    # 2. The meeting and its six items, on one page. -------------------------------------------
    navigates(page, lambda: page.goto(f"{site}/admin/meetings/meeting/add/"))
    pick(page, "id_committee", COMMITTEE)
    local = MEETING.astimezone(LONDON)
    page.locator("#id_start_0").fill(f"{local:%Y-%m-%d}")
    page.locator("#id_start_1").fill(f"{local:%H:%M}")
    page.locator("#id_end_0").fill(f"{local:%Y-%m-%d}")
    page.locator("#id_end_1").fill("12:00")
    page.locator("#id_venue").fill("Council Antechamber, Level 2, Town Hall Extension")
    items_group = page.locator("#items-group")
    for n, (kind, title, report_of, purpose, standing, paragraph) in enumerate(ITEMS):
        items_group.locator(".add-row a").click()
        page.locator(f"#id_items-{n}-number").fill(str(n + 1))
        page.locator(f"#id_items-{n}-kind").select_option(kind)
        page.locator(f"#id_items-{n}-title").fill(title)
        page.locator(f"#id_items-{n}-purpose").fill(purpose)
        if report_of:
            page.locator(f"#id_items-{n}-report_of").fill(report_of)
        if standing:
            page.locator(f"#id_items-{n}-standing").check()
        if paragraph:
            page.locator(f"#id_items-{n}-exempt").check()
            page.locator(f"#id_items-{n}-exempt_paragraph").select_option(str(paragraph))
    shoot(page, "02-meeting-and-items", at=page.locator("#items-5"))  # the exempt item, the last
    click(page, page.locator("input[name=_continue]"))
    meeting = Meeting.objects.get(committee=committee)
    assert meeting.items.count() == 6, page.locator(".errornote, .errorlist").all_inner_texts()
    # The meeting's page is the workspace: where it stands, and each item with its papers.
    assert page.locator("#workspace-agenda").get_by_text("Not issued yet").count() == 1
    shoot(page, "03-workspace")

    # 3. Papers: an uploaded report, a report written here, an exempt paper. ------------------
    item = item_block(page, 2, ITEMS[1][1])
    item.get_by_label("Title of the paper").fill("Ofsted Outcomes for the Council's Children's Homes")
    item.get_by_label("PDF file").set_input_files(
        {
            "name": "ofsted-outcomes.pdf",
            "mimeType": "application/pdf",
            "buffer": tagged_pdf("Ofsted Outcomes", "Four homes were inspected; two were judged good."),
        }
    )
    click(page, item.get_by_role("button", name=re.compile("Add the paper")))
    item = item_block(page, 2, ITEMS[1][1])
    assert item.locator(".workspace-paper").count() == 1
    shoot(page, "04-paper-added", at=item)

    click(page, item_block(page, 3, ITEMS[2][1]).get_by_role("link", name=re.compile("Write a report")))
    # The report form opens filled in from the item: subject, report of, report to.
    assert page.locator("#id_subject").input_value() == ITEMS[2][1]
    assert page.locator("#id_report_of").input_value() == ITEMS[2][2]
    page.locator("#id_summary").fill("The strategy is refreshed for 2026 to 2029 with three priorities.")
    page.locator("#id_recommendations").fill("The committee is asked to comment on the refreshed strategy.")
    page.locator("#id_sections-0-heading").fill("Introduction")
    page.locator("#id_sections-0-body").fill(
        "The Early Help Strategy was last refreshed in 2022.\n\nThis report sets out what has changed."
    )
    shoot(page, "05-write-a-report")
    click(page, page.locator("input[name=_save]"))
    assert item_block(page, 3, ITEMS[2][1]).get_by_text("Officer report written here").count() == 1

    item = item_block(page, 6, ITEMS[5][1])
    item.get_by_label("Title of the paper").fill("Provider Contract Performance")
    item.get_by_label("PDF file").set_input_files(
        {
            "name": "provider-contract.pdf",
            "mimeType": "application/pdf",
            "buffer": tagged_pdf("Provider Contract Performance", "Commercially sensitive figures."),
        }
    )
    click(page, item.get_by_role("button", name=re.compile("Add the paper")))

    # 4. Issue the agenda. ---------------------------------------------------------------------
    click(page, page.locator("#workspace-agenda").get_by_role("link", name="Issue the agenda"))
    shoot(page, "06-issue-the-agenda")
    assert page.get_by_label("Date of issue").input_value() == f"{PREPARED:%Y-%m-%d}"  # today, filled in
    click(page, page.get_by_role("button", name="Issue the agenda"), timeout=90_000)
    assert page.locator("#workspace-agenda").get_by_text("Issued on 2 March 2026").count() == 1

    # 5. The day of the meeting: attendance. ----------------------------------------------------
    clock.set(AFTER_MEETING)
    record_attendance(page, people)

    # 6. The minutes, all on one page. ----------------------------------------------------------
    click(page, page.locator("#workspace-minutes").get_by_role("link", name="Write the minutes"))
    click(page, page.get_by_role("button", name="Add a minute for each of them"))
    sections = page.locator("section.scrutiny-minute")
    assert sections.count() == 7  # six minutes and the empty "new minute"
    for n, (narrative, decisions) in enumerate(MINUTES):
        section = sections.nth(n)
        if narrative:
            section.locator(".ProseMirror[contenteditable=true]").first.click()
            page.keyboard.type(narrative)
        for d, (kind, text) in enumerate(decisions):
            if d:
                section.get_by_role("button", name=re.compile("Add a decision")).click()
            row = section.locator(".scrutiny-decision").nth(d)
            row.locator("select").select_option(kind)
            row.locator("textarea").fill(text)
    click(page, page.locator("#minutes-form input[name=_save]"))
    assert page.locator(".errornote").count() == 0, page.locator(".errornote").inner_text()
    # Saved: each minute's decisions numbered 1, 2, … on their own.
    second = page.locator("section.scrutiny-minute").nth(1)
    assert [second.locator(".scrutiny-decision__number").nth(d).input_value() for d in (0, 1)] == ["1", "2"]
    shoot(page, "08-write-the-minutes", at=second.locator(".scrutiny-decisions"), above=330)
    click(page, page.get_by_role("link", name="Back to the meeting"))

    # 7. Publish the minutes as draft. -----------------------------------------------------------
    click(page, page.locator("#workspace-minutes").get_by_role("link", name="Publish as draft"))
    shoot(page, "09-publish-the-minutes")
    click(page, page.get_by_role("button", name="Publish the minutes as draft"))
    assert page.locator("#workspace-minutes").get_by_text("Published as draft").count() == 1

    # 8. The next meeting, from this one's page: four weeks on, its standing items copied. -------
    click(page, page.locator("#workspace-next-meeting").get_by_role("link", name="Create the next meeting"))
    assert page.get_by_label("Date").input_value() == f"{NEXT_MEETING:%Y-%m-%d}"
    assert page.get_by_label("Start time").input_value() == f"{NEXT_MEETING:%H:%M}"
    shoot(page, "10-create-the-next-meeting")
    click(page, page.get_by_role("button", name="Create the next meeting"))
    following = Meeting.objects.exclude(pk=meeting.pk).get(committee=committee)
    assert following.start == NEXT_MEETING
    assert page.url.startswith(f"{site}/admin/meetings/meeting/{following.pk}/change/")

    # 9. At the next meeting, the minutes are approved as a correct record. ---------------------
    clock.set(AFTER_NEXT_MEETING)
    navigates(page, lambda: page.goto(f"{site}/admin/meetings/meeting/{meeting.pk}/change/"))
    click(page, page.locator("#workspace-minutes").get_by_role("link", name="Approve as a correct record"))
    page.get_by_label("Approved at the meeting of").select_option(str(following.pk))
    shoot(page, "11-approve-the-minutes")
    click(page, page.get_by_role("button", name="Approve as a correct record"))
    status = page.locator("#workspace-minutes")
    assert status.get_by_text("Approved as a correct record at the meeting of").count() == 1
    shoot(page, "12-minutes-approved")

    # The whole cycle, in page loads. -----------------------------------------------------------
    assert len(loads) <= BUDGET, f"{len(loads)} page loads (at most {BUDGET}):\n" + "\n".join(loads.urls)
    print(f"\nThe officer's meeting cycle took {len(loads)} page loads.")

    # What the cycle leaves behind. -------------------------------------------------------------
    roles = {m.person_id: (m.role, m.representing) for m in Membership.objects.filter(committee=committee)}
    assert roles[people["chair"].pk] == ("chair", "")
    assert roles[people["coopted"].pk] == ("co_opted", DIOCESE)
    assert roles[people["substitute"].pk] == ("substitute", "")
    assert committee.contact_officer == people["officer"]

    meeting.refresh_from_db()
    items = list(meeting.items.order_by("number"))
    assert [(i.kind, i.title, i.standing, i.exempt) for i in items] == [
        (kind, title, standing, paragraph is not None) for kind, title, _, _, standing, paragraph in ITEMS
    ]
    assert meeting.agenda_issued_on == PREPARED.date()
    assert meeting.despatches.filter(number=0, issued_on=PREPARED.date()).exists()
    papers = {p.item.number: p for p in Paper.objects.filter(item__meeting=meeting).select_related("item")}
    assert sorted(papers) == [2, 3, 6]
    assert papers[2].file and papers[2].report_id is None and papers[2].tagged
    assert papers[3].report is not None and papers[3].report.sections.count() == 1
    assert papers[6].is_exempt and not papers[2].is_exempt
    # Everything in the issued agenda, and nothing waiting for a supplement.
    issued = {row["title"] for row in meeting.despatches.get(number=0).manifest["papers"]}
    assert issued == {p.title for p in papers.values()}

    attendance = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert attendance[people["chair"].pk].in_the_chair
    assert attendance[people["member3"].pk].status == Attendance.Status.APOLOGIES
    substitute = attendance[people["substitute"].pk]
    assert (substitute.status, substitute.substitute_for_id) == (Attendance.Status.SUBSTITUTE, people["member3"].pk)
    assert attendance[people["coopted"].pk].capacity == DIOCESE  # from the membership, not retyped
    assert attendance[people["officer"].pk].status == Attendance.Status.IN_ATTENDANCE
    assert attendance[people["officer"].pk].capacity == "Scrutiny Support Officer"  # from their post
    for key in ("chair", "member1", "member2", "coopted"):
        assert attendance[people[key].pk].status == Attendance.Status.PRESENT, key
    assert meeting.status == Meeting.Status.HELD

    minutes = MeetingMinutes.objects.get(meeting=meeting)
    assert minutes.status == MeetingMinutes.Status.APPROVED
    assert minutes.approved_at == following
    assert minutes.published_on == AFTER_MEETING.date()
    written = list(meeting.minute_set.order_by("item__number").prefetch_related("decisions"))
    assert [m.item.number for m in written] == [1, 2, 3, 4, 5, 6]
    assert [m.title for m in written] == [title for _, title, *_ in ITEMS]
    for minute, (narrative, decisions) in zip(written, MINUTES, strict=True):
        numbered = sorted(minute.decisions.all(), key=lambda d: d.number)
        assert [d.number for d in numbered] == list(range(1, len(decisions) + 1)), minute
        assert [(d.kind, d.text) for d in numbered] == decisions, minute
        assert narrative in minute.narrative
    assert Decision.objects.filter(minute__meeting=meeting).count() == 9
    assert written[5].is_exempt and not written[1].is_exempt
    # The next meeting carries the standing items.
    assert list(following.items.order_by("number").values_list("kind", flat=True)) == [
        AgendaItem.Kind.MINUTES,
        AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME,
    ]


def record_attendance(page, people: dict[str, Person]) -> None:
    """The roll call: everyone marked present at once (the Chair in the Chair, the co-optee with
    what they represent), then the exceptions on the same page: one member's apologies with the
    substitute who came in their place, and the committee's officer also in attendance, their
    capacity filled in from their post."""
    click(page, page.locator("#workspace-attendance").get_by_role("link", name="Record attendance"))
    click(page, page.get_by_role("button", name="Mark everyone present"))
    absent, substitute = people["member3"], people["substitute"]
    page.locator(f"#id_member-{absent.pk}-status").select_option("apologies")
    page.locator(f"#id_member-{absent.pk}-substitute").select_option(label=substitute.full_name)
    pick(page, "id_new-1-person", "Owensby")
    click(page, page.get_by_role("button", name="Save attendance"))
    assert page.locator(".errornote").count() == 0, page.locator(".errornote").inner_text()
    shoot(page, "07-record-attendance")
    click(page, page.get_by_role("link", name="Back to the meeting"))
    assert page.locator("#workspace-attendance").get_by_text("Recorded for 7 people").count() == 1
