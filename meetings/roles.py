"""The groups that carry the visibility rule's permissions, kept in step after every migrate."""

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

COUNCILLORS = "Councillors"
COMMITTEE_OFFICERS = "Committee officers"


def officer_apps() -> list[str]:
    """Officers manage everything in the admin: the labels of our installed apps."""
    return [label for label in settings.LOCAL_APPS if apps.is_installed(label)]


def ensure_groups(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before the apps after it have their permissions: make them.
    for label in officer_apps():
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    perms = Permission.objects.using(using).select_related("content_type")
    councillors, _ = Group.objects.using(using).get_or_create(name=COUNCILLORS)
    councillors.permissions.add(*perms.filter(content_type__app_label="meetings", codename="view_exempt"))
    officers, _ = Group.objects.using(using).get_or_create(name=COMMITTEE_OFFICERS)
    ours = perms.filter(content_type__app_label__in=officer_apps())
    # The audit trail (django-simple-history's Historical* models) is read, never written or
    # deleted, by officers: only a superuser may touch it.
    history_writes = ours.filter(content_type__model__startswith="historical").exclude(codename__startswith="view_")
    officers.permissions.add(*ours.exclude(pk__in=history_writes))
    officers.permissions.remove(*history_writes)
    # Officers unlock sign-ins locked out by django-axes: they see and delete the attempts.
    officers.permissions.add(
        *perms.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog"],
        )
    )
