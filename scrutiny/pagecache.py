"""Anonymous pages served from the cache, keyed by content version (README "Caching").

Every public HTML page, feed, calendar, sitemap and API answer that an anonymous visitor gets is
stored in ``caches["default"]`` under a key made of:

- the content version: the change counter (meetings/packs/stamp.py) that every save or delete of
  our apps' models bumps in the same transaction, so publishing, withdrawing, marking exempt …
  give a new key at once (the version is read before the page's data, so a page rendered while a
  change commits is stored under the old, already abandoned key);
- today's date, so the rollover that publishes an agenda issued "today" gives a new key;
- the code version (a hash of the project's code and templates, computed once per process);
- the scheme, host, path with query, and the Accept and Origin headers.

Entries live PAGE_CACHE_SECONDS (which also bounds how long an "upcoming" meeting that has started
stays listed as upcoming). Answers carry ``ETag`` and ``Last-Modified`` and honour conditional
requests (304); stored ones say ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`` and
``Vary: Cookie``. Signed-in answers are ``private`` and never stored nor served from the cache.

A request is "anonymous" here only if it carries no session cookie, no messages cookie and no
Authorization header: such a request cannot be signed in, so no user lookup is needed. Never
stored: anything but a GET answered 200, streaming answers (files), answers that set a cookie
(a CSRF form, a session, messages), that used a CSP nonce, that say private/no-store/no-cache or
vary on other headers, and the paths in PAGE_CACHE_EXCLUDE (admin, sign-in, alerts).

Stored files (packs, front sheets, printed minutes, papers: meetings/sending.py) are
cached by what to send (path, ETag, headers), never by their bytes: a hit sends the file again
from disk (ranges and 304s included), after one query for the content version.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/alerts/")
KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_ORIGIN")
ALLOWED_VARY = {"cookie", "accept", "origin", "accept-encoding"}
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")

_code_version: str | None = None


def code_version() -> str:
    """A hash of the modification times and sizes of the project's code and templates."""
    global _code_version
    if _code_version is None:
        base = Path(settings.BASE_DIR)
        digest = hashlib.sha256()
        roots = [base / "templates", base / "scrutiny", *(base / app for app in settings.LOCAL_APPS)]
        for root in roots:
            for path in sorted(root.rglob("*")):
                if path.suffix in {".py", ".html", ".txt", ".xml", ".json"} and "__pycache__" not in path.parts:
                    stat = path.stat()
                    digest.update(f"{path}|{stat.st_mtime_ns}|{stat.st_size}\n".encode())
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if manifest.is_file():
            digest.update(manifest.read_bytes())
        _code_version = digest.hexdigest()[:16]
    return _code_version


def content_version() -> str:
    """The change counter (as meetings.packs.stamp.current() reads it, in one plain query), today's
    date and the code version."""
    from django.db import connection

    from meetings.packs import stamp
    from meetings.packs.models import PackGeneration

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PackGeneration._meta.db_table} WHERE id = 1")  # noqa: S608 - the table name is our own model's, not input
        row = cursor.fetchone()
    return f"{row[0] if row else 0}-{stamp._environment()}|{timezone.localdate().isoformat()}|{code_version()}"


def is_anonymous_request(request) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cache_key(request, version: str) -> str:
    parts = [version, request.scheme, request.get_host(), request.get_full_path()]
    parts += [request.META.get(header, "") for header in KEY_HEADERS]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _excluded(request) -> bool:
    prefixes = getattr(settings, "PAGE_CACHE_EXCLUDE", EXCLUDED_PREFIXES)
    return request.path_info.startswith(prefixes)


def _cache_control_forbids(response) -> bool:
    value = response.get("Cache-Control", "").lower()
    return any(directive in value for directive in NO_STORE_DIRECTIVES)


def storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    if _cache_control_forbids(response):
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= ALLOWED_VARY


def file_storable(request, response) -> bool:
    """A stored file's answer (meetings/sending.py) whose resolution may be kept: public,
    asked for anonymously, and answered 200, 206 or 304 (the same file whatever the range)."""
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 206, 304) or response.cookies:
        return False
    if any(d in response.stored_file["cache_control"].lower() for d in NO_STORE_DIRECTIVES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and getattr(user, "is_authenticated", False))


def _etag(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["default"]

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or _excluded(request):
            return self.mark_private_if_signed_in(request, self.get_response(request))
        if not is_anonymous_request(request) or settings.PAGE_CACHE_SECONDS <= 0:
            return self.conditional(request, self.mark_private_if_signed_in(request, self.get_response(request)))

        key = cache_key(request, content_version())
        entry = self.cache.get(key)
        if entry is not None:
            response = self.from_entry(request, entry)
            if response is not None:
                return response

        response = self.get_response(request)
        stored_file = getattr(response, "stored_file", None)
        if stored_file is not None:
            # A stored file (pack, paper): keep what to send, not the bytes; a hit sends it again.
            if file_storable(request, response):
                self.cache.set(key, ("file", stored_file), settings.PAGE_CACHE_SECONDS)
            return response
        if not storable(request, response):
            return self.conditional(request, response)
        content = response.content
        response["ETag"] = _etag(content)
        response["Last-Modified"] = http_date(time.time())
        patch_cache_control(response, public=True)
        if "max-age" not in response.get("Cache-Control", ""):
            patch_cache_control(response, max_age=settings.PAGE_CACHE_MAX_AGE)
        patch_vary_headers(response, ("Cookie",))
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in {"set-cookie", "date"}]
        self.cache.set(key, (response.status_code, headers, content), settings.PAGE_CACHE_SECONDS)
        return self.conditional(request, response)

    def from_entry(self, request, entry) -> HttpResponse:
        if entry[0] == "file":
            from django.http import Http404

            from meetings.sending import send_file

            try:
                response = send_file(request, **entry[1])
            except Http404:  # the file was replaced meanwhile: ask the view
                return None
            response["X-Page-Cache"] = "hit"
            return response
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return self.conditional(request, response)

    @staticmethod
    def conditional(request, response):
        """Honour If-None-Match / If-Modified-Since on a complete 200 answer (adds an ETag)."""
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        from django.utils.http import parse_http_date_safe

        last_modified = None
        if response.has_header("Last-Modified"):
            last_modified = parse_http_date_safe(response["Last-Modified"])
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    @staticmethod
    def mark_private_if_signed_in(request, response):
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            patch_cache_control(response, private=True)
            value = response.get("Cache-Control", "")
            if not response.has_header("Expires") and "max-age" not in value and "no-store" not in value:
                patch_cache_control(response, no_cache=True)
        return response


def granted_permissions(user) -> list[int]:
    """The ids of the permissions granted to the user, directly or through a group, in one plain
    query (what ModelBackend reads, without building its two ORM queries on every request)."""
    from django.contrib.auth.models import Group
    from django.db import connection

    direct = user._meta.get_field("user_permissions").remote_field.through._meta
    by_group = Group._meta.get_field("permissions").remote_field.through._meta
    member = user._meta.get_field("groups").remote_field.through._meta
    sql = (
        f"SELECT {direct.get_field('permission').column} FROM {direct.db_table}"  # noqa: S608 - our models' tables
        f" WHERE {direct.get_field('user').column} = %s"
        f" UNION SELECT g.{by_group.get_field('permission').column} FROM {by_group.db_table} g"
        f" JOIN {member.db_table} m ON m.{member.get_field('group').column} = g.{by_group.get_field('group').column}"
        f" WHERE m.{member.get_field('user').column} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        return sorted(row[0] for row in cursor.fetchall())


def private_key(request, user, version: str) -> str:
    """The key of a signed-in page: the session, its CSRF secret, the user and everything the
    visibility rule reads from them (permissions, staff), the content version and the request."""
    parts = [
        "private",
        version,
        request.session.session_key or "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        str(user.pk),
        str(user.is_active),
        str(user.is_staff),
        str(user.is_superuser),
        ",".join(map(str, granted_permissions(user))),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *(request.META.get(header, "") for header in KEY_HEADERS),
    ]
    return "private-page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def private_storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str) or _cache_control_forbids(response):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= ALLOWED_VARY


class PrivatePageCacheMiddleware:
    """Signed-in pages kept for the session that asked for them (PRIVATE_PAGE_CACHE), keyed by
    the content version, the session, its CSRF secret and the user's permissions: a councillor
    going back to a page is answered without rendering it again, and nobody else ever gets it.
    Placed after authentication and the second-factor check. Not for requests with messages
    waiting, the excluded paths, or answers the public cache would not store (but pages with
    the sign-out form's CSRF token are kept: the token stays valid for the same CSRF secret)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["default"]

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method not in ("GET", "HEAD")
            or settings.PAGE_CACHE_SECONDS <= 0
            or not getattr(settings, "PRIVATE_PAGE_CACHE", True)
            or _excluded(request)
            or user is None
            or not user.is_authenticated
            or settings.CSRF_COOKIE_NAME not in request.COOKIES
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
            or "_messages" in request.session
        ):
            return self.get_response(request)
        key = private_key(request, user, content_version())
        entry = self.cache.get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "private-hit"
            return response
        response = self.get_response(request)
        if private_storable(request, response):
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in {"set-cookie", "date"}]
            self.cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
        return response
