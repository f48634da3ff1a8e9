"""Reads about committees: who sat on one on a given date, in the order councils print them."""

from django.db.models import Q

from meetings.committees.models import Committee, Membership

ROLE_ORDER = {
    Membership.Role.CHAIR: 0,
    Membership.Role.VICE_CHAIR: 1,
    Membership.Role.MEMBER: 2,
    Membership.Role.CO_OPTED: 3,
    Membership.Role.SUBSTITUTE: 4,
}


def sort_memberships(memberships):
    return sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.person.last_name, m.person.first_name))


def memberships_on(committee: Committee, on):
    qs = (
        Membership.objects.filter(committee=committee, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
    )
    return sort_memberships(qs)
