"""Settings, all from the environment (or a .env file beside manage.py).

SECRET_KEY is required. DEBUG is off unless asked for. Without DATABASE_URL an embedded
PostgreSQL is started with its data in var/pgdata (see newsarchive/embedded_db.py).
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Values already in the environment win over the file.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "procrastinate.contrib.django",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "articles.language.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsarchive.security.PermissionsPolicyMiddleware",
    "articles.script.ScriptMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

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
                "articles.script.context",
            ],
        },
    },
]

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    # A Unix-socket directory is written percent-encoded in a URL (libpq's convention).
    DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
else:
    from newsarchive.embedded_db import database_settings

    DATABASES = {"default": database_settings(VAR_DIR / "pgdata")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Lets several test runs share one server (make test, a second checkout, a helper).
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
# Read-only work (pages, search, API) may go to streaming replicas; everything else, and
# any request that writes, stays on the primary (newsarchive/db_router.py).
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    replica = env.db_url_config(url)
    replica["HOST"] = unquote(replica["HOST"])
    replica["OPTIONS"] = {**replica.get("OPTIONS", {}), "connect_timeout": 2}
    replica["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    replica["CONN_HEALTH_CHECKS"] = True
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number + 1}"] = replica
DATABASE_ROUTERS = ["newsarchive.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a user+address pair that failed AXES_FAILURE_LIMIT times in a row
# is refused (admin included) for AXES_COOLOFF_MINUTES, with a page that says so.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The address is REMOTE_ADDR (behind a proxy, see AXES_CLIENT_IP_CALLABLE in django-axes' docs).
# The task queue lives in the same PostgreSQL (docs/tasks.md). A worker tells the others
# it is alive every TASKS_HEARTBEAT_SECONDS; the jobs of one silent for longer than
# TASKS_STALLED_SECONDS (killed, its machine gone) are given to the living ones, checked
# every TASKS_STALLED_CHECK_SECONDS.
TASKS_HEARTBEAT_SECONDS = env.float("TASKS_HEARTBEAT_SECONDS", default=10)
TASKS_STALLED_SECONDS = env.float("TASKS_STALLED_SECONDS", default=60)
TASKS_STALLED_CHECK_SECONDS = env.int("TASKS_STALLED_CHECK_SECONDS", default=30)
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": TASKS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": TASKS_STALLED_SECONDS,
    "delete_jobs": "successful",
}

# Uploads (/import/): the whole request, the files once archives are expanded, their number.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=100)
UPLOAD_MAX_EXPANDED_MB = env.int("UPLOAD_MAX_EXPANDED_MB", default=500)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=5000)
# Files sent side by side in one request (more go in an archive): each costs the parser a temp file.
DATA_UPLOAD_MAX_NUMBER_FILES = min(UPLOAD_MAX_FILES, 1000)
# Uploaded files wait here for the workers (and stay: they are the article's source file);
# article images fetched by `fetch_images` are kept under images/.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Where the archive is served: a command that points to a page (the import's records) prints it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Imported files' original bytes (and any other stored file), through Django's storage
# API: the default FileSystemStorage here, any other backend by changing STORAGES. Never
# served as public URLs: staff download them from the article page.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Behind TLS (a proxy that terminates HTTPS) set HTTPS=true: `check --deploy` is then clean.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The language cookie (Django's set_language) is set like the session's.
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "newsarchive.errors.csrf_failure"

# Content-Security-Policy (django-csp): scripts, styles and fonts from this site only —
# no page has inline script or style; images from anywhere on https (articles show their
# publishers' pictures, which never learn the page through a referrer).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# What one imported file may hold (docs/security.md): larger or deeper files are rejected
# with the reason, before they cost the import much.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=10_000_000)
IMPORT_MAX_TEXT_CHARS = env.int("IMPORT_MAX_TEXT_CHARS", default=300_000)
IMPORT_MAX_NESTING = env.int("IMPORT_MAX_NESTING", default=100)
IMPORT_MAX_YAML_VALUES = env.int("IMPORT_MAX_YAML_VALUES", default=10_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Saved-search digests: Django's email backend, the console unless the environment says
# otherwise (EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsarchive@localhost")
# The address emails link to (a digest is sent outside any request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "saved-searches"
LOGOUT_REDIRECT_URL = "browse"
# Entity discovery (articles/entities/discovery.py; methods pattern, lac, posseg, measured
# in bench/entities.py): the methods run on every imported article, those run afterwards
# as background work (`manage.py discover_entities`: LAC is too slow for the import), and
# in how many stories a name a tagger proposed without a cue must appear to become an entity.
ENTITY_DISCOVERY = env.list("ENTITY_DISCOVERY", default=["pattern"])
ENTITY_BACKGROUND_DISCOVERY = env.list("ENTITY_BACKGROUND_DISCOVERY", default=["lac"])
ENTITY_RECURRENCE = env.int("ENTITY_RECURRENCE", default=2)
ENTITY_DISCOVERY_MINUTES = env.int("ENTITY_DISCOVERY_MINUTES", default=5)  # the task queue runs the pass this often
