"""Fixtures shared by the areas of meetings (syndication and alerts read the same agendas and minutes)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from meetings.minutes import services as ms
from meetings.models import AgendaItem, Committee, Meeting, Paper

from .factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, PaperFactory


@dataclass
class World:
    committee: Committee
    other_committee: Committee
    published: Meeting
    draft: Meeting
    open_item: AgendaItem
    exempt_item: AgendaItem
    open_paper: Paper
    exempt_paper: Paper
    paper_of_exempt_item: Paper
    draft_paper: Paper


@pytest.fixture
def world(db) -> World:
    """A published meeting with an open paper, an exempt paper and an exempt item, and a draft
    meeting of the same committee. Draft and exempt things carry unmistakable words."""
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup", short_code="CYP/OSG")
    other = CommitteeFactory(name="Economy Scrutiny Committee", slug="economy", short_code="ECO")
    start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=10), datetime.time(10))
    )
    published = MeetingFactory(
        committee=committee,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="Council Antechamber, Level 2, Town Hall Extension",
    )
    draft = MeetingFactory(
        committee=committee, start=start + datetime.timedelta(days=28), agenda_issued_on=None, venue="Draftvenue Room"
    )
    open_item = AgendaItemFactory(meeting=published, number=1, title="Ofsted inspection of Harpurhey schools")
    exempt_item = AgendaItemFactory(
        meeting=published, number=2, title="Children's home contract", exempt=True, exempt_paragraph=3
    )
    draft_item = AgendaItemFactory(meeting=draft, number=1, title="Zanzibarquux secret plans")
    return World(
        committee=committee,
        other_committee=other,
        published=published,
        draft=draft,
        open_item=open_item,
        exempt_item=exempt_item,
        open_paper=PaperFactory(item=open_item, title="Harpurhey inspection report"),
        exempt_paper=PaperFactory(item=open_item, title="Quuxconfidential appendix", exempt=True),
        paper_of_exempt_item=PaperFactory(item=exempt_item, title="Contract prices"),
        draft_paper=PaperFactory(item=draft_item, title="Draftpaper report"),
    )


@dataclass
class MinutesWorld:
    meeting: Meeting
    minutes: object
    open_minute: object
    exempt_minute: object
    open_decision: object
    exempt_decision: object
    draft_minutes_meeting: Meeting


@pytest.fixture
def minutes_world(world) -> MinutesWorld:
    """Published minutes of a past meeting of the Ofsted Subgroup (one open minute with a decision,
    one exempt minute with a decision) and unpublished minutes of another past meeting."""
    past = timezone.now() - datetime.timedelta(days=5)
    meeting = MeetingFactory(
        committee=world.committee, start=past, agenda_issued_on=timezone.localdate() - datetime.timedelta(days=12)
    )
    item = AgendaItemFactory(meeting=meeting, number=1, title="Wibblefrotz school improvement")
    secret_item = AgendaItemFactory(meeting=meeting, number=2, title="Staffing matter", exempt=True, exempt_paragraph=1)
    open_minute = ms.minute_create(
        meeting=meeting, item=item, title=item.title, narrative="<p>The Subgroup discussed Glorpwidget attendance.</p>"
    )
    open_decision = ms.decision_create(minute=open_minute, text="To invite the headteacher of Plumbob Academy.")
    exempt_minute = ms.minute_create(
        meeting=meeting,
        item=secret_item,
        title=secret_item.title,
        narrative="<p>Secretnarrativeword discussed in private.</p>",
    )
    exempt_decision = ms.decision_create(minute=exempt_minute, text="Secretdecisionword to be approved.")
    minutes = ms.minutes_publish(minutes=meeting.minutes)

    other = MeetingFactory(
        committee=world.committee,
        start=past - datetime.timedelta(days=30),
        agenda_issued_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    hidden = ms.minute_create(
        meeting=other, title="Unpublishedminuteword heading", narrative="<p>Unpublishedminuteword</p>"
    )
    ms.decision_create(minute=hidden, text="Unpublisheddecisionword")
    return MinutesWorld(
        meeting=meeting,
        minutes=minutes,
        open_minute=open_minute,
        exempt_minute=exempt_minute,
        open_decision=open_decision,
        exempt_decision=exempt_decision,
        draft_minutes_meeting=other,
    )
