import datetime

from django.utils import timezone

from meetings.models import Committee

from ..builders import make_minute
from ..factories import AgendaItemFactory, CommitteeFactory, MeetingFactory


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


def test_references_run_on_across_meetings_and_restart_each_calendar_year(db):
    committee = CommitteeFactory(short_code="CYP/OSG")
    june = MeetingFactory(committee=committee, start=at(2018, 6, 26))
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    january = MeetingFactory(committee=committee, start=at(2019, 1, 29))
    refs = [make_minute(june).reference for _ in range(3)]
    refs += [make_minute(october).reference for _ in range(2)]
    refs += [make_minute(january).reference]
    assert refs == [
        "CYP/OSG/18/01",
        "CYP/OSG/18/02",
        "CYP/OSG/18/03",
        "CYP/OSG/18/04",
        "CYP/OSG/18/05",
        "CYP/OSG/19/01",
    ]


def test_municipal_numbering_runs_from_may_to_may(db):
    committee = CommitteeFactory(short_code="ABC", minute_numbering=Committee.Numbering.MUNICIPAL)
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    april = MeetingFactory(committee=committee, start=at(2019, 4, 30))
    may = MeetingFactory(committee=committee, start=at(2019, 5, 21))
    assert make_minute(october).reference == "ABC/18/01"
    assert make_minute(april).reference == "ABC/18/02"  # still 2018/19
    assert make_minute(may).reference == "ABC/19/01"  # new municipal year


def test_committees_number_independently(db):
    a, b = CommitteeFactory(short_code="A"), CommitteeFactory(short_code="B")
    assert make_minute(MeetingFactory(committee=a, start=at(2018, 6, 1))).reference == "A/18/01"
    assert make_minute(MeetingFactory(committee=b, start=at(2018, 6, 1))).reference == "B/18/01"


def test_minutes_from_agenda_follow_item_order_and_their_exemption(db):
    meeting = MeetingFactory(committee=CommitteeFactory(short_code="X"), start=at(2018, 6, 26))
    AgendaItemFactory(meeting=meeting, number=2, title="Private item", exempt=True, exempt_paragraph=3)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes")
    from meetings.minutes.services import minutes_create_from_agenda

    created = minutes_create_from_agenda(meeting=meeting)
    # Public or exempt as their item (publicity ""), not by a copy of its flag.
    assert [(m.reference, m.title, m.publicity, m.is_exempt) for m in created] == [
        ("X/18/01", "Minutes", "", False),
        ("X/18/02", "Private item", "", True),
    ]
    assert minutes_create_from_agenda(meeting=meeting) == []  # each item minuted once
