"""The minutes item carries the previous meeting's printed minutes; printed minutes download."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import services as minutes_services
from meetings.models import AgendaItem
from meetings.packs import api
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

from .conftest import pages_text, read


def held_meeting_with_minutes(committee, *, publish=True):
    previous = MeetingFactory(
        committee=committee,
        start=timezone.now() - datetime.timedelta(days=60),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=70),
    )
    open_item = AgendaItemFactory(meeting=previous, number=1, title="Daycare Providers")
    secret = AgendaItemFactory(
        meeting=previous, number=2, title="St Matthew's action plan", exempt=True, exempt_paragraph=3
    )
    minutes_services.minute_create(
        meeting=previous,
        item=open_item,
        title="Daycare Providers",
        narrative="<p>The Subgroup considered inspection reports.</p>",
    )
    minutes_services.minute_create(
        meeting=previous,
        item=secret,
        title="St Matthew's action plan",
        narrative="<p>Members questioned officers in private.</p>",
    )
    if publish:
        minutes_services.minutes_publish(minutes=previous.minutes)
    return previous


def test_minutes_item_prints_the_previous_meetings_minutes_without_exempt_text(db):
    committee = CommitteeFactory(name="Ofsted Subgroup")
    held_meeting_with_minutes(committee)
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    whole = "\n".join(pages_text(read(api.pack_for(meeting, AnonymousUser()))))
    assert "Minutes of the meeting held on" in whole
    assert "The Subgroup considered inspection reports." in whole
    assert "Members questioned officers in private." not in whole
    assert "Minutes not yet available" not in whole


def test_full_pack_marks_every_page_of_previous_minutes_with_exempt_text_not_for_publication(db):
    """The exempt minute runs over two pages: both carry NOT FOR PUBLICATION in the full pack."""
    from meetings.visibility import EXEMPT_READER

    committee = CommitteeFactory(name="Ofsted Subgroup")
    previous = MeetingFactory(
        committee=committee,
        start=timezone.now() - datetime.timedelta(days=60),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=70),
    )
    secret = AgendaItemFactory(
        meeting=previous, number=1, title="St Matthew's action plan", exempt=True, exempt_paragraph=3
    )
    narrative = "".join(
        f"<p>Members questioned officers in private, point {n}, about the school's "
        "plans for the coming year and the support it will receive.</p>"
        for n in range(60)
    )
    minutes_services.minute_create(meeting=previous, item=secret, title="St Matthew's action plan", narrative=narrative)
    minutes_services.minutes_publish(minutes=previous.minutes)
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    AgendaItemFactory(meeting=meeting, number=2, title="Exempt item", exempt=True, exempt_paragraph=3)
    texts = pages_text(read(api.pack_for(meeting, EXEMPT_READER)))
    exempt_pages = [t for t in texts if "Members questioned officers in private" in t]
    assert len(exempt_pages) >= 2
    assert all("NOT FOR PUBLICATION" in t for t in exempt_pages)
    assert "under paragraph 3 of Schedule 12A" in " ".join(exempt_pages[0].split())  # by the minute itself
    public = "\n".join(pages_text(read(api.pack_for(meeting, AnonymousUser()))))
    assert "Members questioned officers" not in public and "NOT FOR PUBLICATION" not in public


def test_councillor_gets_exempt_previous_minutes_even_when_no_item_is_exempt(db, councillor_user):
    """The only exempt material is the previous meeting's exempt minute: councillors still get the
    full pack with its text (marked), the public pack withholds it."""
    committee = CommitteeFactory(name="Ofsted Subgroup")
    previous = MeetingFactory(
        committee=committee,
        start=timezone.now() - datetime.timedelta(days=60),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=70),
    )
    secret = AgendaItemFactory(
        meeting=previous, number=1, title="St Matthew's action plan", exempt=True, exempt_paragraph=3
    )
    minutes_services.minute_create(
        meeting=previous,
        item=secret,
        title="St Matthew's action plan",
        narrative="<p>Members discussed Quillbrook governance in private.</p>",
    )
    minutes_services.minutes_publish(minutes=previous.minutes)
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    AgendaItemFactory(meeting=meeting, number=2, title="An open report")
    assert api.pack_variant(meeting, councillor_user) == "full"
    assert api.pack_variant(meeting, AnonymousUser()) == "public"
    full = "\n".join(pages_text(read(api.pack_for(meeting, councillor_user))))
    assert "Quillbrook" in full and "NOT FOR PUBLICATION" in full
    public = "\n".join(pages_text(read(api.pack_for(meeting, AnonymousUser()))))
    assert "Quillbrook" not in public


def test_minutes_not_yet_available_page(db):
    committee = CommitteeFactory()
    held_meeting_with_minutes(committee, publish=False)
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    whole = "\n".join(pages_text(read(api.pack_for(meeting, AnonymousUser()))))
    assert "Minutes not yet available" in whole


def test_printed_minutes_download_once_published(client, db):
    committee = CommitteeFactory()
    previous = held_meeting_with_minutes(committee, publish=False)
    url = reverse("meetings:meeting-printed-minutes", args=[previous.pk])
    assert client.get(url).status_code == 404
    assert "Printed minutes" not in client.get(previous.get_absolute_url()).content.decode()
    minutes_services.minutes_publish(minutes=previous.minutes)
    response = client.get(url)
    assert response.status_code == 200
    assert "The Subgroup considered inspection reports." in "\n".join(pages_text(b"".join(response.streaming_content)))
    assert "Printed minutes" in client.get(previous.get_absolute_url()).content.decode()


def test_terms_and_work_programme_item_is_rendered_from_data(db):
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting,
        number=1,
        title="Terms of Reference and Work Programme",
        kind=AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME,
    )
    texts = pages_text(read(api.pack_for(meeting, AnonymousUser())))
    whole = "\n".join(texts)
    assert "Work Programme" in whole
    assert "not yet available" not in whole


def test_only_the_pages_of_an_exempt_minute_are_stamped_with_its_paragraph(db):
    """A long open minute, then an exempt one: the open minute's pages are not stamped;
    every page of the exempt minute is, citing paragraph 3 — in the full pack and in the printed
    minutes an exempt reader downloads."""
    from meetings.visibility import EXEMPT_READER

    committee = CommitteeFactory(name="Ofsted Subgroup")
    previous = MeetingFactory(
        committee=committee,
        start=timezone.now() - datetime.timedelta(days=60),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=70),
    )
    open_item = AgendaItemFactory(meeting=previous, number=1, title="Daycare Providers")
    secret = AgendaItemFactory(
        meeting=previous, number=2, title="St Matthew's action plan", exempt=True, exempt_paragraph=3
    )
    long_open = "".join(
        f"<p>Openly discussed point {n} about daycare places and the sufficiency of "
        "provision across the city's wards.</p>"
        for n in range(70)
    )
    minutes_services.minute_create(meeting=previous, item=open_item, title="Daycare Providers", narrative=long_open)
    minutes_services.minute_create(
        meeting=previous,
        item=secret,
        title="St Matthew's action plan",
        narrative="<p>Members questioned officers in private.</p>",
    )
    minutes_services.minutes_publish(minutes=previous.minutes)
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    texts = pages_text(read(api.pack_for(meeting, EXEMPT_READER)))
    open_only = [t for t in texts if "Openly discussed point 1 " in t]
    assert open_only and all("NOT FOR PUBLICATION" not in t for t in open_only)
    exempt_pages = [t for t in texts if "Members questioned officers in private" in t]
    assert exempt_pages
    stamp = "NOT FOR PUBLICATION – paragraph 3 of Schedule 12A to the Local Government Act 1972"
    for text in exempt_pages:
        assert stamp in " ".join(text.split())  # the stamp (the minute itself says "– this minute …")
    printed = pages_text(read(api.printed_minutes_for(previous, EXEMPT_READER)))
    assert "NOT FOR PUBLICATION" not in printed[0]
    assert any(stamp in " ".join(t.split()) and "Members questioned officers in private" in t for t in printed)
