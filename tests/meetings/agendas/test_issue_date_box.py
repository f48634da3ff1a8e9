"""The issue page's "Date of issue" is a browser date box, which shows only an ISO date: it opens
filled in with today (in the site's own format, 02/03/2026, the box stayed empty)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_date_of_issue_opens_as_today_in_the_date_box_format(officer_client):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=21), agenda_issued_on=None)
    AgendaItemFactory(meeting=meeting, number=1)
    page = officer_client.get(reverse("admin:meetings_meeting_issue", args=[meeting.pk])).text
    assert f'type="date" name="issued_on" value="{timezone.localdate():%Y-%m-%d}"' in page
