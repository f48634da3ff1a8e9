"""Procedural decisions (minutes approved, public excluded, reports noted) are recorded but not
tracked: no status, not in the register by default nor in the decisions feed; the register's
"All, including procedural" type lists them. Existing decisions are classified by a migration."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings.minutes import services
from meetings.minutes.models import Decision

from ...admin_forms import admin_form_data
from ..builders import minute_with_decision, publish_minutes

MIGRATION = importlib.import_module("meetings.migrations.0013_decision_kinds_procedural_untracked")

APPROVE = "To approve as a correct record the minutes of the meeting held on 20 March 2018."
EXCLUDE = "To exclude the public during consideration of the following item of business."
VISIT = "To arrange a visit to Armitage C of E Primary School for Members of the Subgroup."


@pytest.fixture
def minutes_with_kinds(db):
    minute, _ = minute_with_decision(title="Minutes", publish=False)
    approve = services.decision_create(minute=minute, text=APPROVE, kind=Decision.Kind.PROCEDURAL)
    exclude = services.decision_create(minute=minute, text=EXCLUDE, kind=Decision.Kind.PROCEDURAL)
    visit = services.decision_create(minute=minute, text=VISIT, kind=Decision.Kind.DECISION)
    noted = services.decision_create(minute=minute, text="To note the report.", kind=Decision.Kind.NOTED)
    publish_minutes(minute.meeting)
    return minute, approve, exclude, visit, noted


def test_procedural_decisions_have_no_status_and_refuse_tracking(minutes_with_kinds):
    minute, approve, exclude, visit, noted = minutes_with_kinds
    assert (approve.status, noted.status, visit.status) == ("", "", "not_started")
    assert not approve.is_tracked and visit.is_tracked
    with pytest.raises(ValidationError, match="is procedural .* and is not tracked"):
        services.decision_update_tracker(decision=approve, note="Done", status="completed")
    with pytest.raises(ValidationError) as refused:
        services.decision_create(minute=minute, text="To note the update.", kind="noted", owner="Scrutiny Officer")
    assert "A procedural decision is not tracked" in str(refused.value)
    # Made tracked, it starts as Not started; made procedural again, it leaves the tracker.
    services.decision_update_wording(decision=noted, kind=Decision.Kind.REQUEST)
    assert Decision.objects.get(pk=noted.pk).status == "not_started"
    services.decision_update_wording(decision=noted, kind=Decision.Kind.NOTED)
    assert Decision.objects.get(pk=noted.pk).status == ""


def test_register_lists_tracked_decisions_by_default_and_all_on_request(public, minutes_with_kinds):
    url = reverse("meetings:decisions-register")
    page = public.get(url)
    assert VISIT in page.text
    assert APPROVE not in page.text and EXCLUDE not in page.text and "To note the report." not in page.text
    assert "1 decision<" in page.text
    everything = public.get(url, {"kind": "all"})
    assert APPROVE in everything.text and EXCLUDE in everything.text and "To note the report." in everything.text
    assert "4 decisions" in everything.text
    # Procedural rows say they are not tracked, never "Not started".
    assert everything.text.count("Not started") == 1 + everything.text.count(">Not started</option>")
    assert everything.text.count("Not tracked") == 3
    assert '<option value="all" selected>All, including procedural</option>' in everything.text
    only_procedural = public.get(url, {"kind": "procedural"})
    assert APPROVE in only_procedural.text and VISIT not in only_procedural.text


def test_decisions_feed_leaves_out_procedural_decisions(public, minutes_with_kinds):
    feed = public.get(reverse("meetings:feed-decisions"))
    assert VISIT in feed.text
    assert APPROVE not in feed.text and EXCLUDE not in feed.text


def test_api_gives_the_kind_and_no_status_for_procedural_decisions(public, minutes_with_kinds):
    minute, approve, exclude, visit, noted = minutes_with_kinds
    data = public.get(reverse("api:decision-detail", args=[approve.pk])).json()
    assert (data["kind"], data["tracked"], data["status"]) == ("procedural", False, "")
    data = public.get(reverse("api:decision-detail", args=[visit.pk])).json()
    assert (data["kind"], data["tracked"], data["status"]) == ("decision", True, "not_started")


def test_officer_makes_a_decision_procedural_in_the_admin(officer_client, minutes_with_kinds):
    minute, approve, exclude, visit, noted = minutes_with_kinds
    services.decision_update_tracker(decision=visit, owner="Scrutiny Support Officer", status="in_progress")
    url = reverse("admin:meetings_decision_change", args=[visit.pk])
    data = admin_form_data(officer_client.get(url))
    data["kind"] = "procedural"
    # Still owned: refused with a message on the field, not an error page.
    refused = officer_client.post(url, data)
    assert refused.status_code == 200
    assert "A procedural decision is not tracked: leave this blank" in refused.text
    data["owner"] = ""
    assert officer_client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert (visit.kind, visit.status, visit.owner) == ("procedural", "", "")
    changelist = officer_client.get(reverse("admin:meetings_decision_changelist"), {"tracking": "procedural"})
    assert changelist.text.count("Not tracked") == 4


def test_migration_classifies_existing_decisions_by_their_wording():
    classify = MIGRATION.classify
    procedural = [
        APPROVE,
        "To agree the minutes of the Ofsted Subgroup meeting held on 11 November 2014 as a correct record.",
        "That the minutes of the meeting held on 3 May be approved as a correct record.",
        EXCLUDE,
        "That the press and public be excluded from the meeting.",
    ]
    noted = ["To note the report.", "To receive the report and note its contents.", "To receive the update"]
    tracked = [
        VISIT,
        "To note the report and request a further update in six months.",
        "To receive a further report at the next meeting.",
        "To approve the recommendations in the report.",
        "To request that a copy of the Ofsted Improvement Notice is circulated.",
        "Notes were taken.",
        "To agree the terms of reference and work programme.",
    ]
    assert [classify(t) for t in procedural] == ["procedural"] * len(procedural)
    assert [classify(t) for t in noted] == ["noted"] * len(noted)
    assert [classify(t) for t in tracked] == [None] * len(tracked)


def test_migration_leaves_decisions_already_being_tracked_alone(db):
    minute, _ = minute_with_decision(title="Minutes", publish=False)
    plain = services.decision_create(minute=minute, text=APPROVE)
    followed = services.decision_create(minute=minute, text="To note the report.")
    services.decision_update_tracker(decision=followed, status="in_progress", note="Chased")
    visit = services.decision_create(minute=minute, text=VISIT)
    MIGRATION.classify_existing(apps, None)
    kinds = dict(Decision.objects.values_list("pk", "kind"))
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert (kinds[plain.pk], statuses[plain.pk]) == ("procedural", "")
    assert (kinds[followed.pk], statuses[followed.pk]) == ("decision", "in_progress")
    assert (kinds[visit.pk], statuses[visit.pk]) == ("decision", "not_started")


def test_bench_data_gives_procedural_decisions_no_tracker(db):
    call_command(
        "generate_bench_data", meetings=4, items=8, decisions=60, committees=1, no_index=True, stdout=StringIO()
    )
    assert Decision.objects.procedural().exists() and Decision.objects.tracked().exists()
    assert not Decision.objects.procedural().exclude(status="").exists()
    assert not Decision.objects.tracked().filter(status="").exists()
