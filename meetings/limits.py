"""Abuse limits (README "Signing in and abuse limits"): a foundation any area may use.

- `client_ip(request)`: the address rate limits and sign-in lockouts count by (django-axes uses
  it through AXES_CLIENT_IP_CALLABLE). REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT proxies
  stand in front, each appending the address it saw to X-Forwarded-For: then the address the
  outermost trusted proxy saw. Anything further left in the header is the client's own claim.
- `within_limit(key, limit, seconds)`: a counter in the `limits` cache, for limits such as
  confirmation emails per address. That cache is shared by every web process on every machine:
  Redis when CACHE_URL names it, otherwise a table in the database (settings CACHES["limits"]).
"""

from django.conf import settings
from django.core.cache import caches


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return remote


def within_limit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more use of `key` in a window of `seconds`; False once `limit` is exceeded.

    The window starts with the first use (fixed window, no sliding). A limit of 0 or less turns
    the limit off."""
    if limit <= 0:
        return True
    cache = caches["limits"]
    key = f"abuse-limit:{key}"
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return True
    return count <= limit
