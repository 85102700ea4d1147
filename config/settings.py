"""Skillgap settings: everything comes from the environment (see .env.example).

The defaults suit development: SQLite beside the code, local-memory cache, console
email. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG: bool = env.bool("DEBUG", default=True)

_DEV_SECRET = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY: str = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_ratelimit",
    # Before django_tasks_db: its db_worker command is background's, which adds the beat,
    # reclaiming and the schedule (background/worker.py).
    "background",
    "django_tasks",
    "django_tasks_db",
    "careers",
    "careers.transfer",
    "assessments",
    "reports",
    "accounts",
    "postings",
]

MIDDLEWARE = [
    # Outermost: emails any part of the request sends leave once the response is closed.
    "background.mail.EmailAfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: it refuses NUL, non-UTF-8 and stray uploads before any form is read.
    "config.middleware.RequestHygieneMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Rows a page of a long list shows (lib/paging.py): mentor dashboard, cohort, my
# assessments, my reports. 25 cohort rows with a dozen categories stay well under 100 KB.
LIST_PAGE_SIZE = 25

# --- Database -------------------------------------------------------------------
# SQLite by default; DATABASE_URL=postgres://… switches with no code change.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two autosaves of
    # the same rating queue up (busy timeout) instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL lets pages read while an autosave writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file, not shared-cache memory, whose table locks fail at once instead
    # of waiting: the concurrent-autosave test must see SQLite as production does.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Cache ----------------------------------------------------------------------
REDIS_URL: str = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the drawn parts of pages (a rating page keeps one entry a row): the
            # default of 300 would evict them as fast as they are made.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}

# django-ratelimit keeps every throttle's counts in this cache (Redis in production, so
# several servers count together). Rates are "count/period" (s, m, h, d); see
# docs/security.md for what each one guards.
RATELIMIT_USE_CACHE = "default"
# Per address (anonymous visitors): sign-ups, password resets, assessments started.
THROTTLE_SIGNUPS: str = env.str("THROTTLE_SIGNUPS", default="10/h")
THROTTLE_PASSWORD_RESETS: str = env.str("THROTTLE_PASSWORD_RESETS", default="10/h")
THROTTLE_ANONYMOUS_STARTS: str = env.str("THROTTLE_ANONYMOUS_STARTS", default="30/h")
# Per address: job postings pasted without an account; skill extractions (POST
# /postings/extract.json), generous since one costs milliseconds, a bound on a flood.
THROTTLE_POSTING_SAVES: str = env.str("THROTTLE_POSTING_SAVES", default="30/h")
THROTTLE_POSTING_EXTRACTS: str = env.str("THROTTLE_POSTING_EXTRACTS", default="300/m")
# Per account: confirmation links, shares and links, comments, second opinions.
THROTTLE_EMAIL_LINKS: str = env.str("THROTTLE_EMAIL_LINKS", default="5/h")
THROTTLE_SHARES: str = env.str("THROTTLE_SHARES", default="30/h")
THROTTLE_COMMENTS: str = env.str("THROTTLE_COMMENTS", default="60/h")
THROTTLE_OPINIONS: str = env.str("THROTTLE_OPINIONS", default="60/h")
# Per recipient: emails of one kind (reset links, comment notices…) one address receives,
# whoever asks; those beyond it are not sent.
THROTTLE_EMAILS_PER_RECIPIENT: str = env.str("THROTTLE_EMAILS_PER_RECIPIENT", default="5/h")
for _name in [n for n in list(vars()) if n.startswith("THROTTLE_")]:
    # Checked here: django-ratelimit would read a malformed rate only at a request, as a 500.
    if not re.fullmatch(r"\d+/\d*[smhd]", vars()[_name]):
        raise ImproperlyConfigured(f"{_name} must look like 10/h (a count, /, s, m, h or d).")
RATELIMIT_IP_META_KEY = "lib.throttle.client_ip"
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache is shared and increments atomically (INCR); the package's
    # list of supported backends predates it.
    "django_ratelimit.W001",
]
# Sessions are read from the shared cache and written through to the database: one query
# less on every signed-in request (issue 13), and still there if Redis is flushed. Only
# with Redis: a copy in one worker's local memory would outlive a log-out that another
# worker handled, so without Redis sessions stay in the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
if not REDIS_URL:
    # Local memory counts per process: right for development and tests (one process);
    # a production with several workers or servers sets REDIS_URL (docs/deploy.md).
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Email ----------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, … as django-environ documents
# Every email leaves after the response (background.mail): how long a password reset takes must
# not tell whether the address has an account. EMAIL_URL's backend does the sending.
SKILLGAP_EMAIL_BACKEND: str = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "background.mail.AfterResponseBackend"
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Skillgap <noreply@skillgap.local>")

# --- Background work -------------------------------------------------------------
# The database is the queue (django-tasks-db): SQLite's single writer serves one worker
# beside the development server; PostgreSQL serves several workers on several machines
# (SELECT … FOR UPDATE SKIP LOCKED). `manage.py db_worker` runs them (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker records that it is alive this often; one silent for three beats has died, and
# its running task goes back to the queue (background/worker.py).
TASKS_BEAT_SECONDS: float = env.float("TASKS_BEAT_SECONDS", default=10.0)
# A task whose worker died this many times is marked failed rather than run again.
TASKS_MAX_CLAIMS: int = env.int("TASKS_MAX_CLAIMS", default=3)
# A failed task is tried again after this many seconds, then 4×, 16× as long.
TASKS_RETRY_SECONDS: float = env.float("TASKS_RETRY_SECONDS", default=30.0)
# An admin import of more rows than this is checked and written by a worker, with its
# progress shown (careers/transfer/jobs.py); a smaller one in the request, as it takes <1 s.
TAXONOMY_IMPORT_INLINE_ROWS: int = env.int("TAXONOMY_IMPORT_INLINE_ROWS", default=300)
# An admin export of more skills than this is written by a worker and then downloaded
# (careers/transfer/export_jobs.py); a smaller one is answered in the request (<0.5 s).
TAXONOMY_EXPORT_INLINE_SKILLS: int = env.int("TAXONOMY_EXPORT_INLINE_SKILLS", default=1_000)
# Finished task results are kept this many days for admins to read (failed ones longer),
# then pruned by the workers' daily housekeeping (background/housekeeping.py).
TASKS_KEEP_DAYS: int = env.int("TASKS_KEEP_DAYS", default=14)
TASKS_KEEP_FAILED_DAYS: int = env.int("TASKS_KEEP_FAILED_DAYS", default=30)
# Run by the workers, no cron needed: name -> (task, every so many seconds).
TASKS_SCHEDULE: dict[str, tuple[str, float]] = {
    "reminders": (
        "reports.tasks.send_reminders",
        env.float("REMINDER_EVERY_SECONDS", default=6 * 60 * 60),
    ),
    "prune-finished-tasks": ("background.housekeeping.prune_finished", 24 * 60 * 60),
}

# --- Accounts -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every authentication (site login, admin login, the password asked
# before deleting an account) against the failures recorded in the database, so several
# app servers share one count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Username and address together: locking a username alone would let anyone lock anyone
# out; locking an address alone would lock a whole office out after one person's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lib.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Successful log-ins are not recorded: that would be a log of people's addresses we never read.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts still log a warning
# Behind a reverse proxy REMOTE_ADDR is the proxy. Set this to the number of proxies in
# front of the app that each append the address they were reached from to
# X-Forwarded-For (1 for a single load balancer); 0 trusts no such header.
TRUSTED_PROXY_COUNT: int = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

CSRF_FAILURE_VIEW = "config.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:list"
LOGOUT_REDIRECT_URL = "careers:list"

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes and WhiteNoise serves from; tests and the smoke check point
# it at a temporary folder so they never touch the checkout's staticfiles/.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files Skillgap makes (a report's PDF, drawn once). Served only through the report's own
# URL, after its access check: never expose MEDIA_ROOT on the web server.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need collectstatic first, which production does and development skips.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "lib.static.ManifestStorage"  # WhiteNoise's, each URL found once (lib/static.py)
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security (production) ----------------------------------------------------------
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer probes /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# Content-Security-Policy: scripts and styles only from our own static files, so a script
# that slipped into a page would not run. No inline script or style anywhere (tested);
# htmx runs without eval and without injecting its indicator styles (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's form controls draw their arrows and ticks as data: SVG images.
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Every browser feature Skillgap does not use is off; copying a share link needs the clipboard.
# Only features browsers know: Chromium warns in the console of every page about a name it
# cannot read (ambient-light-sensor and bluetooth were two).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in [
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ]
    },  # fmt: skip
    "clipboard-write": ["self"],
}

# --- Skillgap -----------------------------------------------------------------------
SKILLGAP_READY_THRESHOLD: float = env.float("SKILLGAP_READY_THRESHOLD", default=0.8)
# From this many skills the rating page draws its categories closed and loads a category's
# rows when it is opened (issue 21): 300 rows at once were 150 KB and a long scroll.
SKILLGAP_LAZY_CATEGORIES_AT: int = 100
# Who opted in is reminded to re-assess once their latest report is this many weeks old.
SKILLGAP_REMINDER_WEEKS: int = env.int("SKILLGAP_REMINDER_WEEKS", default=6)
# The site's own address, for links in emails sent outside a request (reminders).
SKILLGAP_BASE_URL: str = env.str("SKILLGAP_BASE_URL", default="http://127.0.0.1:8000")
if not 0 < SKILLGAP_READY_THRESHOLD <= 1:
    raise ImproperlyConfigured("SKILLGAP_READY_THRESHOLD must be in (0, 1].")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Axes narrates every failed log-in at INFO; a lockout is a WARNING.
        "axes": {"level": "WARNING"},
    },
}
