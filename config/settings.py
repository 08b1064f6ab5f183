"""SIGAP settings: one env-driven file (see docs/operations.md and .env.example).

SQLite under ``var/`` is the embedded default so a fresh clone runs with nothing else;
set ``DATABASE_URL=postgres://...`` for PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto import dev_key, parse_keys
from sigap.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SIGAP_VAR_DIR", str(BASE_DIR / "var")))
SHARED_DATA_DIR = Path(env_str("SIGAP_SHARED_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        # Development only: a random key kept in var/secret_key (the file `make` creates), so
        # sessions and dev-derived field keys survive restarts; nothing secret in the code.
        _key_file = VAR_DIR / "secret_key"
        if not _key_file.exists():
            import secrets

            _key_file.parent.mkdir(parents=True, exist_ok=True)
            _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            _key_file.chmod(0o600)
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # built-in widget templates, for FORM_RENDERER below
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets, served as static files (no CDN)
    "bootstrap",  # Bootstrap 5.3 CSS (django-bootstrap-static), the design system, served locally
    "django_htmx",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "sigap.core",
    "sigap.audit",
    "sigap.areas",
    "sigap.accounts",
    "sigap.agencies",
    "sigap.cases",
    "sigap.people",
    "sigap.referrals",
    "sigap.casework",
    "sigap.justice",
    "sigap.rights",
    "sigap.documents",
    "sigap.imports",
    "sigap.reports",
    "sigap.privacy",
    "sigap.analytics",
    "sigap.prevention",
    "sigap.taskforce",
    "sigap.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.accounts.middleware.SessionIdleTouchMiddleware",  # sliding idle timeout, ≤1 write/min
    "sigap.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every identity shown writes an access row (issue 7 finding 6).
    "sigap.cases.middleware.IdentityViewAuditMiddleware",
    "sigap.core.dates.UserTimeZoneMiddleware",  # issue 7: dates typed follow the user's zone
    "sigap.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sigap.core.middleware.SecurityHeadersMiddleware",
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
                "sigap.core.context_processors.sigap",
            ],
        },
    },
]

# Form widgets render through the project's templates, so one override
# (templates/django/forms/widgets/select_option.html) replaces Django's empty choice
# "---------" with a translated "— choose —" in every select (issue 13 §10).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # PostgreSQL: keep each gunicorn thread's connection for a minute instead of opening
        # one per request (connection set-up costs about as much as a list page's queries;
        # 2 workers x 4 threads = 8 connections at most). SQLite opens files: no gain.
        conn_max_age=env_int(
            "DJANGO_CONN_MAX_AGE", 60 if env_str("DATABASE_URL", "").startswith("postgres") else 0
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: web, worker and `make seed` wait up to a minute for the write lock
    # (a bulk seeding round holds it for seconds) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out usernames first
    # Django's ModelBackend with the membership joined and permissions in one query.
    "sigap.accounts.backends.SigapModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env_int("SIGAP_SESSION_IDLE_MINUTES", 30) * 60
# Idle timeout: requests extend the session, written at most once a minute (not on every
# request) by sigap.accounts.middleware.SessionIdleTouchMiddleware (issue 8 §4).
SESSION_SAVE_EVERY_REQUEST = False
SIGAP_SESSION_TOUCH_SECONDS = env_int("SIGAP_SESSION_TOUCH_SECONDS", 60)
SESSION_COOKIE_HTTPONLY = True
# TOTP two-factor authentication (django-otp) for every role that can see identities.
SIGAP_REQUIRE_2FA = env_bool("SIGAP_REQUIRE_2FA", True)
# API tokens expire after this many days (issue 7 #2); list and revoke them in the account.
SIGAP_API_TOKEN_DAYS = env_int("SIGAP_API_TOKEN_DAYS", 30)
OTP_TOTP_ISSUER = "SIGAP"
# Lockout (django-axes): wrong passwords and wrong TOTP codes both count, per username.
AXES_ENABLED = env_bool("SIGAP_LOCKOUT_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("SIGAP_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGAP_LOCKOUT_MINUTES", 30))
# Per username only: a whole office behind one shared address must not be locked out together
# (which axes.W006's "ip_address" would do); DRF throttles the token endpoint per address.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "sigap.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # deliberate: see AXES_LOCKOUT_PARAMETERS above
SESSION_COOKIE_SAMESITE = "Lax"

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("SIGAP_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# A 10 MB note must reach form validation (clear Indonesian error) instead of a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SIGAP_MAX_REQUEST_BYTES", 12 * 1024 * 1024)

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a missing or refused token then answers 401 (WWW-Authenticate: Token).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sigap.api.authentication.ActiveUserTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "sigap.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "sigap.api.schema.AutoSchema",
    # The API speaks JSON only (issue 7 #11): one request format, as the schema says.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "sigap.api.errors.exception_handler",
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIGAP API",
    "DESCRIPTION": "API of SIGAP, the information system of the Gugus Tugas PP-TPPO.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "sigap.cases.choices.CaseStatus",
        "ReferralStatusEnum": "sigap.referrals.choices.ReferralStatus",
        "ServiceCodeEnum": "sigap.agencies.choices.ServiceCode",
        "ExploitationFormEnum": "sigap.cases.choices.ExploitationForm",
    },
}

# --- Background tasks (django-tasks; docs/operations.md "Background worker") -------------------
# The database backend needs no extra server: `manage.py db_worker` pulls jobs from the DB.
# Tests use the immediate backend (config/settings_test.py).
TASKS = {
    "default": {
        "BACKEND": env_str("SIGAP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Audit chain (sigap.audit): appends take no lock; `manage.py audit_seal` (or audit_seal_task)
# chains rows older than SIGAP_AUDIT_SEAL_SETTLE_SECONDS and appends a checkpoint of the sealed
# head to SIGAP_AUDIT_CHECKPOINT_FILE, which must live OUTSIDE the database (see
# docs/operations.md). Empty string disables checkpoints.
SIGAP_AUDIT_CHECKPOINT_FILE = env_str(
    "SIGAP_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log")
)
SIGAP_AUDIT_SEAL_SETTLE_SECONDS = env_int("SIGAP_AUDIT_SEAL_SETTLE_SECONDS", 5)

# Export files (sigap.reports): written by the task worker outside any served directory,
# downloadable by their requester only, deleted after SIGAP_EXPORT_HOURS (`manage.py export_prune`).
# The in-app person linkage (sigap.people.linkage): DuckDB's memory bound (default half the
# machine's RAM); beyond it DuckDB spills to var/linkage-tmp instead of taking 80 % of the RAM
# beside the web server. A run that cannot fit fails with a fixed message (the worker's log
# names the exception type) and changes nothing.
_RAM_MB = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
SIGAP_LINKAGE_MEMORY_LIMIT = env_str("SIGAP_LINKAGE_MEMORY_LIMIT", f"{max(1024, _RAM_MB // 2)}MB")
SIGAP_EXPORT_DIR = Path(env_str("SIGAP_EXPORT_DIR", str(VAR_DIR / "exports")))
SIGAP_EXPORT_HOURS = env_int("SIGAP_EXPORT_HOURS", 24)

# --- E-mail ---------------------------------------------------------------------------------
if env_bool("USE_SMTP", False):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("SMTP_HOST", "localhost")
    EMAIL_PORT = env_int("SMTP_PORT", 587)
    EMAIL_HOST_USER = env_str("SMTP_USER")
    EMAIL_HOST_PASSWORD = env_secret("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sigap@localhost")
# Base of absolute links in notification e-mails (e.g. https://sigap.example.go.id); empty:
# e-mails carry the path only.
SIGAP_SITE_URL = env_str("SIGAP_SITE_URL", "")

# --- SIGAP ----------------------------------------------------------------------------------
SIGAP_DEFAULT_AREA_CODE = env_str("SIGAP_DEFAULT_AREA_CODE", "31.71")
SIGAP_BREAKGLASS_HOURS = env_int("SIGAP_BREAKGLASS_HOURS", 4)
SIGAP_DSR_DAYS = env_int("SIGAP_DSR_DAYS", 3)
SIGAP_RETENTION_YEARS = env_int("SIGAP_RETENTION_YEARS", 5)

# --- Encryption at rest of identity fields (docs/data-protection.md) -------------------------
# SIGAP_FIELD_KEYS: comma-separated Fernet keys, the first encrypts, all decrypt (rotation:
# put a new key first, run `manage.py rotate_keys`, then drop the old one). SIGAP_HASH_KEY keys
# the HMAC used for exact NIK and name-word search. Both also read from <NAME>_FILE.
# Without them, keys derived from SECRET_KEY are used only when SIGAP_ALLOW_DEV_KEYS (default:
# DEBUG) is on; otherwise startup fails.
SIGAP_ALLOW_DEV_KEYS = env_bool("SIGAP_ALLOW_DEV_KEYS", DEBUG)
SIGAP_FIELD_KEYS = parse_keys(env_secret("SIGAP_FIELD_KEYS"))
SIGAP_HASH_KEY = env_secret("SIGAP_HASH_KEY")
if not SIGAP_FIELD_KEYS:
    if not SIGAP_ALLOW_DEV_KEYS:
        raise ImproperlyConfigured("SIGAP_FIELD_KEYS must be set when DJANGO_DEBUG is off")
    SIGAP_FIELD_KEYS = [dev_key(SECRET_KEY, "field")]
if not SIGAP_HASH_KEY:
    if not SIGAP_ALLOW_DEV_KEYS:
        raise ImproperlyConfigured("SIGAP_HASH_KEY must be set when DJANGO_DEBUG is off")
    SIGAP_HASH_KEY = dev_key(SECRET_KEY, "hash")

# --- Logging: no personal data; requests are not logged with bodies or query strings ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "sigap.core.logging.ScrubPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Task force hotlines (issue 9 §6): printed on the job-offer leaflet ----------------------
# "label=number" pairs separated by ";". Defaults are the national channels; put the city task
# force's own number first once it has one (docs/architecture.md, "Prevention").
SIGAP_HOTLINES = [
    tuple(part.split("=", 1))
    for part in env_str(
        "SIGAP_HOTLINES",
        "SAPA 129 (KemenPPPA)=129;WhatsApp SAPA 129=08111-129-129;"
        "Jakarta Siaga (darurat)=112;Polisi=110",
    ).split(";")
    if "=" in part
]

# Dashboard numbers are cached this many seconds per scope and invalidated on writes of cases
# and referrals (sigap.reports.cache; issue 8 §4). 0 turns the cache off.
SIGAP_DASHBOARD_CACHE_SECONDS = env_int("SIGAP_DASHBOARD_CACHE_SECONDS", 60)
