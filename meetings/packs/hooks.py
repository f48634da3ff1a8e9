"""The "Publish agenda" hook: prebuild the public pack when an agenda is issued.

Connected in MeetingsConfig.ready(). meeting_publish sends agenda_published on commit; the build
runs synchronously but a failure never breaks publishing: it is logged and recorded as a failed
PackBuild, which officers see as a warning in the admin (Built PDFs, and on the meeting).
"""

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save

from meetings.agendas.signals import agenda_published, despatch_issued
from meetings.packs import stamp

logger = logging.getLogger(__name__)


def connect() -> None:
    # Invalidate the cheap "nothing changed" check of stored packs on any change to our data.
    post_save.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.post_save")
    post_delete.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.post_delete")
    m2m_changed.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.m2m_changed")
    agenda_published.connect(prebuild_on_publish, dispatch_uid="meetings.packs.prebuild_on_publish")
    despatch_issued.connect(store_despatch_on_issue, dispatch_uid="meetings.packs.store_despatch_on_issue")


def store_despatch_on_issue(sender, despatch, **kwargs):
    """Store the despatch's packs as issued; a failure is logged and the files are built from the
    despatch's manifest on first download."""
    from meetings.packs import api

    try:
        api.store_despatch_packs(despatch)
    except Exception:  # noqa: BLE001 - issuing must not fail because of the pack
        logger.exception("Storing the packs of %s failed", despatch)


def prebuild_on_publish(sender, meeting, **kwargs):
    from meetings.packs import api, cache
    from meetings.packs.models import PackBuild

    try:
        api.prebuild(meeting, full=False)
    except Exception as exc:  # noqa: BLE001 - publishing must not fail because of the pack
        logger.exception("Prebuilding the agenda pack of %s failed", meeting)
        cache.record_failure(
            meeting,
            PackBuild.Variant.PUBLIC,
            "prebuild-failed",
            f"The agenda pack could not be prebuilt when the agenda was issued: {exc!r}. "
            "It will be built when someone first downloads it.",
        )
