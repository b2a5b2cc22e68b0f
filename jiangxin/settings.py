"""Jiangxin settings: one file, every deployment difference read from the environment.

Development defaults need nothing installed (SQLite file in the checkout, a dev data key).
Production sets ``DEBUG=0`` and the variables listed in README.md § Deployment;
``manage.py check --deploy`` then passes and refuses the development keys.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def read_local_env(path: Path) -> None:
    """KEY=VALUE lines of a git-ignored local file (``var/local.env``, written once by bin/demo
    with generated keys) as defaults for the environment: a variable set outside wins."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


read_local_env(Path(os.environ.get("LOCAL_ENV_FILE", BASE_DIR / "var" / "local.env")))

DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdefghijklmnop"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The address printed on certificates (their QR codes lead to its verification page), e.g.
# https://jx.example.gov.cn; empty: the address the request came in on.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# --- Data key (issue 9 "Keys"; README § Data key) -------------------------------------------
# Personal data (resident ID numbers, mobiles) is encrypted with this key (base64, 32 bytes).
# The development key is public: only DEBUG falls back to it; with DEBUG off a missing, malformed
# or development key stops every command and the app servers (core/checks.py), and so does a key
# that does not match the fingerprint stored with the data (core.DataKeyState).
DEV_DATA_KEY = "amlhbmd4aW4tZGV2ZWxvcG1lbnQta2V5LTMyLWJ5dGU="
DATA_KEY = os.environ.get("DATA_KEY", DEV_DATA_KEY if DEBUG else "").strip()
# Earlier keys, comma-separated, while `manage.py rotate_data_key` moves the data to DATA_KEY:
# they decrypt and find rows not yet rotated, never encrypt. Remove them once it has finished.
DATA_KEY_OLD = [k.strip() for k in os.environ.get("DATA_KEY_OLD", "").split(",") if k.strip()]
# Rows re-encrypted per transaction by rotate_data_key.
DATA_KEY_ROTATION_BATCH = env_int("DATA_KEY_ROTATION_BATCH", 1000)
# --- end data key ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "jiangxin.core.vendor_apps.AdminConfig",  # django.contrib.admin, its site gated by duty
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "jiangxin.core.vendor_apps.TasksConfig",  # django_tasks_db, named in Chinese
    "jiangxin.core.vendor_apps.AxesConfig",  # axes, named in Chinese
    "ninja",
    "jiangxin.core",
    "jiangxin.accounts",
    "jiangxin.audit",
    "jiangxin.organisations",
    "jiangxin.workers",
    "jiangxin.competitions",
    "jiangxin.exams",
    "jiangxin.mentoring",
    "jiangxin.innovation",
    "jiangxin.dashboards",
    "jiangxin.privacy",
    "jiangxin.demo",
    "jiangxin.ops",  # health probes, request ids, JSON logs, the job worker's heartbeat
]

MIDDLEWARE = [
    # Outermost: every response carries X-Request-ID and every request an access log line.
    "jiangxin.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every response, the 405 page that replaces a view's answer included.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jiangxin.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Sessions ended with a grant; the second factor owed after the password (accounts).
    "jiangxin.accounts.middleware.SessionGuardMiddleware",
    "jiangxin.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jiangxin.privacy.middleware.NoticeMiddleware",  # the notice accepted before pages (PIPL)
    "jiangxin.core.middleware.MethodNotAllowedPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiangxin.urls"
WSGI_APPLICATION = "jiangxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiangxin.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# Choice lists iterate querysets with .iterator(): on PostgreSQL that opens a server-side
# cursor (DECLARE … WITH HOLD) per list, three extra round trips each for a few rows.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the job worker writes; a busy wait instead of
    # "database is locked" errors when both write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else DATABASES["default"]["CONN_MAX_AGE"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jiangxin.accounts.backends.UsernameOrMobileBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiangxin.accounts.passwords.CharacterClassValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after SESSION_IDLE_MINUTES; the cookie is refreshed at most once a minute
# (IdleTimeoutMiddleware), so reading pages does not write the session row every request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout: django-axes counts failures per username (and per address for unknown names).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
# Pages: per account, not per address: a union office's PCs share one intranet NAT address, and
# locking that address would lock the whole office out after five typos. The API token
# endpoint: per account *and* address, kept apart from the pages' count, so a stranger
# hammering it locks only their own address (accounts.backends.axes_lockout_parameters).
AXES_LOCKOUT_PARAMETERS = "jiangxin.accounts.backends.axes_lockout_parameters"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jiangxin.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "jiangxin.accounts.backends.axes_username"
AXES_CLIENT_IP_CALLABLE = "jiangxin.audit.services.client_ip"
AXES_VERBOSE = False

# --- Identity data (issue 9): client address, registration throttle, API token lifetime ---
# The reverse proxies in front of the app servers (addresses or CIDR networks, comma-separated).
# X-Forwarded-For is believed only when the peer is one of them, read right to left; empty:
# the peer's own address is the client's (a header a client sends itself is ignored).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
# Self-registration: at most this many submissions per client address per window (minutes).
REGISTRATION_RATE_LIMIT = env_int("REGISTRATION_RATE_LIMIT", 5)
REGISTRATION_RATE_WINDOW_MINUTES = env_int("REGISTRATION_RATE_WINDOW_MINUTES", 60)
# A new API token works for this many days; then it is refused (401) and a new one is made.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# Throttle counters (and the cached figures of core.stamps) live in the default cache. The
# in-process default suits one process; with several app-server processes use a shared one,
# e.g. CACHE_BACKEND=django.core.cache.backends.filebased.FileBasedCache and
# CACHE_LOCATION=/var/cache/jiangxin (or the database cache after `manage.py createcachetable`).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", ""),
    }
}
# --- end identity data ---


# --- Audit log and separation of duties (三员分立; docs/architecture.md § Separation of duties) -
# Entries older than this are deleted by `manage.py prune_audit` alone, never under 180 days
# (网络安全法 第二十一条: network logs are kept at least six months).
AUDIT_RETENTION_DAYS = max(180, env_int("AUDIT_RETENTION_DAYS", 365))
# The pruner's own PostgreSQL role (audit/db_roles.py): prune_audit connects with it when set.
if os.environ.get("AUDIT_PRUNE_DATABASE_URL"):
    DATABASES["audit_prune"] = dj_database_url.parse(
        os.environ["AUDIT_PRUNE_DATABASE_URL"], conn_max_age=0
    )
    DATABASES["audit_prune"]["TEST"] = {"MIRROR": "default"}
# --- end audit log ------------------------------------------------------------------------------

# --- Personal data (PIPL): the notice and how long each kind of record is kept -------------
# The notice's text is privacy/templates/privacy/notices/v<N>.html; a new text ships as a new
# file with this number raised, and every worker's account accepts it at its next page.
PRIVACY_NOTICE_VERSION = 1
# Days kept after the record is closed; ``manage.py prune_personal_data`` (daily) deletes what
# is older and writes the counts to the audit log. The audit log itself: AUDIT_RETENTION_DAYS.
RETENTION_DAYS = {
    # a rejected self-registration (encrypted ID number) and its inactive account, after the decision
    "rejected_registrations": env_int("RETAIN_REJECTED_REGISTRATIONS_DAYS", 90),
    # a finished, failed, refused or abandoned import and its uploaded file, after its last step
    "import_jobs": env_int("RETAIN_IMPORT_JOBS_DAYS", 30),
    # a resolved or rejected correction request, after the decision
    "closed_corrections": env_int("RETAIN_CLOSED_CORRECTIONS_DAYS", 365),
    # an API token past its expiry (API_TOKEN_DAYS), kept a while so its list says "expired"
    "expired_api_tokens": env_int("RETAIN_EXPIRED_API_TOKENS_DAYS", 30),
    # a session row past its expiry
    "expired_sessions": env_int("RETAIN_EXPIRED_SESSIONS_DAYS", 0),
}
# ---------------------------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
# The interface is Chinese whatever the browser asks for (every string is translatable, and
# Django's own strings follow LANGUAGE_CODE).
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Uploads: imports stream to disk; anything above this is refused with a message.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024
# A studio application's materials (PDF/JPG/PNG, core.uploads.check_document_upload): each file.
STUDIO_ATTACHMENT_MAX_BYTES = env_int("STUDIO_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# A studio whose naming is revoked (撤销命名, e.g. for falsified materials) may not apply again
# for this many months (0: no bar). Harsher than the assessment's 摘牌 (the sheet's 24 months).
STUDIO_REVOKE_BAR_MONTHS = env_int("STUDIO_REVOKE_BAR_MONTHS", 36)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Files above this are validated and written by the job worker instead of inside the request
# (about 2,000 roster rows).
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_KB", 256) * 1024

# --- Upload and spreadsheet guard (jiangxin/core/sheetguard, core/ceiling, core/uploads) -----
# Every uploaded .xlsx/.xls/.csv is checked before a parser sees it; the caps below let a
# 100,000-row roster (100,001 × 14 cells, 76 MB of sheet XML at 11:1) through with room to spare.
SHEET_MAX_ROWS = env_int("SHEET_MAX_ROWS", 200_000)
SHEET_MAX_COLUMNS = env_int("SHEET_MAX_COLUMNS", 256)
SHEET_MAX_CELLS = env_int("SHEET_MAX_CELLS", 6_000_000)  # a sheet's rows × columns; its cells
SHEET_MAX_UNCOMPRESSED_MB = env_int("SHEET_MAX_UNCOMPRESSED_MB", 300)  # inflated, all parts
SHEET_MAX_RATIO = env_int("SHEET_MAX_RATIO", 100)  # inflated : compressed, per part
SHEET_MAX_ENTRIES = env_int("SHEET_MAX_ENTRIES", 1000)  # parts in an .xlsx
# A request parses in a fresh interpreter with this address space (MB) and CPU time (s)...
SHEET_PARSE_MEMORY_MB = env_int("SHEET_PARSE_MEMORY_MB", 1024)
SHEET_PARSE_CPU_SECONDS = env_int("SHEET_PARSE_CPU_SECONDS", 60)
# ...and the job worker (run_worker) may grow this much (MB) beyond its own size.
IMPORT_WORKER_MEMORY_MB = env_int("IMPORT_WORKER_MEMORY_MB", 2048)
# --- end of the upload guard block ------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form (stale page, lost session) gets a Chinese page in the site's layout.
CSRF_FAILURE_VIEW = "jiangxin.core.error_pages.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Off only for the demo on http://127.0.0.1 (bin/demo); a deployment serves HTTPS.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Headers and cookies (issue 9, item 11) -------------------------------------------------
# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and images only
# from our own static files. No inline <script>, on*= attribute or style= attribute anywhere:
# page scripts live in each app's static/ directory, their data travels in json_script blocks
# or data- attributes, and HTMX runs with eval and its injected <style> off (base.html's
# htmx-config). See docs/architecture.md, "Headers, cookies and the Content-Security-Policy";
# a crawl test holds every page to it (jiangxin/core/tests/test_csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses, refused for every page and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms and HTMX take the token from the page
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG and env_bool("SECURE_COOKIES", True):
    # __Host- cookies: the browser keeps them only when Secure, with path=/ and no Domain, so no
    # other host under the same domain can set or shadow them. Not for the http demo
    # (SECURE_COOKIES=0), whose cookies cannot be Secure.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# ---------------------------------------------------------------------------------------------


# --- Operations (issue 9): logs, probes, the job worker's heartbeat ---------------------------
# LOG_FORMAT: "json" (one object per line: time, level, logger, message, request_id, user_id,
# path, method, status, duration_ms) or "text"; JSON unless DEBUG. ACCESS_LOG: one INFO line per
# request on "jiangxin.access" (jiangxin/ops/middleware.py), whatever LOG_LEVEL says.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "jiangxin.ops.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "jiangxin.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own records go to the one handler above (not its default console/mail).
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "jiangxin.access": {"level": "INFO" if env_bool("ACCESS_LOG", True) else "WARNING"},
    },
}
# Probes answer over plain HTTP too (a load balancer checks the app server directly).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# /readyz fails when no job worker (manage.py run_worker) stamped its heartbeat within this many
# seconds (0: the worker is not checked); the worker stamps every WORKER_HEARTBEAT_SECONDS.
READYZ_WORKER_SECONDS = env_int("READYZ_WORKER_SECONDS", 60)
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)


# --- Two-factor authentication and re-authentication (accounts.twofactor) ---------------------
# Minutes after the last password or code within which sensitive actions (unmasked export,
# grant and platform role changes) go ahead without asking again.
REAUTH_MINUTES = env_int("JIANGXIN_REAUTH_MINUTES", 10)
# The issuer name an authenticator app shows next to the account.
OTP_ISSUER = os.environ.get("JIANGXIN_OTP_ISSUER", "Jiangxin")
# Hours an admin-issued password reset link lives (it dies at first use too).
PASSWORD_RESET_TIMEOUT = env_int("JIANGXIN_RESET_LINK_HOURS", 24) * 3600
