"""The change stamp: a cheap check that nothing has changed since a stored pack was verified.

Every post_save/post_delete of a model in our apps (except the pack and search/alert
bookkeeping) bumps PackGeneration in the same transaction. A PackBuild remembers the stamp it was
last verified against; while the stamp is unchanged the pack is served after two small queries.
Once anything changes, the next request computes the full content key (meeting data, items,
papers' sha256, rendered minutes …) and rebuilds only if that key differs. Changes made without
signals (QuerySet.update, raw SQL) are not seen until the next saved change; our services use
save().
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.db.models import F

from meetings.packs import render, structure

IGNORED_MODELS = {
    "meetings.packbuild",
    "meetings.packgeneration",
    "meetings.searchentry",
    "meetings.alertsubscription",
    "meetings.alertdelivery",
    "meetings.meetingcalendarentry",
    "meetings.backgroundjob",
    "meetings.buildclaim",
}


def _environment() -> str:
    text = f"{render.TEMPLATE_VERSION}|{structure.VERSION}|{settings.COUNCIL_NAME}|{settings.COUNCIL_ADDRESS}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def current() -> str:
    from meetings.packs.models import PackGeneration

    value = PackGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    return f"{value}-{_environment()}"


def bump() -> None:
    from meetings.packs.models import PackGeneration

    if not PackGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PackGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in settings.LOCAL_APPS or meta.label_lower in IGNORED_MODELS:
        return
    try:
        if apps.get_model(meta.label) is not sender:
            return  # a historical model in a data migration: the table may not exist yet
    except LookupError:
        return
    bump()
