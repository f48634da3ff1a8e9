"""A minute is public or exempt in its own right (issue 13, point 4).

By default a minute is public or exempt as its agenda item. The minute of an item taken in
private may be published as a public summary (its narrative and decisions), the detail kept
exempt in its annex; the minute of a public item may be exempt. Every surface asks the one rule
(meetings/visibility.py): the minutes page, the decisions register, search, the API, OParl, the
feeds and the printed minutes.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from meetings import visibility
from meetings.minutes import services as ms
from meetings.minutes.models import Decision, Minute
from meetings.models import AgendaItem, Meeting
from tests.meetings.builders import make_minute, past_meeting
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory

pytestmark = pytest.mark.django_db

# Words planted in one place each: the public summary, its decision, its exempt annex, and the
# text and decision of an exempt minute of a public item.
SUMMARY_WORD = "Plumtreesummary"
SUMMARY_DECISION_WORD = "Plumtreedecision"
ANNEX_WORD = "Quagmireannexword"
PRIVATE_WORD = "Thistlewoodprivate"
PRIVATE_DECISION_WORD = "Thistlewooddecision"


@dataclass
class Summary:
    meeting: Meeting
    exempt_item: AgendaItem
    summary: Minute
    private: Minute


@pytest.fixture
def summary(db) -> Summary:
    """Published minutes of a past meeting: a public summary (with an exempt annex) of an item
    taken in private, and an exempt minute of a public item."""
    meeting = past_meeting(committee=CommitteeFactory(name="Ofsted Subgroup", slug="ofsted", short_code="OSG"))
    open_item = AgendaItemFactory(meeting=meeting, number=1, title="Ofsted inspections of schools")
    exempt_item = AgendaItemFactory(
        meeting=meeting, number=2, title="Action plan for a school", exempt=True, exempt_paragraph=3
    )
    summary = ms.minute_create(
        meeting=meeting,
        item=exempt_item,
        title=exempt_item.title,
        narrative=f"<p>The Subgroup considered the {SUMMARY_WORD} action plan.</p>",
        publicity="public",
        exempt_annex=f"<p>The {ANNEX_WORD} pupils named in the plan.</p><script>alert(1)</script>",
    )
    ms.decision_create(minute=summary, text=f"To recommend that {SUMMARY_DECISION_WORD} officers meet ward members.")
    private = ms.minute_create(
        meeting=meeting,
        item=open_item,
        title=open_item.title,
        narrative=f"<p>{PRIVATE_WORD} was discussed.</p>",
        publicity="exempt",
    )
    ms.decision_create(minute=private, text=f"To note the {PRIVATE_DECISION_WORD} findings.")
    ms.minutes_publish(minutes=meeting.minutes)
    return Summary(meeting=meeting, exempt_item=exempt_item, summary=summary, private=private)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _search_titles(browser, q) -> list[str]:
    response = browser.get("/search/", {"q": q})
    assert response.status_code == 200
    return [entry.title for entry in response.context["results"]]


def _oparl_item(browser, item) -> dict:
    response = browser.get(reverse("oparl:agendaitem", args=[item.pk]))
    assert response.status_code == 200
    return response.json()


def _surfaces(browser, s: Summary) -> dict[str, str]:
    """The text of every surface a reader sees these minutes on (search apart)."""
    return {
        "minutes page": browser.get(reverse("meetings:minutes", args=[s.meeting.pk])).text,
        "meeting page": browser.get(s.meeting.get_absolute_url()).text,
        "decisions register": browser.get(reverse("meetings:decisions-register")).text,
        "printed minutes": _pdf_text(browser.get(reverse("meetings:meeting-printed-minutes", args=[s.meeting.pk]))),
        "API minutes": browser.get("/api/minutes/", {"meeting": s.meeting.pk}).text,
        "API decisions": browser.get("/api/decisions/").text,
        "OParl agenda items": browser.get(reverse("oparl:agendaitem-list")).text,
        "OParl item": str(_oparl_item(browser, s.exempt_item)),
        "minutes feed": browser.get(reverse("meetings:feed-minutes")).text,
        "decisions feed": browser.get(reverse("meetings:feed-decisions")).text,
        "committee decisions feed": browser.get(reverse("meetings:committee-feed-decisions", args=["ofsted"])).text,
    }


# --- the rule ------------------------------------------------------------------------------------


def test_by_default_a_minute_follows_its_agenda_item(db):
    meeting = past_meeting()
    open_item = AgendaItemFactory(meeting=meeting, number=1)
    exempt_item = AgendaItemFactory(meeting=meeting, number=2, exempt=True, exempt_paragraph=3)
    of_open, of_exempt, of_none = (
        make_minute(meeting, item=open_item),
        make_minute(meeting, item=exempt_item),
        make_minute(meeting, title="Any other business"),
    )
    assert [m.publicity for m in (of_open, of_exempt, of_none)] == ["", "", ""]
    assert [m.is_exempt for m in (of_open, of_exempt, of_none)] == [False, True, False]
    # The queryset rule agrees with the one for a single minute.
    assert set(Minute.objects.filter(visibility.exempt_minute_q())) == {of_exempt}
    assert set(Minute.objects.filter(visibility.open_minute_q())) == {of_open, of_none}
    # Following the item: the item made public makes its minute public.
    exempt_item.exempt, exempt_item.exempt_paragraph = False, None
    exempt_item.save()
    assert not Minute.objects.get(pk=of_exempt.pk).is_exempt
    assert not Minute.objects.filter(visibility.exempt_minute_q()).exists()


def test_a_minute_set_public_or_exempt_overrides_its_item(db):
    meeting = past_meeting()
    open_item = AgendaItemFactory(meeting=meeting, number=1)
    exempt_item = AgendaItemFactory(meeting=meeting, number=2, exempt=True, exempt_paragraph=3)
    public_summary = make_minute(meeting, item=exempt_item, publicity="public")
    private = make_minute(meeting, item=open_item, publicity="exempt")
    assert (public_summary.is_exempt, private.is_exempt) == (False, True)
    assert set(Minute.objects.filter(visibility.exempt_minute_q())) == {private}
    assert set(Minute.objects.filter(visibility.open_minute_q())) == {public_summary}
    assert public_summary.exempt_paragraph == 3 and private.exempt_paragraph is None
    ms.minute_update(minute=private, publicity="")
    assert not Minute.objects.get(pk=private.pk).is_exempt


def test_the_exempt_annex_is_sanitised_like_the_narrative(summary):
    annex = Minute.objects.get(pk=summary.summary.pk).exempt_annex
    assert ANNEX_WORD in annex and "<script" not in annex


# --- the public ----------------------------------------------------------------------------------


def test_the_public_read_a_public_summary_but_never_its_annex(public, summary):
    surfaces = _surfaces(public, summary)
    for name in ("minutes page", "meeting page", "printed minutes", "API minutes"):
        assert SUMMARY_WORD in surfaces[name], name
    for name in (
        "decisions register",
        "printed minutes",
        "API decisions",
        "decisions feed",
        "committee decisions feed",
    ):
        assert SUMMARY_DECISION_WORD in surfaces[name], name
    for name, text in surfaces.items():
        assert ANNEX_WORD not in text, name
        assert ANNEX_WORD.lower() not in text.lower(), name
    # The public summary is not marked exempt; the exempt minute of the public item is.
    assert "NOT FOR PUBLICATION" not in surfaces["printed minutes"]
    assert "Public summary" in surfaces["minutes page"]
    minutes = {m["reference"]: m for m in public.get("/api/minutes/").json()["data"]}
    assert minutes[summary.summary.reference]["exempt"] is False
    assert minutes[summary.summary.reference]["exemptAnnex"] is None
    # OParl: the item was taken in private, so it is not public; its resolution (the summary) is.
    item = _oparl_item(public, summary.exempt_item)
    assert item["public"] is False
    assert SUMMARY_WORD in item["resolutionText"] and SUMMARY_DECISION_WORD in item["resolutionText"]
    # Search finds the summary and its decision, never the annex.
    assert _search_titles(public, SUMMARY_WORD.lower()) == [f"{summary.summary.reference} Action plan for a school"]
    assert len(_search_titles(public, SUMMARY_DECISION_WORD.lower())) == 1
    assert _search_titles(public, ANNEX_WORD.lower()) == []


def test_an_exempt_minute_of_a_public_item_is_withheld_from_the_public(public, summary):
    surfaces = _surfaces(public, summary)
    for name, text in surfaces.items():
        assert PRIVATE_WORD not in text, name
        assert PRIVATE_DECISION_WORD not in text, name
    page = surfaces["minutes page"]
    assert summary.private.reference in page  # its heading stays public
    assert "not available to the public" in page
    minutes = {m["reference"]: m for m in public.get("/api/minutes/").json()["data"]}
    assert minutes[summary.private.reference]["exempt"] is True
    assert minutes[summary.private.reference]["text"] is None
    assert minutes[summary.private.reference]["decision"] == []
    open_item = summary.private.item
    oparl = _oparl_item(public, open_item)
    assert oparl["public"] is False and "resolutionText" not in oparl
    assert _search_titles(public, PRIVATE_WORD.lower()) == []
    assert _search_titles(public, PRIVATE_DECISION_WORD.lower()) == []
    assert not Decision.objects.visible_to(visibility.THE_PUBLIC).filter(minute=summary.private).exists()


def test_email_alerts_match_a_public_summary_never_its_annex_or_an_exempt_minute(summary):
    from django.core import mail

    from meetings.alerts import services as alerts

    for word in (SUMMARY_WORD, SUMMARY_DECISION_WORD, ANNEX_WORD, PRIVATE_WORD, PRIVATE_DECISION_WORD):
        subscription = alerts.alert_subscription_confirm(email=f"{word.lower()}@example.com", keyword=word.lower())
        subscription.confirmed_at -= datetime.timedelta(days=7)
        subscription.save()
    alerts.send_alerts()
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"{SUMMARY_DECISION_WORD.lower()}@example.com",
        f"{SUMMARY_WORD.lower()}@example.com",
    ]
    for message in mail.outbox:
        for secret in (ANNEX_WORD, PRIVATE_WORD, PRIVATE_DECISION_WORD):
            assert secret not in message.body


# --- councillors ---------------------------------------------------------------------------------


def test_councillors_read_the_annex_marked_exempt_with_the_items_paragraph(councillor, summary):
    page = councillor.get(reverse("meetings:minutes", args=[summary.meeting.pk])).text
    assert SUMMARY_WORD in page and ANNEX_WORD in page and PRIVATE_WORD in page
    annex_at = page.index(ANNEX_WORD)
    marking = page[page.rindex("Exempt annex", 0, annex_at) : annex_at]
    assert "Not for publication" in marking and "paragraph 3 of Schedule 12A" in marking

    printed = _pdf_text(councillor.get(reverse("meetings:meeting-printed-minutes", args=[summary.meeting.pk])))
    assert ANNEX_WORD in printed and PRIVATE_WORD in printed
    flat = " ".join(printed.split())
    assert f"Exempt annex to minute {summary.summary.reference}" in flat
    assert "this annex contains exempt information under paragraph 3 of Schedule 12A" in flat

    minutes = {m["reference"]: m for m in councillor.get("/api/minutes/").json()["data"]}
    assert ANNEX_WORD in minutes[summary.summary.reference]["exemptAnnex"]
    assert minutes[summary.summary.reference]["exemptParagraph"] == 3
    assert PRIVATE_WORD in minutes[summary.private.reference]["text"]
    resolution = _oparl_item(councillor, summary.exempt_item)["resolutionText"]
    assert ANNEX_WORD in resolution and "Exempt annex, not for publication under paragraph 3" in resolution

    assert _search_titles(councillor, ANNEX_WORD.lower()) == [
        f"{summary.summary.reference} Action plan for a school (exempt annex)"
    ]
    assert len(_search_titles(councillor, PRIVATE_WORD.lower())) == 1


def test_only_the_annex_pages_of_a_public_summary_are_stamped_in_the_exempt_print(councillor, summary):
    """A public summary long enough to fill pages, then its annex: in the printed minutes a
    councillor downloads, the summary's own pages carry no stamp; the annex's page does."""
    long_summary = "".join(
        f"<p>{SUMMARY_WORD} point {n}: the Subgroup discussed the school's progress in public terms.</p>"
        for n in range(70)
    )
    Minute.objects.filter(pk=summary.summary.pk).update(narrative=long_summary)
    Minute.objects.filter(pk=summary.private.pk).delete()
    response = councillor.get(reverse("meetings:meeting-printed-minutes", args=[summary.meeting.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    stamp = "NOT FOR PUBLICATION – paragraph 3 of Schedule 12A"
    summary_only = [t for t in pages if SUMMARY_WORD in t and ANNEX_WORD not in t]
    assert summary_only and all(stamp not in " ".join(t.split()) for t in summary_only)
    annex_pages = [t for t in pages if ANNEX_WORD in t]
    assert annex_pages and all(stamp in " ".join(t.split()) for t in annex_pages)


def test_a_pack_printing_minutes_with_an_annex_has_a_full_version(summary):
    from meetings.packs import api

    later = past_meeting(committee=summary.meeting.committee, start=summary.meeting.start + datetime.timedelta(days=1))
    AgendaItemFactory(meeting=later, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    Minute.objects.filter(pk=summary.private.pk).delete()  # the annex is the only exempt material
    assert api.previous_minutes_are_exempt(later)
    Minute.objects.filter(pk=summary.summary.pk).update(exempt_annex="")
    assert not api.previous_minutes_are_exempt(later)


def test_deleting_a_minute_removes_its_annex_from_search(councillor, summary):
    assert _search_titles(councillor, ANNEX_WORD.lower())
    ms.minute_update(minute=summary.summary, exempt_annex="")
    assert _search_titles(councillor, ANNEX_WORD.lower()) == []
    ms.minute_update(minute=Minute.objects.get(pk=summary.summary.pk), exempt_annex=f"<p>{ANNEX_WORD}</p>")
    assert _search_titles(councillor, ANNEX_WORD.lower())
    ms.minute_delete(minute=Minute.objects.get(pk=summary.summary.pk))
    assert _search_titles(councillor, ANNEX_WORD.lower()) == []


# --- the demo ------------------------------------------------------------------------------------


def test_the_demos_cyp_osg_18_17_is_a_public_summary_of_a_private_item(public):
    call_command("load_demo", stdout=io.StringIO())
    minute = Minute.objects.select_related("item").get(reference="CYP/OSG/18/17")
    assert minute.item.exempt and minute.publicity == "public" and not minute.is_exempt
    assert minute.exempt_annex == ""
    page = public.get(reverse("meetings:minutes", args=[minute.meeting_id])).text
    assert "Officers referred to the main points and themes within the Action Plan." in page
    assert "To recommend that education officers meet with Ward Councillors" in page
    register = public.get(reverse("meetings:decisions-register")).text
    assert "To recommend that education officers meet with Ward Councillors" in register
    # The demo's other minutes are as they were: public or exempt as their item.
    others = Minute.objects.exclude(pk=minute.pk)
    assert set(others.values_list("publicity", flat=True)) == {""}


@pytest.mark.pdfua
def test_the_exempt_print_of_a_public_summary_with_its_annex_is_pdfua_1(summary):
    from meetings.packs import render
    from meetings.packs.minutes import MINUTES_TEMPLATE, printed_minutes_context
    from tests.pdfua import pdfua_failures

    for audience in (visibility.THE_PUBLIC, visibility.EXEMPT_READER):
        context = printed_minutes_context(summary.meeting, audience)
        html = render.render_html(MINUTES_TEMPLATE, {**context, "for_pack": False})
        assert (ANNEX_WORD in html) == (audience is visibility.EXEMPT_READER)
        assert pdfua_failures(render.html_to_pdf(html)) == []
