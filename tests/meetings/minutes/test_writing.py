"""Write the minutes: every minute of a meeting on one admin page, with its decisions; one Save
saves them all through the services, or nothing; approved minutes are shown, not edited, and no
raw HTML is shown anywhere in the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Decision, Minute
from meetings.roles import COMMITTEE_OFFICERS
from tests.admin_forms import _field_data
from tests.browser import artifacts_dir, axe_violations, describe, sign_in
from tests.factories import UserFactory

from ..builders import make_minute, past_meeting
from ..factories import AgendaItemFactory, MeetingFactory


def page_url(meeting) -> str:
    return reverse("admin:meetings_meeting_minutes", args=[meeting.pk])


def page_data(response) -> dict:
    """The page's form as rendered, as a browser would send it back."""
    data = {}
    for block in response.context["blocks"]:
        if block.form is None:
            continue
        for form in (block.form, block.decisions.management_form, *block.decisions.forms):
            for name, field in form.fields.items():
                data.update(_field_data(form, name, field))
    return data


def texts(minute) -> list[tuple[int, str]]:
    return list(Decision.objects.filter(minute=minute).order_by("number").values_list("number", "text"))


@pytest.fixture
def meeting(db):
    """A meeting of three agenda items; items 2 and 1 minuted (in that order), item 3 not yet."""
    meeting = past_meeting()
    items = [AgendaItemFactory(meeting=meeting, number=n, title=f"Agenda item {n}") for n in (1, 2, 3)]
    second = make_minute(meeting, title="Daycare Providers", item=items[1], narrative="<p>Daycare discussed.</p>")
    first = make_minute(meeting, title="Apologies", item=items[0], narrative="<p>Apologies received.</p>")
    for text in ("To visit a setting.", "To write to the nurseries.", "To note the report."):
        services.decision_create(minute=second, text=text)
    services.decision_create(minute=first, text="To note the apologies.", kind="noted")
    meeting.first, meeting.second = first, second
    return meeting


def test_the_page_lists_the_minutes_in_agenda_order_with_their_decisions(officer_client, meeting):
    page = officer_client.get(page_url(meeting))
    assert page.status_code == 200
    text = page.text
    # Agenda order (item 1 first), though item 2 was minuted first.
    assert text.index("Apologies") < text.index("Daycare Providers") < text.index("A new minute")
    for decision in ("To note the apologies.", "To visit a setting.", "To write to the nurseries."):
        assert decision in text
    # Each narrative in the rich-text editor, several on one page, each named for its minute.
    assert text.count("data-django-prose-editor-configurable") >= 2
    assert f'Narrative<span class="scrutiny-visually-hidden"> – {meeting.first.reference} Apologies' in text
    # The item not yet minuted is offered, with the button that minutes it.
    assert "Agenda item 3" in text and "_create_from_agenda" in text
    # The way back to the meeting and on to the minutes as a whole.
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in text
    assert reverse("admin:meetings_meetingminutes_change", args=[meeting.minutes.pk]) in text


def test_the_minutes_page_and_list_link_to_it_instead_of_naming_an_action(officer_client, meeting):
    minutes_page = officer_client.get(reverse("admin:meetings_meetingminutes_change", args=[meeting.minutes.pk]))
    assert page_url(meeting) in minutes_page.text
    assert "use the action" not in minutes_page.text
    assert page_url(meeting) in officer_client.get(reverse("admin:meetings_meetingminutes_changelist")).text


def test_one_save_edits_several_minutes_and_decisions(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    first, second = f"minute-{meeting.first.pk}", f"minute-{meeting.second.pk}"
    data[f"{first}-title"] = "Apologies for absence"
    data[f"{first}-narrative"] = "<p>Apologies were <strong>received</strong>.</p><script>alert(1)</script>"
    data[f"{second}-narrative"] = "<p>The Subgroup discussed daycare.</p>"
    data[f"{second}-decisions-0-text"] = "To visit two settings."
    data[f"{second}-decisions-1-kind"] = "request"
    data[f"{first}-decisions-1-text"] = "To thank the Chair."  # the empty row: a new decision
    response = officer_client.post(page_url(meeting), data)
    assert response.status_code == 302, response.context["error_summary"]
    meeting.first.refresh_from_db()
    meeting.second.refresh_from_db()
    assert meeting.first.title == "Apologies for absence"
    assert meeting.first.narrative == "<p>Apologies were <strong>received</strong>.</p>"  # sanitised
    assert meeting.second.narrative == "<p>The Subgroup discussed daycare.</p>"
    assert texts(meeting.second)[0] == (1, "To visit two settings.")
    assert meeting.second.decisions.get(number=2).kind == "request"
    assert texts(meeting.first) == [(1, "To note the apologies."), (2, "To thank the Chair.")]
    assert "Saved the minutes" in officer_client.get(response.url).text


def test_saving_the_page_unchanged_changes_nothing(officer_client, meeting):
    before = {m.pk: m.updated_at for m in Minute.objects.all()}
    assert officer_client.post(page_url(meeting), page_data(officer_client.get(page_url(meeting)))).status_code == 302
    assert {m.pk: m.updated_at for m in Minute.objects.all()} == before
    assert Minute.objects.count() == 2  # the empty new minute is not added


def test_a_blank_decision_number_gets_the_next_number(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    second = f"minute-{meeting.second.pk}-decisions"
    assert data.get(f"{second}-3-number", "") == ""  # the empty row, its number blank
    data[f"{second}-3-text"] = "To ask for a further report."
    assert officer_client.post(page_url(meeting), data).status_code == 302
    assert texts(meeting.second)[-1] == (4, "To ask for a further report.")


def test_removing_decision_2_of_3_renumbers_the_third(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    data[f"minute-{meeting.second.pk}-decisions-1-DELETE"] = "on"
    assert officer_client.post(page_url(meeting), data).status_code == 302
    assert texts(meeting.second) == [(1, "To visit a setting."), (2, "To note the report.")]


def test_a_number_typed_moves_the_decision(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    rows = f"minute-{meeting.second.pk}-decisions"
    data[f"{rows}-2-number"] = "1"
    data[f"{rows}-3-text"] = "A new second decision."
    data[f"{rows}-3-number"] = "2"
    assert officer_client.post(page_url(meeting), data).status_code == 302
    assert texts(meeting.second) == [
        (1, "To note the report."),
        (2, "A new second decision."),
        (3, "To visit a setting."),
        (4, "To write to the nurseries."),
    ]


def test_a_new_minute_with_its_decisions(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    data["minute-new-title"] = "Urgent business"
    data["minute-new-narrative"] = "<p>None.</p>"
    data["minute-new-decisions-0-text"] = "To note that there was none."
    data["minute-new-decisions-0-kind"] = "noted"
    assert officer_client.post(page_url(meeting), data).status_code == 302
    added = Minute.objects.get(title="Urgent business")
    assert added.meeting == meeting and added.item is None
    assert texts(added) == [(1, "To note that there was none.")]


def test_an_error_in_one_minute_saves_nothing_and_names_the_minute_and_field(officer_client, meeting):
    data = page_data(officer_client.get(page_url(meeting)))
    first, second = f"minute-{meeting.first.pk}", f"minute-{meeting.second.pk}"
    data[f"{first}-narrative"] = "<p>Changed, but not saved.</p>"
    data[f"{second}-decisions-0-DELETE"] = "on"
    data[f"{second}-title"] = ""  # the mistake
    data[f"{second}-decisions-1-text"] = ""  # and another
    response = officer_client.post(page_url(meeting), data)
    assert response.status_code == 200
    summary = [message for message, _ in response.context["error_summary"]]
    name = f"{meeting.second.reference} Daycare Providers"
    assert f"{name} – Title: This field is required." in summary
    assert any(m.startswith(f"{name} – Decision 2 – Decision: Write the decision") for m in summary)
    assert "Nothing was saved" in response.text
    # Each message next to its field: the title's error in the title's row.
    row = response.text.split('class="form-row errors field-title"', 1)[1].split("</div>", 1)[0]
    assert "This field is required." in row
    # What was typed is kept on the page; nothing reached the database.
    assert "Changed, but not saved." in response.text
    meeting.first.refresh_from_db()
    assert meeting.first.narrative == "<p>Apologies received.</p>"
    assert len(texts(meeting.second)) == 3


def test_a_refusal_of_a_service_saves_nothing_and_is_shown_on_its_row(officer_client, meeting):
    """A tracked decision with an owner cannot become procedural: the service says why."""
    decision = meeting.second.decisions.get(number=1)
    services.decision_update_tracker(decision=decision, owner="Scrutiny Support Officer")
    data = page_data(officer_client.get(page_url(meeting)))
    first, second = f"minute-{meeting.first.pk}", f"minute-{meeting.second.pk}"
    data[f"{first}-title"] = "Renamed, but not saved"
    data[f"{second}-decisions-0-kind"] = "noted"
    response = officer_client.post(page_url(meeting), data)
    assert response.status_code == 200
    summary = " ".join(message for message, _ in response.context["error_summary"])
    assert (
        f"{meeting.second.reference} Daycare Providers – Decision 1: Owner (on its own page): A procedural decision"
        in summary
    )
    meeting.first.refresh_from_db()
    assert meeting.first.title == "Apologies"
    assert meeting.second.decisions.get(number=1).kind == "decision"


def test_a_minute_for_every_agenda_item_not_yet_minuted(officer_client, meeting):
    response = officer_client.post(page_url(meeting), {"_create_from_agenda": "1"})
    assert response.status_code == 302
    minuted = meeting.minute_set.exclude(item=None).order_by("item__number")
    assert list(minuted.values_list("item__number", flat=True)) == [1, 2, 3]
    page = officer_client.get(page_url(meeting))
    assert "Added 1 minute(s)" in page.text and "Agenda items not minuted yet" not in page.text


@pytest.fixture
def approved(meeting):
    minute = meeting.second
    minute.narrative = "<p>Approved <em>text</em>.</p>"
    minute.save()
    later = MeetingFactory(committee=meeting.committee, start=timezone.now() - datetime.timedelta(days=1))
    services.minutes_publish(minutes=meeting.minutes)
    services.minutes_approve(minutes=meeting.minutes, at=later)
    return meeting


def test_approved_minutes_are_read_only_and_show_no_raw_html(officer_client, approved):
    page = officer_client.get(page_url(approved))
    assert page.status_code == 200
    assert "approved as a correct record" in page.text
    assert "<p>Approved <em>text</em>.</p>" in page.text  # rendered, sanitised
    assert "&lt;p&gt;" not in page.text and "&lt;em&gt;" not in page.text
    assert "To write to the nurseries." in page.text
    assert 'name="_save"' not in page.text and "<textarea" not in page.text
    # Nor can it be saved by posting anyway (say, from a page loaded before the approval).
    data = {f"minute-{approved.second.pk}-title": "Reworded", f"minute-{approved.second.pk}-decisions-TOTAL_FORMS": "0"}
    response = officer_client.post(page_url(approved), data, follow=True)
    assert "nothing was saved" in response.text
    approved.second.refresh_from_db()
    assert approved.second.title == "Daycare Providers"


def test_the_minute_admin_and_its_history_show_approved_rich_text_as_html(officer_client, approved):
    minute = approved.second
    page = officer_client.get(reverse("admin:meetings_minute_change", args=[minute.pk]))
    assert "<p>Approved <em>text</em>.</p>" in page.text
    assert "&lt;p&gt;" not in page.text
    version = Minute.history.filter(id=minute.pk).latest("history_date")
    history = officer_client.get(reverse("admin:meetings_historicalminute_change", args=[version.pk]))
    assert history.status_code == 200
    assert "<p>Approved <em>text</em>.</p>" in history.text and "&lt;p&gt;" not in history.text
    # The minute's history page: each change of its narrative as plain text.
    changes = officer_client.get(reverse("admin:meetings_minute_history", args=[minute.pk])).text
    assert "Daycare discussed." in changes and "Approved text." in changes
    assert "&lt;p&gt;" not in changes and "&lt;em&gt;" not in changes


def test_someone_who_may_only_read_meetings_reads_the_minutes(client, meeting):
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["view_meeting", "view_minute"]))
    client.force_login(reader)
    page = client.get(page_url(meeting))
    assert page.status_code == 200
    assert "<p>Daycare discussed.</p>" in page.text and "&lt;p&gt;" not in page.text
    assert "<textarea" not in page.text and 'name="_save"' not in page.text
    assert client.post(page_url(meeting), {f"minute-{meeting.first.pk}-title": "X"}).status_code == 403


def test_the_page_costs_the_same_queries_however_many_minutes(officer_client, meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        assert officer_client.get(page_url(meeting)).status_code == 200
    for n in range(8):
        minute = make_minute(meeting, title=f"Extra minute {n}", narrative="<p>Text.</p>")
        for k in range(3):
            services.decision_create(minute=minute, text=f"Decision {n}.{k}")
    with django_assert_max_num_queries(20):
        assert officer_client.get(page_url(meeting)).status_code == 200


def test_a_meeting_that_does_not_exist_is_404(officer_client, db):
    assert officer_client.get(reverse("admin:meetings_meeting_minutes", args=[999999])).status_code == 404


def test_someone_not_on_the_staff_is_refused(councillor_client, meeting):
    url = page_url(meeting)
    response = councillor_client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    response = councillor_client.post(url, {f"minute-{meeting.first.pk}-title": "Hacked"})
    assert response.status_code == 302
    meeting.first.refresh_from_db()
    assert meeting.first.title == "Apologies"


def test_staff_without_permission_to_see_meetings_find_nothing(client, meeting):
    client.force_login(UserFactory(username="staff-only", is_staff=True))
    assert client.get(page_url(meeting)).status_code == 404


# In a browser: the editor is there to write in, its toolbar shows icons, and nothing serious
# for axe-core, at desktop and phone widths.


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_a_browser(live_server, browser_page):
    meeting = past_meeting()
    items = [AgendaItemFactory(meeting=meeting, number=n, title=f"Item {n}") for n in (1, 2)]
    first = make_minute(meeting, title="Apologies", item=items[0], narrative="<p>Apologies received.</p>")
    make_minute(meeting, title="Daycare Providers", item=items[1], narrative="<p>Discussed.</p>")
    services.decision_create(minute=first, text="To note the apologies.", kind="noted")
    officer = UserFactory(username="clerk", is_staff=True)
    officer.groups.add(Group.objects.get(name=COMMITTEE_OFFICERS))
    page = browser_page
    sign_in(page, live_server, officer)
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(live_server.url + page_url(meeting)).status == 200
        page.wait_for_selector(".ProseMirror[contenteditable]")
        page.evaluate("document.fonts.ready")
        editors = page.evaluate(
            """() => [...document.querySelectorAll('.prose-editor .ProseMirror[contenteditable]')].map(e => ({
                height: e.getBoundingClientRect().height,
                lineHeight: parseFloat(getComputedStyle(e.querySelector('p') || e).lineHeight) || 20,
                name: (e.getAttribute('aria-labelledby') || '').split(' ').map(
                    id => (document.getElementById(id) || {}).textContent || '').join(' ').trim(),
            }))"""
        )
        assert len(editors) >= 4, editors  # narrative and annex of two minutes, and the new one's
        for editor in editors:
            assert editor["height"] > 3 * editor["lineHeight"], editors  # several lines, not one
            assert editor["name"].startswith(("Narrative", "Exempt annex")), editors
        assert len({editor["name"] for editor in editors}) == len(editors), "each editor named for its minute"
        icons = page.evaluate(
            """() => ({
                loaded: document.fonts.check('24px "Material Icons"')
                    && [...document.fonts].some(f => f.family.includes('Material Icons') && f.status === 'loaded'),
                widths: [...document.querySelectorAll('.prose-menubar__button.material-icons')]
                    .filter(b => b.offsetParent !== null).map(b => [b.textContent, b.getBoundingClientRect().width]),
                arrow: getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content,
            })"""
        )
        assert icons["loaded"], "the toolbar's icon font did not load"
        # A ligature drawn as an icon is one glyph wide; as text ("format_list_bulleted") it is many.
        assert icons["widths"] and all(w < 40 for _, w in icons["widths"]), icons["widths"]
        assert "⏷" not in icons["arrow"], "the heading picker's arrow is a character most fonts lack"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('.scrutiny-minute')].flatMap(section => {
                const edge = section.getBoundingClientRect().right;
                return [...section.querySelectorAll('input:not([type=hidden]), select, textarea:not([hidden]), .prose-editor')]
                    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > edge + 1).map(e => e.id || e.className);
            })"""
        )
        assert not clipped, f"fields wider than their minute at {width}px: {clipped}"
        page.screenshot(path=str(artifacts_dir() / f"admin-write-minutes-{width}.png"), full_page=True)
        violations = [v for v in axe_violations(page) if v["impact"] in {"critical", "serious"}]
        if violations:
            found.append(f"at {width}px:\n{describe(violations)}")
    assert not found, "\n\n".join(found)
    # "Add a decision" adds a row to its minute.
    rows = page.locator(f"#minute-{first.pk}-decisions .scrutiny-decision")
    before = rows.count()
    page.get_by_role("button", name=f"Add a decision – {first.reference} Apologies").click()
    assert rows.count() == before + 1
