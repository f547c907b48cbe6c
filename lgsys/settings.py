"""lgsys settings: one module, read from the environment.

Development defaults are safe for a laptop (DEBUG on, SQLite in the project
folder). Production sets DJANGO_DEBUG=0 (wsgi.py and asgi.py default to it),
a real DJANGO_SECRET_KEY and DATABASE_URL; every variable is listed in README.md.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

# Only ever used with DEBUG on; production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-lgsys-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set: lgsys refuses to run "
        "in production with the development secret key. Set DJANGO_SECRET_KEY to a "
        "long random value, e.g. from "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # The project's apps in their layers' order: each knows only those above it.
    "lgsys",
    "lgsys.sso",
    "classification",
    "actions",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Refuses a body larger than the view takes before anything reads it (the
    # CSRF check below reads the whole form, uploads included).
    "lgsys.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logs out a session left idle longer than SESSION_IDLE_SECONDS.
    "lgsys.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: answers a locked-out login attempt (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lgsys.urls"
WSGI_APPLICATION = "lgsys.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lgsys.context_processors.organisation",
            ],
        },
    },
]

# Django's form templates, with a select's options written in Python (fast for
# the 1,000s of options of a large register; the same markup).
FORM_RENDERER = "lgsys.renderers.FormRenderer"

# SQLite in the project folder unless DATABASE_URL names another database
# (postgres://user:password@host:5432/name, through psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock at BEGIN, so concurrent requests wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # The test database is a file, not Django's shared-cache memory database: in
    # that one a second thread's BEGIN fails at once ("table is locked") instead
    # of waiting for the lock as every real server does.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME",
        str(Path(tempfile.gettempdir()) / f"lgsys-test-{os.getpid()}.sqlite3"),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a login while its username and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login through the city's identity provider (lgsys/sso, README "Inloggning via
# stadens IdP"): each protocol is on when its provider is named, off by default.
LGSYS_SSO_OIDC = (
    {
        "discovery_url": os.environ["LGSYS_OIDC_DISCOVERY_URL"],
        "client_id": os.environ.get("LGSYS_OIDC_CLIENT_ID", ""),
        "client_secret": os.environ.get("LGSYS_OIDC_CLIENT_SECRET", ""),
        "groups_claim": os.environ.get("LGSYS_OIDC_GROUPS_CLAIM") or "groups",
        "scope": os.environ.get("LGSYS_OIDC_SCOPE") or "openid profile email",
    }
    if os.environ.get("LGSYS_OIDC_DISCOVERY_URL")
    else None
)
LGSYS_SSO_SAML = (
    {
        "idp_metadata": os.environ["LGSYS_SAML_IDP_METADATA"],
        "entity_id": os.environ.get("LGSYS_SAML_ENTITY_ID", ""),
        "groups_attribute": os.environ.get("LGSYS_SAML_GROUPS_ATTRIBUTE") or "groups",
        "key_file": os.environ.get("LGSYS_SAML_KEY_FILE", ""),
        "cert_file": os.environ.get("LGSYS_SAML_CERT_FILE", ""),
        "xmlsec_binary": os.environ.get("LGSYS_SAML_XMLSEC") or "/usr/bin/xmlsec1",
    }
    if os.environ.get("LGSYS_SAML_IDP_METADATA")
    else None
)
# The address lgsys is reached at (https://lgsys.stad.se), for the redirect and
# ACS URLs the identity provider is given; LGSYS_BASE_URL when that is set, else
# taken from the request.
LGSYS_SSO_BASE_URL = (
    os.environ.get("LGSYS_SSO_BASE_URL") or os.environ.get("LGSYS_BASE_URL") or ""
).rstrip("/")
# Who to ask for a role, on the page an SSO user without a mapped group sees.
LGSYS_SSO_HELP_CONTACT = os.environ.get("LGSYS_SSO_HELP_CONTACT", "")
# Who may still log in with a local password: "all" (the demo) or "superusers"
# (break-glass accounts only, once everyone else comes through the IdP).
LGSYS_LOCAL_LOGIN = os.environ.get("LGSYS_LOCAL_LOGIN") or "all"
if LGSYS_LOCAL_LOGIN not in {"all", "superusers"}:
    raise ImproperlyConfigured("LGSYS_LOCAL_LOGIN is 'all' or 'superusers'.")
# A decision confirmed at the identity provider needs an authentication this new.
LGSYS_SSO_STEP_UP_SECONDS = 5 * 60

# Sessions live in the database, so any app server behind the load balancer
# can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session lasts at most a working day, and ends after an hour without a request.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_SECONDS = env_int("DJANGO_SESSION_IDLE_SECONDS", 60 * 60)

# The admin never reverts to a past version: a change goes through the change page
# (which asks for the change permission) or the services. This hides
# simple-history's Revert button; lgsys.admin.HistoryAdmin refuses the POST itself,
# since the setting alone leaves the page saving whatever is posted.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME hours.
# Attempts are stored in the database, so every app server sees them.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "lgsys.views.locked_out"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    # Behind the load balancer the client's address is in X-Forwarded-For.
    AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1)
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
# Times as "2024-03-29 16:00" in Swedish local time, whatever the language.
FORMAT_MODULE_PATH = ["lgsys.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Static files are served by WhiteNoise from every app server; it finds them in
# static/ and the apps, so no shared disk and no collectstatic are needed.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Security. Production (DEBUG off) gets HTTPS-only cookies, HSTS and an SSL
# redirect; behind a TLS-terminating load balancer set DJANGO_SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts, styles, fonts and images only from our own
# origin; no inline scripts or styles anywhere (templates never use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail: the console in development; SMTP when DJANGO_EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "lgsys@localhost")
# Where people reach lgsys: the reminders' links are built on it.
LGSYS_BASE_URL = os.environ.get("LGSYS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# PDFs are rendered by a background worker (manage.py pdf_worker), never in a web
# request (lgsys/pdfs/). The queue: "database" (django-tasks-db, the default: no
# extra server), "redis" (RQ, production; LGSYS_REDIS_URL) or "immediate" (runs
# the job where it is enqueued: the tests, which pytest marks with PYTEST_VERSION).
TASKS_BACKEND = os.environ.get("LGSYS_TASKS_BACKEND") or (
    "immediate" if os.environ.get("PYTEST_VERSION") else "database"
)
REDIS_URL = os.environ.get("LGSYS_REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "redis": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
if TASKS_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
# A render's lease: a job still "running" after this long lost its worker and is
# handed to another. Longer than the longest render (~5 s at 37 pages).
PDF_RENDER_LEASE_SECONDS = env_int("LGSYS_PDF_LEASE_SECONDS", 120)
PDF_RENDER_MAX_ATTEMPTS = 3
# The worker renders in a forked child that exits, so its memory stays flat.
PDF_RENDER_ISOLATED = env_bool("LGSYS_PDF_ISOLATED", TASKS_BACKEND != "immediate")
# The cache's bounds: PDFs not served for this many days go, then the least
# recently served until the cache holds at most this many megabytes.
PDF_CACHE_MAX_AGE_DAYS = env_int("LGSYS_PDF_CACHE_DAYS", 30)
PDF_CACHE_MAX_BYTES = env_int("LGSYS_PDF_CACHE_MB", 500) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    # Every login attempt is an INFO line from django-axes; keep warnings only.
    "loggers": {
        "axes": {"level": "WARNING"},
        # a line per task started and finished; failures are still logged
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pysaml2 (lgsys/sso) logs every SAML message at INFO; xmlschema its schemas
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}
