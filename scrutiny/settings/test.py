"""Settings for the test suite: the real settings with test-only defaults."""

import os
import tempfile
from pathlib import Path

# The environment must be complete before the base settings read it.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402, F403 - the test settings are the base settings plus what follows
from .base import BASE_DIR, DATABASES  # noqa: E402 - see above

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="scrutiny-test-media-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "packs": {"BACKEND": "meetings.storage.BuiltFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None
ARTIFACTS_DIR = BASE_DIR / "test-artifacts"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="scrutiny-test-static-"))
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# No persistent connections in tests: live-server request threads must not keep sessions open
# on the test database (PostgreSQL cannot drop a database that is still in use).
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The test client speaks plain HTTP: no redirect to HTTPS, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# No second factor for staff in tests, except those that check it (they turn it on).
OTP_REQUIRED_FOR_STAFF = False
# The page cache (scrutiny/pagecache.py) is off unless a test turns it on (tests/project/
# test_page_cache.py) or the run sets PAGE_CACHE_SECONDS: many tests change data without signals
# (QuerySet.update) or patch code between two requests, which the content version cannot see.
if "PAGE_CACHE_SECONDS" not in os.environ:
    PAGE_CACHE_SECONDS = 0
