import io

import pytest
from pypdf import PdfReader

from meetings.models import AgendaItem, Membership
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

from ..builders import authored, upload


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def read(build) -> bytes:
    from meetings.packs import cache

    return cache.read(build.path)


@pytest.fixture
def seed_meeting(db):
    """A meeting shaped like the 2 October 2018 agenda: minutes, a 12-page uploaded report,
    terms and work programme with an authored report, exclusion of the public, an exempt item."""
    officer = PersonFactory(
        kind="officer",
        title="",
        first_name="Rachel",
        last_name="McKeon",
        telephone="0161 234 4497",
        email="rachel.mckeon@example.org",
    )
    committee = CommitteeFactory(name="Ofsted Subgroup", contact_officer=officer)
    chair = PersonFactory(last_name="Lovecy", initials="")
    MembershipFactory(committee=committee, person=chair, role=Membership.Role.CHAIR)
    MembershipFactory(committee=committee, person=PersonFactory(last_name="Judge", initials="T"))
    MembershipFactory(
        committee=committee,
        person=PersonFactory(kind="co_opted", title="Mrs", initials="B", last_name="Kellner"),
        role=Membership.Role.CO_OPTED,
    )
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=1, title="Minutes", kind=AgendaItem.Kind.MINUTES)
    report = AgendaItemFactory(
        meeting=meeting,
        number=2,
        title="Post Inspection Action Plan",
        report_of="the Deputy Director of Children's Services",
    )
    upload(report, title="Post Inspection Action Plan", pages=12, text="Action plan")
    terms = AgendaItemFactory(
        meeting=meeting,
        number=3,
        title="Terms of Reference and Work Programme",
        kind=AgendaItem.Kind.TERMS_AND_WORK_PROGRAMME,
    )
    authored(terms, subject="Work programme report", sections=2, paragraphs=3, text="Programme")
    AgendaItemFactory(meeting=meeting, number=4, title="Exclusion of the Public", kind=AgendaItem.Kind.EXCLUSION)
    secret = AgendaItemFactory(
        meeting=meeting, number=5, title="Newall Green High School - Action Plan", exempt=True, exempt_paragraph=3
    )
    upload(secret, title="Newall Green action plan", pages=3, text="Confidential school plan")
    return meeting
