"""One date pattern on every filter (GOV.UK day, month, year), forms that say where they go, the
alerts form revealing only the field that applies, and snippets that never cut a word."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.search.selectors import _simple_snippet
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory


def doc(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("meetings:decisions-register"), reverse("search:search")])
def test_date_filters_are_gov_uk_date_inputs_and_no_native_pickers(client, url):
    page = doc(client.get(url))
    assert not page.xpath("//input[@type='date']")
    for prefix in ("from", "to"):
        fieldset = page.xpath(f"//div[@id='{prefix}']/ancestor::fieldset")[0]
        assert fieldset.get("role") == "group" and fieldset.find("legend") is not None
        names = [i.get("name") for i in fieldset.xpath(".//input")]
        assert names == [f"{prefix}_day", f"{prefix}_month", f"{prefix}_year"]
        assert all(i.get("inputmode") == "numeric" for i in fieldset.xpath(".//input"))


@pytest.mark.django_db
def test_decisions_register_filters_by_day_month_year_and_explains_a_bad_date(client):
    committee = CommitteeFactory(short_code="CYP/OSG")
    for month in (6, 11):
        start = timezone.make_aware(datetime.datetime(2018, month, 5, 10))
        meeting = MeetingFactory(committee=committee, start=start, agenda_issued_on=datetime.date(2018, month, 1))
        item = AgendaItemFactory(meeting=meeting, number=1)
        minute = services.minute_create(meeting=meeting, item=item, title=f"Minute {month}", narrative="<p>x</p>")
        services.decision_create(minute=minute, text=f"Decision of month {month}.")
        services.minutes_publish(minutes=meeting.minutes)
    url = reverse("meetings:decisions-register")
    page = doc(client.get(url, {"from_day": "1", "from_month": "10", "from_year": "2018"}))
    assert "Decision of month 11." in page.text_content() and "Decision of month 6." not in page.text_content()
    assert page.xpath("//form[contains(@class,'scrutiny-filters')]")[0].get("action") == url
    assert page.xpath("//details[contains(@class,'scrutiny-filters-panel')]")[0].get("open") is not None
    bad = doc(client.get(url, {"to_day": "31", "to_month": "2", "to_year": "2018"}))
    assert "Enter a real date" in bad.xpath("//div[contains(@class,'govuk-error-summary')]")[0].text_content()
    partial = doc(client.get(url, {"from_day": "1", "from_year": "2018"}))
    assert "must include a month" in partial.text_content()
    # With no filter chosen, the filters are folded away so the register leads.
    assert doc(client.get(url)).xpath("//details[contains(@class,'scrutiny-filters-panel')]")[0].get("open") is None


@pytest.mark.django_db
def test_alerts_form_reveals_only_the_field_for_the_chosen_topic(client):
    CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    page = doc(client.get(reverse("meetings:alert-subscribe")))
    for topic in ("committee", "keyword"):
        radio = page.get_element_by_id(f"topic-{topic}")
        assert radio.get("data-aria-controls") == f"conditional-{topic}"
        assert "govuk-radios__conditional--hidden" in page.get_element_by_id(f"conditional-{topic}").get("class")
    chosen = doc(client.get(reverse("meetings:alert-subscribe"), {"committee": "ofsted-subgroup"}))
    assert "govuk-radios__conditional--hidden" not in chosen.get_element_by_id("conditional-committee").get("class")
    assert "govuk-radios__conditional--hidden" in chosen.get_element_by_id("conditional-keyword").get("class")


def test_search_snippets_start_and_end_on_word_boundaries():
    body = " ".join(f"word{n:03d}" for n in range(200)) + " fostering " + " ".join(f"tail{n:03d}" for n in range(200))
    parts = _simple_snippet(body, ["fostering"], 120)
    text = "".join(t for t, _ in parts)
    assert text.startswith("… word") and text.endswith(" …")
    inner = text.removeprefix("… ").removesuffix(" …")
    assert all(len(w) == 7 or w == "fostering" for w in inner.split()), inner
    assert ("fostering", True) in parts


def test_pagination_shows_at_most_nine_links_whatever_the_number_of_pages():
    from django.core.paginator import Paginator

    from meetings.templatetags.scrutiny import page_links

    paginator = Paginator(range(100_000), 50)  # 2,000 pages: a large council's decisions register
    assert page_links(paginator.page(1)) == [(1, True), (2, False), (3, False), (None, False), (2000, False)]
    assert page_links(paginator.page(1000)) == [
        (1, False),
        (None, False),
        (998, False),
        (999, False),
        (1000, True),
        (1001, False),
        (1002, False),
        (None, False),
        (2000, False),
    ]
    assert page_links(paginator.page(4)) == [(n, n == 4) for n in range(1, 7)] + [(None, False), (2000, False)]
    assert page_links(Paginator(range(60), 50).page(2)) == [(1, False), (2, True)]
