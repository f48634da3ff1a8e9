"""Decisions are numbered 1, 2, … within their minute by the service: a blank number is the next
one, removing a decision closes the gap, a number typed for a decision moves it there. Numbers are
wording: frozen once the minutes are approved. The admin's forms never fail for a blank number."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Decision

from ...admin_forms import admin_form_data
from ..builders import make_minute
from ..factories import CommitteeFactory, MeetingFactory


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def minute(db):
    meeting = MeetingFactory(committee=CommitteeFactory(short_code="CYP/OSG"), start=at(2018, 6, 26))
    return make_minute(meeting, title="Daycare Providers")


def add(minute, *texts):
    return [services.decision_create(minute=minute, text=text) for text in texts]


def wording(minute) -> list[tuple[int, str]]:
    return list(minute.decisions.order_by("number").values_list("number", "text"))


def test_a_decision_without_a_number_comes_next(minute):
    first, second = add(minute, "To visit.", "To write.")
    assert (first.number, second.number) == (1, 2)
    assert wording(minute) == [(1, "To visit."), (2, "To write.")]


def test_a_decision_given_a_number_takes_that_place(minute):
    add(minute, "A", "B")
    services.decision_create(minute=minute, text="First", number=1)
    services.decision_create(minute=minute, text="Last", number=99)
    assert wording(minute) == [(1, "First"), (2, "A"), (3, "B"), (4, "Last")]


def test_removing_a_decision_renumbers_those_after_it(minute):
    _, second, _ = add(minute, "A", "B", "C")
    services.decision_delete(decision=second)
    assert wording(minute) == [(1, "A"), (2, "C")]


def test_a_new_number_moves_the_decision(minute):
    a, b, c = add(minute, "A", "B", "C")
    services.decision_update_wording(decision=c, number=1)
    assert wording(minute) == [(1, "C"), (2, "A"), (3, "B")]
    a.refresh_from_db()
    services.decision_update_wording(decision=a, number=3)
    assert wording(minute) == [(1, "C"), (2, "B"), (3, "A")]
    # A number with no change of place, or none at all, leaves the order as it is.
    services.decision_update_wording(decision=Decision.objects.get(text="B"), number=None, text="B2")
    assert wording(minute) == [(1, "C"), (2, "B2"), (3, "A")]


def test_several_moves_at_once_land_where_typed(minute):
    a, b, c, d = add(minute, "A", "B", "C", "D")
    services.decisions_renumber(minute=minute, positions={a.pk: 2, b.pk: 1})
    assert wording(minute) == [(1, "B"), (2, "A"), (3, "C"), (4, "D")]
    services.decisions_renumber(minute=minute, positions={d.pk: 1, a.pk: None})
    assert [text for _, text in wording(minute)] == ["D", "B", "C", "A"]


def test_gaps_left_by_older_data_are_closed(minute):
    a, b = add(minute, "A", "B")
    Decision.objects.filter(pk=b.pk).update(number=7)
    services.decision_create(minute=minute, text="C")
    assert wording(minute) == [(1, "A"), (2, "B"), (3, "C")]


def test_numbers_are_frozen_once_the_minutes_are_approved(minute):
    a, b = add(minute, "A", "B")
    october = MeetingFactory(committee=minute.committee, start=at(2018, 10, 2))
    services.minutes_publish(minutes=minute.meeting.minutes)
    services.minutes_approve(minutes=minute.meeting.minutes, at=october)
    for change in (
        lambda: services.decision_update_wording(decision=b, number=1),
        lambda: services.decisions_renumber(minute=minute, positions={b.pk: 1}),
        lambda: services.decision_delete(decision=a),
        lambda: services.decision_create(minute=minute, text="C"),
    ):
        with pytest.raises(ValidationError, match="can no longer be changed"):
            change()
    assert wording(minute) == [(1, "A"), (2, "B")]


# The existing admin pages: a blank number never fails.


def test_the_decision_admin_takes_a_blank_number(officer_client, minute):
    add(minute, "A")
    response = officer_client.post(
        reverse("admin:meetings_decision_add"),
        {
            "minute": minute.pk,
            "number": "",
            "kind": "decision",
            "text": "To write to the nurseries.",
            "status": "not_started",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert wording(minute) == [(1, "A"), (2, "To write to the nurseries.")]


def test_the_decision_admin_moves_a_decision_to_a_number_in_use(officer_client, minute):
    a, b = add(minute, "A", "B")
    url = reverse("admin:meetings_decision_change", args=[b.pk])
    data = admin_form_data(officer_client.get(url))
    data.update({"number": "1", "update_note": ""})
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert wording(minute) == [(1, "B"), (2, "A")]
    # Cleared, the number stays as it was.
    data = admin_form_data(officer_client.get(url))
    data.update({"number": "", "text": "B, reworded"})
    assert officer_client.post(url, data).status_code == 302
    assert wording(minute) == [(1, "B, reworded"), (2, "A")]


def test_the_minute_page_inline_takes_blank_numbers_and_renumbers(officer_client, minute):
    add(minute, "A", "B", "C")
    url = reverse("admin:meetings_minute_change", args=[minute.pk])
    data = admin_form_data(officer_client.get(url))
    data["decisions-1-DELETE"] = "on"  # remove B
    data["decisions-2-number"] = "1"  # C first
    data.update(
        {
            "decisions-TOTAL_FORMS": "5",
            "decisions-3-kind": "request",
            "decisions-3-text": "New, no number",
            "decisions-3-status": "not_started",
            "decisions-4-kind": "decision",
            "decisions-4-number": "2",
            "decisions-4-text": "New, second",
            "decisions-4-status": "not_started",
        }
    )
    response = officer_client.post(url, data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"][0].formset]
    assert wording(minute) == [(1, "C"), (2, "New, second"), (3, "A"), (4, "New, no number")]
