"""Settings for Scrutiny, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from dotenv import load_dotenv
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# A .env file in the project folder (written by `make run` for development) fills in whatever
# the real environment does not set.
load_dotenv(BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development without a key: a fresh random one for this process (sessions end on restart).
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The apps of this project, in dependency order: each may use the ones before it, never after.
# Code that needs to know which apps are ours reads this list (and asks the app registry which
# of them are installed).
LOCAL_APPS = ["meetings", "inspections", "actionplans"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_forms_gds",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "csp",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Background tasks (Django's Tasks API, backported) and their database backend and worker.
    "django_tasks",
    "django_tasks_db",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    # First: /healthz and /readyz for load balancers, answered before the Host header is checked
    # or HTTPS is required (scrutiny/health.py).
    "scrutiny.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get the headers too.
    "scrutiny.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs answered from the page cache keyed by content version (scrutiny/pagecache.py);
    # outside sessions, CSRF and messages so that it sees every cookie they set.
    "scrutiny.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor for officers (README "Signing in"): request.user.is_verified(), then staff
    # without a verified device are sent to /accounts/two-factor/.
    "django_otp.middleware.OTPMiddleware",
    "scrutiny.middleware.StaffSecondFactorMiddleware",
    # Signed-in pages kept per session and permissions, by content version (scrutiny/pagecache.py).
    "scrutiny.pagecache.PrivatePageCacheMiddleware",
    # The audit trail records who made each change (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scrutiny.context_processors.council",
            ],
            # {% load csp_media %}: form media with the request's CSP nonce (see scrutiny/csp.py).
            "libraries": {"csp_media": "scrutiny.csp"},
        },
    },
]

WSGI_APPLICATION = "scrutiny.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]


def file_storages(bucket: str) -> dict:
    """The `default` storage (uploaded papers, report images) and the `packs` storage (built packs,
    parts, printed minutes, the open-data archive): the local folder MEDIA_ROOT, or with a bucket
    private objects in S3-compatible storage through django-storages (README "Storage")."""
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "packs": {"BACKEND": "meetings.storage.BuiltFileStorage"},
        }
    from botocore.config import Config

    endpoint = os.environ.get("STORAGE_S3_ENDPOINT_URL", "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": os.environ.get("STORAGE_S3_REGION", "").strip() or None,
        # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by django-storages).
        # No ACL is sent: objects stay private to the bucket's owner; nothing is public by URL.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("STORAGE_S3_PRESIGNED_SECONDS", "60")),
        "client_config": Config(
            signature_version="s3v4",
            # Path-style URLs for S3-compatible services on their own host (MinIO, Ceph, moto).
            s3={"addressing_style": "path" if endpoint else "auto"},
            connect_timeout=5,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    return {
        # An upload never replaces another file of the same name (Django picks a new name).
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "file_overwrite": False}},
        # Built files are named by content version: the same name is the same bytes.
        "packs": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "file_overwrite": True}},
    }


STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "").strip()
# With object storage, stored files are sent as a redirect to a presigned URL valid
# STORAGE_S3_PRESIGNED_SECONDS (after the visibility rule) instead of streamed through the web process.
STORAGE_S3_PRESIGNED = env_bool("STORAGE_S3_PRESIGNED", False)
STORAGE_S3_PRESIGNED_SECONDS = int(os.environ.get("STORAGE_S3_PRESIGNED_SECONDS", "60"))
STORAGES = {
    **file_storages(STORAGE_S3_BUCKET),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# collectstatic compresses every static file (gzip and brotli) for WhiteNoise. Source maps are
# only read by developer tools: left uncompressed, collectstatic takes a third of the time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Uploaded papers and built files live here unless STORAGE_S3_BUCKET is set. Nothing under
# MEDIA_ROOT is served by URL: every file goes through a view that applies the visibility rule.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"

# django-axes first: it counts failed sign-ins and refuses them while locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The council this installation serves.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Manchester City Council")
COUNCIL_ADDRESS = os.environ.get("COUNCIL_ADDRESS", "Town Hall Extension, Albert Square, Manchester M60 2LA")
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Council meetings and scrutiny")

# Bank holidays that are not "clear days" before a meeting (Local Government Act 1972 s.100B):
# the `holidays` package's country and subdivision ("ENG" covers England and Wales's shared list;
# "WLS", "SCT", "NIR" for the others).
BANK_HOLIDAY_COUNTRY = os.environ.get("BANK_HOLIDAY_COUNTRY", "GB")
BANK_HOLIDAY_REGION = os.environ.get("BANK_HOLIDAY_REGION", "ENG")
# Clear days required between issuing an agenda and the meeting (s.100A(6), s.100B(3)).
AGENDA_CLEAR_DAYS = int(os.environ.get("AGENDA_CLEAR_DAYS", "5"))

# Upload limits for papers.
PAPER_MAX_UPLOAD_BYTES = int(os.environ.get("PAPER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
PAPER_MAX_PAGES = int(os.environ.get("PAPER_MAX_PAGES", "500"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "democratic.services@example.org")
# The public address of the site, for links in emails sent without a request (send_alerts).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# HTTPS (README "Production"). With DEBUG off every setting below defaults to the production value,
# so that `manage.py check --deploy` is clean; each can be changed through the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Redirect http:// to https:// (0 only where nothing speaks TLS, e.g. a loopback test server).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Strict-Transport-Security: one year, this host and its subdomains, preload-ready.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or ("0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)


def env_proxy_ssl_header(name: str, default: str) -> tuple[str, str] | None:
    """`HTTP_X_FORWARDED_PROTO,https` → Django's (header, value) pair; empty or `0` → None."""
    value = os.environ.get(name, default).strip()
    if value.lower() in {"", "0", "off", "false", "no", "none"}:
        return None
    header, _, expected = value.partition(",")
    if not header.strip() or not expected.strip():
        raise ImproperlyConfigured(f"{name} must look like HTTP_X_FORWARDED_PROTO,https (or be empty).")
    return header.strip(), expected.strip()


# The header by which the TLS-terminating proxy says the request came over HTTPS. The proxy must
# set it on every request (overwriting what the client sent); empty when no proxy is in front.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header(
    "SECURE_PROXY_SSL_HEADER", "" if DEBUG else "HTTP_X_FORWARDED_PROTO,https"
)

# Content-Security-Policy (django-csp): every script and stylesheet comes from this site's own
# static files; nothing inline. The only exception is a per-response nonce, sent only on pages
# that use one: the admin's rich-text editor (its import map and an empty <style> marker, rendered
# by {% csp_media %}, scrutiny/csp.py). Every other response has script-src and style-src 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for the small SVG icons inlined in third-party stylesheets (Swagger UI, admin).
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (scrutiny/middleware.py): the site uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The read-only open data API (/api/): see scrutiny/api.py and README "Open data API".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "meetings.api.pagination.OParlPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Scrutiny open data API",
    "VERSION": "1.0",
    "DESCRIPTION": (
        "Read-only JSON about the council's committees, people, meetings, agendas, papers, "
        "minutes and decisions, shaped after OParl 1.1 (https://oparl.org): Committee → "
        "organization, Person → person, Membership → membership, Meeting → meeting, agenda "
        "item → agendaItem, paper → paper, its PDF → file, the council → body. Every object has "
        "`id` (its API URL), `type` (the OParl type URI, or a Scrutiny one where OParl has none), "
        "`web` (its public page) and `modified`. Lists are paginated (`page`, `page_size` ≤ 200) "
        "and accept `modified_since` (ISO 8601 date or date-time). Anonymous callers see only "
        "published meetings and papers that are not exempt; drafts and exempt papers never appear."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "meetings.api.schema.document_answers",
    ],
}

# Search (/search/): how many of the most recent matches are ranked for a very common word (the
# work of a search grows with it; beyond it the page gives an estimated count).
SEARCH_MAX_RESULTS = int(os.environ.get("SEARCH_MAX_RESULTS", "500"))

# Agenda packs: how many processes render a pack's parts in parallel on a cold build.
PACK_RENDER_PROCESSES = int(os.environ.get("PACK_RENDER_PROCESSES", "1"))
# On SQLite, a build's claim (meetings/packs/locks.py) older than this is taken to be a builder
# that died, and another may build. PostgreSQL uses advisory locks, released when a builder dies.
PACK_BUILD_CLAIM_STALE_SECONDS = int(os.environ.get("PACK_BUILD_CLAIM_STALE_SECONDS", "900"))

# Abuse limits (README "Signing in and abuse limits").
# The client address for rate limits and sign-in lockouts: REMOTE_ADDR, or, behind
# TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the address the outermost one saw.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# django-axes: AXES_FAILURE_LIMIT failed sign-ins for one username from one address lock that
# pair out for AXES_COOLOFF_HOURS; officers unlock in the admin (Axes › Access attempts › delete).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "scrutiny.security.lockout_response"  # registration/locked_out.html, 429
AXES_CLIENT_IP_CALLABLE = "meetings.limits.client_ip"
# Officers (staff) must confirm a time-based code (TOTP) from a registered device before using
# the admin or anything else while signed in; on by default in production, off with DEBUG.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", not DEBUG)
OTP_TOTP_ISSUER = SERVICE_NAME
# Email alerts: confirmation emails per address per day, and per client address per hour.
ALERT_CONFIRMATIONS_PER_ADDRESS_PER_DAY = int(os.environ.get("ALERT_CONFIRMATIONS_PER_ADDRESS_PER_DAY", "3"))
ALERT_CONFIRMATIONS_PER_CLIENT_PER_HOUR = int(os.environ.get("ALERT_CONFIRMATIONS_PER_CLIENT_PER_HOUR", "10"))

# Audit trail (django-simple-history): history is a record, never a way to undo.
SIMPLE_HISTORY_REVERT_DISABLED = True


def env_cache(name: str) -> dict:
    """CACHE_URL → Django's CACHES["default"]: `locmem://` (the default), `redis://host:6379/0`
    (django-redis; shared between processes), `dummy://` (no caching)."""
    url = os.environ.get(name, "").strip()
    if not url or url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scrutiny",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"{name} must be empty, locmem://, redis://host:port/db or dummy://.")


# The cache (README "Caching"): pages for anonymous visitors, limits. CACHE_URL picks the backend.
CACHES = {"default": env_cache("CACHE_URL")}
# Abuse limits (meetings/limits.py) must count the same in every web process: in the shared cache
# when CACHE_URL names one (Redis), otherwise in a table of the database (Django's database cache,
# created by migrate). Sessions are in the database and sign-in lockouts (django-axes) too.


def limits_cache(default: dict) -> dict:
    """The cache for abuse limits: the default cache when it is shared (Redis), else the database."""
    if default["BACKEND"].startswith("django_redis"):
        return default
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "scrutiny_limits_cache"}


CACHES["limits"] = limits_cache(CACHES["default"])
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Anonymous pages are kept PAGE_CACHE_SECONDS under a key holding the content version and today's
# date; proxies and browsers may keep them PAGE_CACHE_MAX_AGE seconds (Cache-Control: public).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
# Signed-in pages are kept too, for the session that asked, under its permissions (never public).
PRIVATE_PAGE_CACHE = env_bool("PRIVATE_PAGE_CACHE", True)
# Stored files (packs, papers) handed to the web server: empty (gunicorn streams them with
# sendfile), `X-Accel-Redirect` (nginx; SENDFILE_URL is an internal location aliasing MEDIA_ROOT)
# or `X-Sendfile` (Apache mod_xsendfile, lighttpd: the absolute path).
SENDFILE_HEADER = os.environ.get("SENDFILE_HEADER", "").strip()
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/_protected-media/")


def env_tasks(name: str) -> dict:
    """TASKS_BACKEND → Django's TASKS: `immediate` (the default: each task runs at once, inside
    the request that enqueues it) or `database` (tasks wait in the database for
    `python manage.py db_worker`)."""
    value = os.environ.get(name, "").strip().lower() or "immediate"
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    if value not in backends:
        raise ImproperlyConfigured(f"{name} must be immediate or database, not {value!r}.")
    return {"default": {"BACKEND": backends[value], "QUEUES": ["default"]}}


# Background tasks (README "Background tasks"): pack builds, text extraction, search re-indexing,
# alerts, the open data archive. A task that fails is tried TASK_MAX_ATTEMPTS times in all, the
# n-th retry TASK_RETRY_SECONDS × 2^(n-1) seconds after the failure, then shown to officers.
TASKS = env_tasks("TASKS_BACKEND")
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))
TASK_RETRY_SECONDS = int(os.environ.get("TASK_RETRY_SECONDS", "30"))
# A job still "running" after TASK_STALLED_SECONDS lost its worker (`manage.py enqueue stalled`).
TASK_STALLED_SECONDS = int(os.environ.get("TASK_STALLED_SECONDS", "1800"))
