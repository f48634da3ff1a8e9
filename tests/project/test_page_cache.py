"""The page cache (scrutiny/pagecache.py): anonymous answers keyed by content version, 304s,
private answers for signed-in users, and invalidation by publishing, withdrawing and exempting."""

import datetime
import pickle

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from meetings.packs import stamp
from scrutiny import pagecache
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

SECRET = "Quuxconfidential"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    caches["default"].clear()


@pytest.fixture
def meeting():
    committee = CommitteeFactory(name="Ofsted Subgroup", slug="ofsted-subgroup")
    meeting = MeetingFactory(committee=committee)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Harpurhey schools")
    PaperFactory(item=item, title="Harpurhey inspection report")
    PaperFactory(item=item, title=f"{SECRET} appendix", exempt=True)
    return meeting


def cached_values() -> list[bytes]:
    """Every value in the local-memory cache, unpickled to the bytes of the stored page."""
    backend = caches["default"]
    values = []
    for key, raw in backend._cache.items():
        if ":page:" not in key:
            continue  # signed-in pages are kept under private keys (test below)
        value = pickle.loads(raw)
        if isinstance(value, tuple) and len(value) == 3:
            values.append(value[2])
    return values


PUBLIC_URLS = [
    "/",
    "/committees/",
    "/meetings/",
    "/decisions/",
    "/search/?q=harpurhey",
    "/calendar.ics",
    "/feeds/agendas/",
    "/sitemap.xml",
    "/api/meetings/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_answers_are_cached_with_validators(url, meeting, django_assert_max_num_queries):
    public = Client()
    first = public.get(url)
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = public.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_conditional_requests_get_304(meeting):
    public, url = Client(), meeting.get_absolute_url()
    first = public.get(url)
    assert public.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert public.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert public.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    old = http_date(timezone.now().timestamp() - 86400)
    assert public.get(url, HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_signed_in_users_are_never_served_the_cached_page(meeting, councillor):
    url = meeting.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"  # warm
    response = councillor.get(url)
    assert "X-Page-Cache" not in response
    assert f"{SECRET} appendix" in response.content.decode()
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_nothing_exempt_or_draft_is_stored(meeting, councillor, officer):
    draft = MeetingFactory(committee=meeting.committee, agenda_issued_on=None)
    AgendaItemFactory(meeting=draft, number=1, title="Zanzibarquux plans")
    urls = [
        meeting.get_absolute_url(),
        draft.get_absolute_url(),
        "/",
        "/meetings/",
        "/api/meetings/",
        f"/search/?q={SECRET.lower()}",
        "/search/?q=zanzibarquux",
    ]
    for browser in (councillor, officer, Client()):
        for url in urls:
            browser.get(url)
    assert f"{SECRET} appendix" in officer.get(meeting.get_absolute_url()).content.decode()
    stored = cached_values()
    assert stored, "the anonymous answers should be stored"
    for content in stored:
        assert SECRET.encode() not in content and b"Zanzibarquux" not in content


def test_publishing_withdrawing_and_exempting_while_warm(meeting):
    public = Client()
    url = meeting.get_absolute_url()
    draft = MeetingFactory(
        committee=meeting.committee, agenda_issued_on=None, start=timezone.now() + datetime.timedelta(days=20)
    )
    AgendaItemFactory(meeting=draft, number=1, title="Flibbertigibbet review")
    for page in (url, "/", "/meetings/", "/api/meetings/"):
        public.get(page)
        assert public.get(page)["X-Page-Cache"] == "hit"
    assert b"Flibbertigibbet" not in public.get("/api/meetings/").content + public.get(draft.get_absolute_url()).content

    # Publishing: the agenda appears at once, everywhere.
    draft.agenda_issued_on = timezone.localdate()
    draft.save()
    assert b"Flibbertigibbet" in public.get(draft.get_absolute_url()).content

    # Marking a paper exempt: gone from the public page at once.
    paper = meeting.items.get().papers.get(title="Harpurhey inspection report")
    assert b"Harpurhey inspection report" in public.get(url).content
    paper.exempt = True
    paper.save()
    response = public.get(url)
    assert "X-Page-Cache" not in response
    assert b"Harpurhey inspection report" not in response.content

    # Withdrawing: the meeting's agenda is no longer public.
    assert public.get(draft.get_absolute_url()).status_code == 200
    draft.agenda_issued_on = None
    draft.announced = False
    draft.save()
    assert public.get(draft.get_absolute_url()).status_code == 404
    assert b"Flibbertigibbet" not in public.get("/api/meetings/").content


def test_the_date_rollover_publishes_an_agenda_issued_today(meeting, monkeypatch):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    upcoming = MeetingFactory(
        committee=meeting.committee,
        agenda_issued_on=tomorrow,
        announced=True,
        start=timezone.now() + datetime.timedelta(days=9),
    )
    AgendaItemFactory(meeting=upcoming, number=1, title="Snickersnee item")
    public, url = Client(), upcoming.get_absolute_url()
    before = public.get(url)
    if before.status_code == 200:
        assert public.get(url)["X-Page-Cache"] == "hit"
        assert b"Snickersnee" not in before.content
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=1))
    after = public.get(url)
    assert after.status_code == 200 and "X-Page-Cache" not in after
    assert b"Snickersnee" in after.content


def test_key_holds_version_date_host_path_and_accept():
    factory = RequestFactory()
    request = factory.get("/meetings/?page=2", HTTP_ACCEPT="application/json")
    key = pagecache.cache_key(request, "v1")
    assert key != pagecache.cache_key(request, "v2")
    assert key != pagecache.cache_key(factory.get("/meetings/?page=3", HTTP_ACCEPT="application/json"), "v1")
    assert key != pagecache.cache_key(factory.get("/meetings/?page=2", HTTP_ACCEPT="text/html"), "v1")
    version = pagecache.content_version()
    assert timezone.localdate().isoformat() in version
    stamp.bump()
    assert pagecache.content_version() != version


def test_api_formats_are_kept_apart(meeting):
    public = Client()
    as_json = public.get("/api/meetings/", HTTP_ACCEPT="application/json")
    as_html = public.get("/api/meetings/", HTTP_ACCEPT="text/html")
    assert as_json["Content-Type"].startswith("application/json")
    if as_html.status_code == 200 and "X-Page-Cache" not in as_html:
        assert as_html["Content-Type"].startswith("text/html")
    assert public.get("/api/meetings/", HTTP_ACCEPT="application/json")["Content-Type"].startswith("application/json")


def test_never_stored_posts_admin_cookies_and_sessions(meeting, councillor_user):
    public = Client()
    for _ in range(2):
        assert "X-Page-Cache" not in public.get("/admin/login/")
        assert "X-Page-Cache" not in public.get("/accounts/login/")
        assert "X-Page-Cache" not in public.get("/alerts/")
    public.get("/")
    # A request carrying a session cookie is never answered from the cache, signed in or not.
    with_session = Client()
    with_session.force_login(councillor_user)
    assert "X-Page-Cache" not in with_session.get("/")
    with_session.logout()
    with_session.cookies["sessionid"] = "not-a-session"
    assert "X-Page-Cache" not in with_session.get("/")

    factory = RequestFactory()
    from django.http import HttpResponse

    ok = HttpResponse("page")
    get = factory.get("/")
    assert pagecache.storable(get, ok)
    assert not pagecache.storable(factory.post("/"), HttpResponse("page"))
    with_cookie = HttpResponse("form")
    with_cookie.set_cookie("csrftoken", "x")
    assert not pagecache.storable(get, with_cookie)
    assert not pagecache.storable(get, HttpResponse("gone", status=404))
    private = HttpResponse("mine")
    private["Cache-Control"] = "private"
    assert not pagecache.storable(get, private)
    varies = HttpResponse("page")
    varies["Vary"] = "Accept-Language"
    assert not pagecache.storable(get, varies)
    nonce = factory.get("/")
    nonce._csp_nonce = "abc"
    assert not pagecache.storable(nonce, HttpResponse("page"))


def test_reading_pages_does_not_move_the_version(meeting):
    public = Client()
    version = stamp.current()
    pack = reverse("meetings:meeting-pack", args=[meeting.pk])
    for url in (meeting.get_absolute_url(), "/", "/calendar.ics", "/api/meetings/", pack):
        public.get(url)
    assert stamp.current() == version


def test_public_pack_is_sent_from_the_cached_resolution(meeting, django_assert_max_num_queries):
    from meetings.packs import api

    api.prebuild(meeting)
    public, url = Client(), reverse("meetings:meeting-pack", args=[meeting.pk])
    first = public.get(url)
    data = b"".join(first.streaming_content)
    with django_assert_max_num_queries(1):
        second = public.get(url)
        assert b"".join(second.streaming_content) == data
    assert second["X-Page-Cache"] == "hit" and second["ETag"] == first["ETag"]
    with django_assert_max_num_queries(1):
        part = public.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and b"".join(part.streaming_content) == data[:100]
    assert public.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_exempt_papers_are_not_cached_for_anyone(meeting, councillor):
    exempt = meeting.items.get().papers.get(exempt=True)
    url = exempt.get_absolute_url()
    assert councillor.get(url).status_code in (200, 404)
    assert Client().get(url).status_code == 404
    assert all(
        not (isinstance(v, tuple) and v[0] == "file")
        for v in (pickle.loads(raw) for raw in caches["default"]._cache.values())
    )


def test_signed_in_pages_are_kept_per_session_and_permissions(meeting, councillor_user):
    from django.contrib.auth.models import Group

    from meetings.roles import COUNCILLORS

    url = meeting.get_absolute_url()
    first_browser = Client()
    first_browser.force_login(councillor_user)
    first_browser.get("/")  # the browser gets its CSRF cookie
    first = first_browser.get(url)
    assert f"{SECRET} appendix" in first.content.decode()
    second = first_browser.get(url)
    assert second["X-Page-Cache"] == "private-hit" and second.content == first.content
    assert "private" in second["Cache-Control"]
    # Another session of the same user, and the public, never get it.
    other = Client()
    other.force_login(councillor_user)
    other.get("/")
    assert "X-Page-Cache" not in other.get(url)
    assert SECRET not in Client().get(url).content.decode()
    # Losing the permission: a new key at once (the auth tables do not move the content version).
    councillor_user.groups.remove(Group.objects.get(name=COUNCILLORS))
    after = first_browser.get(url)
    assert "X-Page-Cache" not in after and SECRET not in after.content.decode()
    # A content change: a new key.
    councillor_user.groups.add(Group.objects.get(name=COUNCILLORS))
    first_browser.get(url)
    meeting.items.get().papers.filter(exempt=True).get().delete()
    assert "X-Page-Cache" not in first_browser.get(url)
    # Signing out ends it.
    first_browser.get(url)
    first_browser.logout()
    assert SECRET not in first_browser.get(url).content.decode()


def test_cache_url_picks_the_backend():
    import os

    from django.core.exceptions import ImproperlyConfigured

    from scrutiny.settings.base import env_cache

    def parsed(value):
        os.environ["TEST_CACHE_URL"] = value
        try:
            return env_cache("TEST_CACHE_URL")
        finally:
            del os.environ["TEST_CACHE_URL"]

    assert parsed("")["BACKEND"].endswith("LocMemCache")
    assert parsed("locmem://")["BACKEND"].endswith("LocMemCache")
    redis = parsed("redis://127.0.0.1:6379/5")
    assert redis["BACKEND"] == "django_redis.cache.RedisCache" and redis["LOCATION"] == "redis://127.0.0.1:6379/5"
    assert parsed("dummy://")["BACKEND"].endswith("DummyCache")
    with pytest.raises(ImproperlyConfigured):
        parsed("memcached://x")


def test_pages_are_cached_in_redis_when_configured(meeting, settings):
    """With CACHE_URL=redis://… the page cache is shared by every process (skipped without Redis)."""
    from django.core.cache import caches as all_caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "scrutiny-test",
        }
    }
    backend = all_caches["default"]
    try:
        backend.clear()
    except Exception as exc:  # noqa: BLE001 - any connection error means the server is not there
        pytest.fail(f"No Redis server on 127.0.0.1:6379 (.ci/run starts one): {exc}")
    try:
        url = meeting.get_absolute_url()
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    finally:
        backend.clear()
