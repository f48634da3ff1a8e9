"""One build per pack version across processes and machines (meetings/packs/locks.py)."""

import datetime
import multiprocessing
import os
import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.utils import timezone

from meetings.packs import api, builder, locks
from meetings.packs.models import BuildClaim, PackBuild
from tests.meetings.builders import upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def test_no_file_locks_anywhere():
    import pathlib

    import meetings

    root = pathlib.Path(meetings.__file__).parent
    assert not [p for p in root.rglob("*.py") if "fcntl" in p.read_text()]


def test_a_live_claim_makes_the_next_builder_wait_until_it_is_released(transactional_db):
    """SQLite's lock (a claimed row): the second builder polls until the first is done."""
    order = []

    def first():
        try:
            with locks._claimed("7-public", using="default"):
                order.append("first in")
                time.sleep(0.4)
                order.append("first out")
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    while not order:
        time.sleep(0.01)
    with locks._claimed("7-public", using="default"):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    assert not BuildClaim.objects.exists()  # released


def test_a_stale_claim_is_taken_over(db, settings):
    settings.PACK_BUILD_CLAIM_STALE_SECONDS = 60
    BuildClaim.objects.create(name="8-public", token="dead", claimed_at=timezone.now() - datetime.timedelta(seconds=61))
    with locks._claimed("8-public", using="default"):
        assert BuildClaim.objects.get(name="8-public").token != "dead"
    assert not BuildClaim.objects.filter(name="8-public").exists()


def _build_in_child(meeting_pk: int, counter: str, go) -> None:
    """A separate builder process: waits for the start signal, then asks for the pack."""
    from meetings.agendas.models import Meeting

    for conn in connections.all(initialized_only=True):
        conn.connection = None  # the parent's socket is not ours: open our own connection
    original = builder.build_pack

    def counting(*args, **kwargs):
        with open(counter, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # a slow build: the others must be waiting, not building
        return original(*args, **kwargs)

    builder.build_pack = counting
    go.wait(30)
    try:
        api.pack_for(Meeting.objects.get(pk=meeting_pk), AnonymousUser())
    finally:
        connections.close_all()


@pytest.mark.postgresql
def test_concurrent_builders_in_separate_processes_build_the_pack_once(transactional_db, tmp_path):
    """Four processes, each with its own database connection (as on four machines), ask for the
    same pack not yet built: one renders it, the others wait for the advisory lock and find it."""
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://… (the PostgreSQL CI run)"
    meeting = MeetingFactory()
    upload(AgendaItemFactory(meeting=meeting, number=1), title="Budget report", pages=2)
    counter = tmp_path / "renders.txt"
    connections.close_all()  # forked children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    go = context.Event()
    children = [context.Process(target=_build_in_child, args=(meeting.pk, str(counter), go)) for _ in range(4)]
    for child in children:
        child.start()
    go.set()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0, 0, 0]
    assert len(counter.read_text().splitlines()) == 1
    assert PackBuild.objects.filter(meeting=meeting, variant="public", status="ready").count() == 1
