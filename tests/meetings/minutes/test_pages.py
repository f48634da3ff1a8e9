"""Query bounds with realistic volumes, the decisions register's filters and the work programme."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import Decision, ReportDeadline, TermsOfReference, WorkProgrammeItem

from ..builders import make_minute, publish_minutes
from ..factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, MembershipFactory, PersonFactory


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


def full_meeting(committee, day, people):
    meeting = MeetingFactory(committee=committee, start=at(*day))
    for n in range(1, 9):
        item = AgendaItemFactory(meeting=meeting, number=n, exempt=(n == 5), exempt_paragraph=3 if n == 5 else None)
        minute = make_minute(meeting, title=item.title, item=item, narrative="<p>Discussion.</p>")
        for _ in range(3):
            services.decision_create(minute=minute, text="To request a further report.", kind="request")
    minutes = list(meeting.minute_set.all())
    for i, person in enumerate(people):
        services.attendance_record(
            meeting=meeting,
            person=person,
            in_the_chair=(i == 0),
            status="present" if i % 4 else ("present" if i == 0 else "apologies"),
            from_minute=minutes[0] if i == 3 else None,
            to_minute=minutes[3] if i == 3 else None,
        )
        services.declaration_record(meeting=meeting, person=person, item=minutes[1].item, nature="School governor")
    publish_minutes(meeting)
    return meeting


def test_minutes_page_queries_are_bounded(client, db, django_assert_max_num_queries):
    committee = CommitteeFactory(short_code="CYP/OSG")
    people = PersonFactory.create_batch(12)
    meeting = full_meeting(committee, (2018, 6, 26), people)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert response.text.count("To request a further report.") == 7 * 3  # exempt minute withheld
    # The meeting page shows the same minutes (its own queries plus a fixed few for the minutes).
    with django_assert_max_num_queries(24):
        page = client.get(meeting.get_absolute_url())
    assert page.text.count("To request a further report.") == 7 * 3


def test_decisions_register_queries_and_filters(client, db, django_assert_max_num_queries):
    committee = CommitteeFactory(short_code="CYP/OSG", slug="ofsted-subgroup")
    people = PersonFactory.create_batch(4)
    for day in [(2018, 6, 26), (2018, 10, 2), (2019, 1, 29)]:
        full_meeting(committee, day, people)
    other = CommitteeFactory(short_code="OTH")
    m = MeetingFactory(committee=other, start=at(2018, 7, 1))
    d = services.decision_create(minute=make_minute(m), text="Completed elsewhere.")
    services.decision_update_tracker(decision=d, status=Decision.Status.COMPLETED)
    publish_minutes(m)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("meetings:decisions-register"))
    assert response.context["paginator"].count == 3 * 7 * 3 + 1
    filtered = client.get(reverse("meetings:decisions-register"), {"status": "completed"})
    assert filtered.context["paginator"].count == 1 and "Completed elsewhere." in filtered.text
    by_committee = client.get(
        reverse("meetings:decisions-register"),
        {"committee": "ofsted-subgroup", "from": "2018-10-01", "to": "2018-12-31"},
    )
    assert by_committee.context["paginator"].count == 7 * 3
    bad = client.get(reverse("meetings:decisions-register"), {"from": "26/06/2018"})
    assert "Enter a real date" in bad.text


def test_person_page_queries_are_bounded(client, db, django_assert_max_num_queries):
    committee = CommitteeFactory(short_code="CYP/OSG")
    people = PersonFactory.create_batch(6)
    for person in people:
        MembershipFactory(committee=committee, person=person, start=datetime.date(2017, 5, 1))
    for day in [(2017, 6, 1), (2017, 9, 1), (2018, 1, 1), (2018, 6, 26), (2018, 10, 2), (2019, 1, 29)]:
        full_meeting(committee, day, people)
    with django_assert_max_num_queries(10):
        response = client.get(people[1].get_absolute_url())
    assert [(r.year, r.expected, r.attended) for r in response.context["rows"]] == [
        ("2018/19", 3, 3),
        ("2017/18", 3, 3),
    ]


def test_work_programme_page_and_terms_of_reference(client, db):
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    ReportDeadline.objects.create(meeting=october, deadline=datetime.date(2018, 9, 21))
    WorkProgrammeItem.objects.create(
        committee=committee,
        meeting=october,
        title="Daycare Providers",
        purpose="To receive a summary.",
        lead_officer="Simon Taylor",
        executive_member="Councillor Bridges",
    )
    hidden = MeetingFactory(committee=committee, start=at(2019, 1, 29), agenda_issued_on=None)
    WorkProgrammeItem.objects.create(committee=committee, meeting=hidden, title="Secret plan")
    TermsOfReference.objects.create(
        committee=committee,
        municipal_year=2018,
        title="Ofsted Subgroup",
        lead_officers="Simon Taylor - Senior Schools Quality Assurance Officer",
        rationale_points="consider inspection reports\nliaise with officers",
    )
    response = client.get(reverse("meetings:work-programme", args=["ofsted-subgroup"]), {"year": 2018})
    assert "Tuesday 2 October 2018 at 10.00 am</a> (Report deadline Friday 21 September 2018)" in response.text
    assert "Daycare Providers" in response.text and "Councillor Bridges" in response.text
    assert "Secret plan" not in response.text
    page = client.get(committee.get_absolute_url())
    assert "Simon Taylor - Senior Schools Quality Assurance Officer" in page.text
    assert "<li>liaise with officers</li>" in page.text


def test_programme_item_becomes_agenda_item(db):
    meeting = MeetingFactory(start=at(2018, 10, 2))
    AgendaItemFactory(meeting=meeting, number=1)
    entry = WorkProgrammeItem.objects.create(
        committee=meeting.committee,
        meeting=meeting,
        title="Daycare Providers",
        purpose="To receive a summary.",
        lead_officer="Simon Taylor",
    )
    item = services.programme_item_add_to_agenda(programme_item=entry)
    assert (item.number, item.title, item.purpose, item.report_of) == (
        2,
        "Daycare Providers",
        "To receive a summary.",
        "Simon Taylor",
    )
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already on the agenda as item 2"):
        services.programme_item_add_to_agenda(programme_item=entry)


def test_large_register_lists_the_newest_in_order_with_bounded_queries(client, db, django_assert_max_num_queries):
    """The register pages through its newest decisions by walking meetings newest first (a batch
    at a time): the order is the register's own and the queries do not grow with the data."""
    from meetings.minutes import selectors

    committee = CommitteeFactory(short_code="CYP/OSG")
    meetings = [MeetingFactory(committee=committee, start=at(2018, 1 + n % 12, 1 + n)) for n in range(12)]
    for meeting in meetings:
        for order in (2, 1):
            minute = make_minute(meeting, title=f"Minute {order}")
            minute.order = order
            minute.save(update_fields=["order"])
            for n in range(2):
                services.decision_create(
                    minute=minute, text=f"Ask {meeting.start:%d %B} {order}.{n + 1}", kind="request"
                )
        publish_minutes(meeting)
    plain = list(
        Decision.objects.visible_to(None)
        .order_by("-minute__meeting__start", "minute__order", "minute__number", "number")
        .values_list("text", flat=True)
    )
    assert len(plain) == 48
    # Tiny batches, so that one page crosses batches and the final "rest in one query" step.
    selectors.NewestDecisions.BATCH, selectors.NewestDecisions.ROUNDS = 1, 3
    try:
        with django_assert_max_num_queries(12):
            first = client.get(reverse("meetings:decisions-register"))
        assert [d.text for d in first.context["decisions"]] == plain[:48]
    finally:
        selectors.NewestDecisions.BATCH, selectors.NewestDecisions.ROUNDS = 16, 8


def test_register_beyond_its_limit_says_more_than_and_shows_the_newest(client, db, monkeypatch):
    from meetings.minutes import selectors

    monkeypatch.setattr(selectors, "REGISTER_LIMIT", 10)
    committee = CommitteeFactory(short_code="CYP/OSG")
    for n in range(4):
        meeting = MeetingFactory(committee=committee, start=at(2019, 1 + n, 5))
        minute = make_minute(meeting, title="Outcomes")
        for k in range(4):
            services.decision_create(minute=minute, text=f"Decision {n}.{k}", kind="request")
        publish_minutes(meeting)
    response = client.get(reverse("meetings:decisions-register"))
    assert "More than 10 decisions" in response.text
    assert "Showing the 10 most recent. Use the filters to find older decisions." in response.text
    texts = [d.text for d in response.context["decisions"]]
    assert texts[:4] == ["Decision 3.0", "Decision 3.1", "Decision 3.2", "Decision 3.3"] and len(texts) == 10
    narrow = client.get(reverse("meetings:decisions-register"), {"from": "2019-01-01", "to": "2019-02-28"})
    assert "8 decisions" in narrow.text and "More than" not in narrow.text
