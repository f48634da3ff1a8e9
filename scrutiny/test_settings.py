"""Settings for the test suite: the real settings with test-only defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: E402,F401,F403
from .settings import BASE_DIR  # noqa: E402

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="scrutiny-test-media-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
