import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import AgendaItem
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_item_numbers_are_unique_within_a_meeting():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=1)
    assert_db_refuses(lambda: AgendaItem.objects.create(meeting=meeting, number=1, title="Duplicate"))
    # The same number in another meeting is fine.
    AgendaItemFactory(number=1)


def test_exempt_item_must_name_a_paragraph():
    meeting = MeetingFactory()
    assert_db_refuses(lambda: AgendaItem.objects.create(meeting=meeting, number=1, title="Secret", exempt=True))
    assert_db_refuses(
        lambda: AgendaItem.objects.create(meeting=meeting, number=2, title="Open", exempt=False, exempt_paragraph=3)
    )
    assert_db_refuses(
        lambda: AgendaItem.objects.create(meeting=meeting, number=3, title="Bad para", exempt=True, exempt_paragraph=9)
    )
    AgendaItem.objects.create(meeting=meeting, number=4, title="Private", exempt=True, exempt_paragraph=3)


def test_exempt_item_without_paragraph_gets_a_form_message():
    from django.core.exceptions import ValidationError

    item = AgendaItem(meeting=MeetingFactory(), number=1, title="Secret", exempt=True)
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "must name its paragraph of Schedule 12A" in str(exc.value)


def test_membership_cannot_end_before_it_starts():
    assert_db_refuses(lambda: MembershipFactory(start=datetime.date(2018, 5, 1), end=datetime.date(2018, 4, 1)))


def test_meeting_cannot_end_before_it_starts():
    meeting = MeetingFactory()
    meeting.end = meeting.start - datetime.timedelta(hours=1)
    assert_db_refuses(meeting.save)


def test_committee_short_code_is_unique_and_required():
    CommitteeFactory(short_code="CYP/OSG")
    assert_db_refuses(lambda: CommitteeFactory(short_code="CYP/OSG"))
    assert_db_refuses(lambda: CommitteeFactory(short_code=""))


def test_item_number_must_be_positive():
    assert_db_refuses(lambda: AgendaItemFactory(number=0))
