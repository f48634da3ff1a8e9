"""The demo shows the meeting cycle: the 2 October 2018 despatches, a held meeting, a
cancelled one with its notice, and an announced meeting with its work programme."""

import datetime
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded, db):
    return Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 10, 2))


def pdf_text(response) -> list[str]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_october_meeting_has_its_main_and_supplementary_despatch(demo, public, councillor):
    main, supplement = demo.despatches.order_by("number")
    assert main.issued_on == datetime.date(2018, 9, 24) and main.label == "Agenda"
    assert supplement.label == "Supplementary agenda 1" and supplement.issued_on > main.issued_on
    assert [row["title"] for row in supplement.manifest["papers"]] == [
        "Newall Green High School - Ofsted Inspection Action Plan",
        "The Grange School - Ofsted Inspection Action Plan",
    ]
    assert all(row["exempt"] for row in supplement.manifest["papers"])
    assert demo.status == Meeting.Status.HELD
    page = public.get(demo.get_absolute_url()).content.decode()
    assert "This agenda was issued on Monday, 24 September 2018" in page
    assert "Supplementary agenda 1 was issued on Friday, 28 September 2018" in page
    # The public supplement is a front sheet only; the councillor's carries the exempt plans.
    public_texts = pdf_text(public.get(f"/meetings/{demo.pk}/despatches/1/pack.pdf"))
    assert "Supplementary agenda 1" in public_texts[0]
    full = councillor.get(f"/meetings/{demo.pk}/despatches/1/pack.pdf")
    assert "supplementary-agenda-1-pack-including-exempt.pdf" in full["Content-Disposition"]
    texts = pdf_text(full)
    plan_pages = [t for t in texts if "Improvement action plan following" in t]
    assert len(plan_pages) == 2
    assert all("paragraph 3 of Schedule 12A" in t for t in plan_pages)


def test_main_front_sheet_prints_as_the_seed(demo, public):
    front = "\n".join(pdf_text(public.get(f"/meetings/{demo.pk}/despatches/0/front-sheet.pdf")))
    assert "Newall Green High School - Ofsted Inspection Action Plan – to follow" in front
    assert "Exempt under paragraph" not in front, "the seed's to-follow items show only their titles"
    assert "This agenda was issued on Monday, 24 September 2018" in front


def test_cancelled_meeting_keeps_its_notice(demo, public):
    cancelled = Meeting.objects.get(committee=demo.committee, start__date=datetime.date(2018, 12, 4))
    assert cancelled.status == Meeting.Status.CANCELLED
    page = public.get(cancelled.get_absolute_url()).content.decode()
    assert "This meeting has been cancelled" in page
    assert "no business requiring the Subgroup" in page


def test_announced_meeting_shows_on_home_page_and_work_programme(demo, public):
    upcoming = (
        Meeting.objects.filter(committee=demo.committee, agenda_issued_on__isnull=True, status="scheduled")
        .order_by("-start")
        .first()
    )
    assert upcoming.announced and not upcoming.is_published
    home = public.get("/").content.decode()
    assert upcoming.get_absolute_url() in home and "Agenda not yet published" in home
    programme = public.get(
        f"/committees/{demo.committee.slug}/work-programme/?year={upcoming.municipal_year[:4]}"
    ).content.decode()
    assert "Improvement action plans – progress" in programme


def test_demo_loads_twice_without_touching_despatches(demo):
    before = list(demo.despatches.values_list("pk", "manifest"))
    call_command("load_demo", stdout=io.StringIO())
    assert list(demo.despatches.values_list("pk", "manifest")) == before
