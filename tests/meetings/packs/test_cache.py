"""A pack is built once per content version and then served from storage."""

import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.models import PackBuild
from meetings.packs import api, builder, cache
from tests.meetings.builders import authored, upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import pages_text, read


def test_second_download_is_served_from_storage(client, seed_meeting, monkeypatch):
    first = api.pack_for(seed_meeting, AnonymousUser())

    def fail(plan):
        raise AssertionError("the pack was built again")

    monkeypatch.setattr(builder, "build_pack", fail)
    again = api.pack_for(seed_meeting, AnonymousUser())
    assert again.pk == first.pk and read(again) == read(first)
    assert first.path.startswith(f"packs/{seed_meeting.pk}/") and cache.is_stored(first.path)


@pytest.mark.parametrize("change", ["meeting", "item", "paper", "report"])
def test_any_content_change_gives_a_new_pack(seed_meeting, change):
    first = api.pack_for(seed_meeting, AnonymousUser())
    item2 = seed_meeting.items.get(number=2)
    if change == "meeting":
        seed_meeting.venue = "Room 2006, Level 2, Town Hall Extension"
        seed_meeting.save()
        expected = "Room 2006"
    elif change == "item":
        item2.title = "Revised action plan"
        item2.save()
        expected = "Revised action plan"
    elif change == "paper":
        upload(item2, title="Appendix", pages=1, text="Appendix text")
        expected = "Appendix text"
    else:
        section = seed_meeting.items.get(number=3).papers.get().report.sections.first()
        section.body = "A rewritten paragraph."
        section.save()
        expected = "A rewritten paragraph."
    second = api.pack_for(seed_meeting, AnonymousUser())
    assert second.key != first.key
    assert expected in "\n".join(pages_text(read(second)))
    assert not cache.is_stored(first.path)  # the superseded version is removed
    assert PackBuild.objects.filter(meeting=seed_meeting, variant="public").count() == 1


def test_build_lock_lets_one_builder_in_at_a_time(transactional_db):
    from django.db import connection

    inside, overlaps = [], []

    def work():
        try:
            with cache.build_lock("1-public"):
                if inside:
                    overlaps.append(True)
                inside.append(True)
                time.sleep(0.05)
                inside.pop()
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == []


def test_files_are_written_atomically(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target = tmp_path / "packs" / "1" / "x.pdf"
    cache.write("packs/1/x.pdf", b"%PDF-1.7 first")
    cache.write("packs/1/x.pdf", b"%PDF-1.7 second")  # the same name: replaced, never renamed
    assert target.read_bytes() == b"%PDF-1.7 second" and cache.read("packs/1/x.pdf") == b"%PDF-1.7 second"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]  # no temporary files left


def test_unchanged_pack_is_served_with_a_handful_of_queries(client, seed_meeting, django_assert_max_num_queries):
    from django.urls import reverse

    url = reverse("meetings:meeting-pack", args=[seed_meeting.pk])
    first = b"".join(client.get(url).streaming_content)
    with django_assert_max_num_queries(6):
        again = b"".join(client.get(url).streaming_content)
    assert again == first
    item = seed_meeting.items.get(number=2)
    item.purpose = "A new purpose for the report."
    item.save()  # any saved change is seen at once
    changed = "\n".join(pages_text(b"".join(client.get(url).streaming_content)))
    assert "A new purpose for the report." in changed


def test_parts_rendered_in_worker_processes_give_the_same_pack(db, settings):
    meeting = MeetingFactory()
    for number in (1, 2, 3):
        authored(AgendaItemFactory(meeting=meeting, number=number), subject=f"Report {number}", text=f"T{number}")
    settings.PACK_RENDER_PROCESSES = 2
    parallel = pages_text(read(api.pack_for(meeting, AnonymousUser())))
    assert len(list((settings.MEDIA_ROOT / "packs" / "parts").rglob("*.pdf"))) >= 3
    assert "T3 paragraph 1.1 of the report." in "\n".join(parallel)
