"""Stand-in users for builds made without a request (prebuilds), so they still go through the
visibility rule (meetings.visibility) rather than around it."""

from django.contrib.auth.models import AnonymousUser

from .. import visibility


class PackAudience:
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, *perms: str):
        self._perms = set(perms)

    def has_perm(self, perm, obj=None) -> bool:
        return perm in self._perms

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(p) for p in perms)


PUBLIC = AnonymousUser()
EXEMPT_READER = PackAudience(visibility.VIEW_EXEMPT)


def for_pack(include_exempt: bool):
    return EXEMPT_READER if include_exempt else PUBLIC
