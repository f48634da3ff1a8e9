"""The groups that carry the visibility rule's permissions, kept in step after every migrate."""

from django.db import DEFAULT_DB_ALIAS

COUNCILLORS = "Councillors"
COMMITTEE_OFFICERS = "Committee officers"

# Officers manage everything in the admin; this lists the apps whose models they edit.
OFFICER_APPS = ("meetings", "inspections", "actionplans")


def ensure_groups(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    perms = Permission.objects.using(using).select_related("content_type")
    councillors, _ = Group.objects.using(using).get_or_create(name=COUNCILLORS)
    councillors.permissions.add(*perms.filter(content_type__app_label="meetings", codename="view_exempt"))
    officers, _ = Group.objects.using(using).get_or_create(name=COMMITTEE_OFFICERS)
    officers.permissions.add(*perms.filter(content_type__app_label__in=OFFICER_APPS))
