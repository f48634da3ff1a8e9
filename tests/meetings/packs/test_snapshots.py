"""Action plan snapshots attached to an agenda item are printed (landscape) in the pack."""

import io

from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from actionplans import services as plan_services
from meetings.packs import api
from tests.actionplans.factories import ActionFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import read


def test_snapshot_is_a_landscape_part_of_the_pack_and_exempt_ones_are_withheld(db):
    action = ActionFactory(activity="Audit every open case file")
    plan = action.recommendation.plan
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=1, title="Improvement plan")
    secret = AgendaItemFactory(meeting=meeting, number=2, title="School plan", exempt=True, exempt_paragraph=3)
    plan_services.snapshot_create(plan=plan, agenda_item=item)
    build = api.pack_for(meeting, AnonymousUser())
    reader = PdfReader(io.BytesIO(read(build)))
    texts = [page.extract_text() for page in reader.pages]
    snapshot_pages = [i for i, t in enumerate(texts) if "Audit every open case file" in t]
    assert snapshot_pages
    box = reader.pages[snapshot_pages[0]].mediabox
    assert box.width > box.height  # landscape
    assert texts[snapshot_pages[0]].strip().splitlines()  # numbered like every page after the front sheet

    plan_services.snapshot_create(plan=plan, agenda_item=secret, title="Exempt snapshot")
    public = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(read(api.pack_for(meeting, AnonymousUser())))).pages
    )
    assert public.count("Audit every open case file") == len(snapshot_pages)
    from meetings.visibility import EXEMPT_READER

    full = [p.extract_text() for p in PdfReader(io.BytesIO(read(api.pack_for(meeting, EXEMPT_READER)))).pages]
    marked = [t for t in full if "Audit every open case file" in t and "NOT FOR PUBLICATION" in t]
    assert len(marked) == len(snapshot_pages)  # the exempt item's copy, marked on every page
