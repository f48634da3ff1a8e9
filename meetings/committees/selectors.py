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


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def member_lines(memberships, *, representing: bool = False) -> tuple[str, str]:
    """The membership as agenda front sheets and terms of reference print it: the councillors
    ('Alijah, Collins, … Lovecy (Chair) and Stone') and the co-opted members ('Mrs B Kellner and
    Mr R Lammas', each followed by what they represent when `representing`), by surname;
    substitutes are not members."""
    members = sorted(
        (m for m in memberships if m.role != Membership.Role.SUBSTITUTE),
        key=lambda m: (m.person.last_name, m.person.initials, m.person.first_name),
    )
    councillors, co_opted = [], []
    for m in members:
        name = m.person.short_name
        if m.role == Membership.Role.CO_OPTED or m.person.kind == m.person.Kind.CO_OPTED:
            co_opted.append(f"{name} ({m.representing})" if representing and m.representing else name)
            continue
        if m.role == Membership.Role.CHAIR:
            name += " (Chair)"
        elif m.role == Membership.Role.VICE_CHAIR:
            name += " (Vice-Chair)"
        councillors.append(name)
    return join_names(councillors), join_names(co_opted)
