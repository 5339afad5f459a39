"""Settings shared by every environment. Everything that differs between a laptop and
production comes from environment variables (see docs/deploy.md); the defaults here are
the safe, production ones, and dev.py relaxes them for `make run`."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]  # the repository root
SRC_DIR = BASE_DIR / "src" / "thidua"
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Two secrets that must live outside the database (docs/deploy.md): the key that seals
# ballots while a poll is open, and the key of the audit trail's HMAC chain. Whoever reads
# the database or a backup holds neither.
BALLOT_SEALING_SECRET = os.environ.get("BALLOT_SEALING_SECRET", "")
AUDIT_SECRET = os.environ.get("AUDIT_SECRET", "")
# Retired audit secrets, comma-separated: events written under them still verify after a
# rotation (each event names its key by a short id). New events use AUDIT_SECRET.
AUDIT_SECRETS_OLD = env_list("AUDIT_SECRETS_OLD", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "knox",  # API tokens: hashed at rest, expiring, one per sign-in (thidua.core.api_tokens)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",  # two-factor sign-in (TOTP), required for organizer officers and admins
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "django_tasks",  # the background queue (Django's Tasks framework, backport)
    "django_tasks_db",  # …kept in the database: nothing more to run for `make run`
    "thidua.core",
    "thidua.org",
    "thidua.accounts",
    "thidua.notifications",
    "thidua.cycle",
    "thidua.scoring",
    "thidua.voting",
    "thidua.reports",
    "thidua.awards",
    "thidua.channel",
    "thidua.documents",
    "thidua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.ThiDuaLocaleMiddleware",
    # Under /api/: errors in JSON whatever raised them, and no NUL in the query string.
    "thidua.api.middleware.ApiErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: request.user.is_verified() (django-otp), then the second step and
    # the enrolment required of organizer officers and admins before any other page.
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.middleware.TwoFactorMiddleware",
    "thidua.core.memo.RequestMemoMiddleware",  # reads made once per request (core/memo.py)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of authentication attempts (login throttling).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"
AUTH_USER_MODEL = "org.User"

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
                "django.template.context_processors.i18n",
                "thidua.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://thidua:secret@db.example/thidua. Without it, the embedded
# SQLite file under var/ (the `make run` default).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the lock instead of failing at once, and take the write lock when a
    # transaction begins, so that read-then-write transactions cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords, sign-in, sessions ------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # only to upgrade imported hashes
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "thidua.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out sign-ins before the rest
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Two-factor sign-in (TOTP, django-otp; docs/decisions/0016-two-factor.md): organizer officers
# and system administrators must enrol before reaching any page; anyone else may opt in.
# Whoever has a confirmed device is always asked for the code, whatever this setting says.
THIDUA_REQUIRE_2FA = env_bool("THIDUA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "ThiDua"
# Wrong codes wait 1, 2, 4, 8… seconds before the next try (django-otp's own throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Links e-mailed to people (invitations, password resets) are one-time tokens
# (thidua.accounts.tokens). An invitation's link lasts ACCOUNT_INVITATION_DAYS days; a
# password reset's, PASSWORD_RESET_TIMEOUT seconds (a day).
ACCOUNT_INVITATION_DAYS = int(os.environ.get("ACCOUNT_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# The address people reach ThiDua at, e.g. https://thidua.example.gov.vn, for the links in
# e-mails. Without it the links use the host of the request that sent them; e-mail sent
# outside a request (an import run by a command) needs it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Login throttling (django-axes): 5 failures for one user name from one address lock that
# pair for 15 minutes. Locking by the pair, not the name alone, so that nobody can lock a
# colleague out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thidua.core.views.lockout"
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy's address: PROXY_COUNT says
# how many trusted proxies append to X-Forwarded-For, and the client is the entry the
# outermost of them appended (counted from the right, so that an address a client writes
# into the header itself is never believed). 0: no proxy, the socket's address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "thidua.core.client_ip.client_ip"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): pages run only the project's own static scripts and
# styles — no inline <script>, no on*= handlers, no style="" attributes (dynamic widths are
# classes from core/percent.css). The few pages that cannot live with it relax it per view
# (API docs, document previews), never site-wide.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons (toggler, close) are data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs any of these devices or APIs.
# "fullscreen" is deliberately absent (default: this origin only): the room screen's
# "Toàn màn hình" button asks for it (voting/static/voting/screen.js).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language, time -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files live outside the static files and are only ever served by views that
# check permissions (there is deliberately no MEDIA_URL route).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Digital signatures of documents (documents/signing.py, decision 0013) -------------
# The units' certificates are never stored: the head gives the .p12 for each signing.
# CA certificate files (PEM or DER) whose certificates ThiDua trusts when it verifies an
# uploaded signed PDF (e.g. the national root CA and the ministry's CA); without them a
# signature can be intact but not traced to a trusted issuer.
DOCUMENT_SIGNING_TRUST_ROOTS = env_list("DOCUMENT_SIGNING_TRUST_ROOTS", [])
# An RFC 3161 time-stamping authority: signatures become PAdES B-T instead of B-B.
DOCUMENT_SIGNING_TSA_URL = os.environ.get("DOCUMENT_SIGNING_TSA_URL", "")
SIGNED_PDF_MAX_BYTES = int(os.environ.get("SIGNED_PDF_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Cache ----------------------------------------------------------------------------
# What several workers must agree on lives in the cache: the API throttle's counters (and the
# ranking cache). REDIS_URL (or CACHE_URL), e.g. redis://127.0.0.1:6379/1, makes it shared;
# without it each process keeps its own (fine for `make run`, not for several workers).
# The sign-in lock-out (django-axes) counts in the database, shared by every worker anyway.
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "thidua"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered PDF and .docx files by their content, in this process only (documents/rendered.py):
# official documents stay out of the shared cache. 64 files of 50–500 KB at most.
DOCUMENTS_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "documents",
                   "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 64}}
CACHES["documents"] = DOCUMENTS_CACHE

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ThiDua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------
# E-mail and notifications leave the request: they are queued (django-tasks, database
# backend) and sent by the worker, `manage.py db_worker` (docs/deploy.md), with retries.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- API ------------------------------------------------------------------------------
# Sign-ins for a token per client address. tools/fuzz_api.py raises it so that fuzzing reaches
# the sign-in's own checks. Checked here: DRF would only fail on the first sign-in (a 500).
API_TOKEN_THROTTLE_RATE = os.environ.get("API_TOKEN_THROTTLE_RATE", "20/minute")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_TOKEN_THROTTLE_RATE):
    raise ImproperlyConfigured("API_TOKEN_THROTTLE_RATE must be a number per second, minute, hour or day, e.g. 20/minute.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "thidua.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "thidua.api.pagination.LimitOffset",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "thidua.api.errors.exception_handler",
    # JSON only (the contract), parsed with limits on size, depth and NUL characters.
    "DEFAULT_PARSER_CLASSES": ["thidua.api.parsers.JSONParser"],
    # OPTIONS describes the endpoint without building its forms (which needs an object).
    "DEFAULT_METADATA_CLASS": "thidua.api.metadata.Metadata",
    "DEFAULT_THROTTLE_RATES": {"token": API_TOKEN_THROTTLE_RATE},
    # Throttles count per client address, with the sign-in lock-out's trusted-proxy count. Never
    # None: then DRF keys anonymous clients by the whole X-Forwarded-For, which they write.
    "NUM_PROXIES": PROXY_COUNT,
    # date.isoformat(): always four digits of year (strftime("%Y") writes year 112 as "112").
    "DATE_FORMAT": "iso-8601",
}
# API tokens (django-rest-knox): only a hash is stored; each sign-in makes a new token that
# expires after API_TOKEN_TTL_DAYS; a password change or a sign-out revokes them.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS), "AUTO_REFRESH": False, "AUTH_HEADER_PREFIX": "Token"}

SPECTACULAR_SETTINGS = {
    "TITLE": "ThiDua API",
    "DESCRIPTION": "REST API v1 of ThiDua, the platform of Vietnam's emulation clusters.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No call to the public validator (nor its badge image): our own origin only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "thidua.api.schema.document_common_errors"],
    # Several models have a `kind`; name each choice set, or the schema gets hashed names.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "thidua.org.models.Unit.Kind",
        "ClusterKindEnum": "thidua.org.models.Cluster.Kind",
        "OrganizerKindEnum": "thidua.org.models.Organizer.Kind",
        "DossierStateEnum": "thidua.awards.models.Dossier.State",
        "AchievementReportStateEnum": "thidua.awards.models.AchievementReport.State",
        "PostKindEnum": "thidua.channel.models.Post.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}


def require_secret_key() -> None:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment (see docs/deploy.md).")


def require_outside_secrets() -> None:
    """Production refuses to start without the ballot-sealing and audit secrets: without
    them a sealed ballot could not be opened, nor the trail verified."""
    for name, value in (("BALLOT_SEALING_SECRET", BALLOT_SEALING_SECRET), ("AUDIT_SECRET", AUDIT_SECRET)):
        if len(value) < 32:
            raise ImproperlyConfigured(f"{name} must be set in the environment, at least 32 characters (see docs/deploy.md).")
