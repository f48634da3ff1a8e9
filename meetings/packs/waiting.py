"""Packs that are ready, without building them; and the answer while one is being prepared.

A download finds the stored file for its reader's content version (a few queries, no
rendering). When there is none it enqueues the build (meetings/packs/tasks.py) and looks again:
with the immediate backend the file is there now; with the database backend the reader is told
the pack is being prepared:

- status **503 Service Unavailable** with ``Retry-After``: a browser shows the page ("being
  prepared, try again shortly"), while a script or download manager that asked for a PDF does not
  save that page as the pack (a 2xx would look like success) and knows when to ask again;
- ``Cache-Control: no-store``, so neither our page cache nor a proxy keeps the answer.
"""

from __future__ import annotations

from django.template.response import TemplateResponse

from meetings.agendas.models import Meeting
from meetings.packs import api, cache, stamp
from meetings.packs.models import PackBuild

RETRY_AFTER_SECONDS = 10


def stored_pack(meeting: Meeting, user) -> PackBuild | None:
    """The pack this user gets, if its current content version is stored."""
    current_stamp = stamp.current()
    variant = api.pack_variant(meeting, user)
    found = api.verified_build(meeting, variant, current_stamp)
    if found is not None:
        return found
    variant, plan = api.pack_plan(meeting, user)
    found = cache.ready_build(meeting, variant, plan.key())
    return api._verified(found, current_stamp) if found is not None else None


def stored_front_sheet(meeting: Meeting, user) -> PackBuild | None:
    current_stamp = stamp.current()
    found = api.verified_build(meeting, PackBuild.Variant.FRONT, current_stamp)
    if found is not None:
        return found
    found = cache.ready_build(meeting, PackBuild.Variant.FRONT, api.public_plan(meeting, user).key())
    return api._verified(found, current_stamp) if found is not None else None


def stored_despatch(despatch, user, *, front: bool = False) -> PackBuild | None:
    variant = PackBuild.Variant.FRONT if front else api.despatch_variant(despatch, user)
    for build in PackBuild.objects.filter(despatch=despatch, variant=variant, status=PackBuild.Status.READY):
        if cache.is_stored(build.path):
            return build
    return None


def preparing_response(request, meeting: Meeting, *, what: str) -> TemplateResponse:
    response = TemplateResponse(
        request,
        "meetings/pack/preparing.html",
        {"meeting": meeting, "what": what, "retry_after": RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
