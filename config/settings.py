"""Settings for the convenience-service assessment system.

Everything that differs between a laptop and production comes from the environment (config/env.py):
DJANGO_DEBUG, DJANGO_SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CSRF_TRUSTED_ORIGINS, DJANGO_SECURE_SSL, TRUSTED_PROXIES,
PUBLIC_BASE_URL.
With nothing set, the app runs in development mode on the embedded SQLite database.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from config.env import env_base_url, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "jobs.apps.TaskQueueConfig",  # django_tasks_db, named in Chinese
    "core",
    "jobs",
    "accounts",
    "centers",
    "matters",
    "library",
    "trainings",
    "assessment",
    "staff_scoring",
    "workdays",
    "feedback",
    "redflags",
    "oversight",
    "portal",  # the home pages and the centre's page: read every app's selectors
    "provision",  # last: fills a database from every app (fixtures, demo data); nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "accounts.context_processors.role",
                "redflags.context_processors.nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),  # ENV-NOTES: reconnecting per request halves throughput
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the period scores' queries carry long per-rule CASE expressions that PostgreSQL would
    # spend tens of seconds compiling (staff_scoring.setscores); pages gain nothing from it either.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The proxies in front (comma-separated addresses or networks): only a request arriving from one of them has its client
# address read from X-Forwarded-For (core/clientip.py). Empty: the header is ignored. README "Behind a TLS proxy".
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# django-axes, login throttling: failures are counted per user name (across addresses: a password spray of one account)
# and, separately, per client address (across user names); either reaching the limit within the cool-off locks it
# until the cool-off has passed since the last failure. The lockout page says when (accounts.views.locked_out).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"  # the rating limits (feedback) use the same address
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# axes' own admin pages are English ("AXES"); accounts.admin shows the lockouts in Chinese instead (accounts.LoginLock).
AXES_ENABLE_ADMIN = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.storage.StaticStorage"  # WhiteNoise's compressed manifest, each URL worked out once
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# One cache for every gunicorn worker and machine: the database (no Redis). What it holds is what is costly to
# count and may be a few minutes old (the summaries above a county, oversight.selectors): a per-process cache would
# count it once per worker and show each worker's own figures and time. The table comes with `migrate`
# (core/migrations/0002_cache_table.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening: on whenever DEBUG is off (`manage.py check --deploy` is clean then).
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts only from this server's static files — no inline scripts or event
# handlers (data for scripts goes in json_script blocks or data-* attributes; a test scans the templates). Styles
# allow 'unsafe-inline': templates use style attributes and PDF/print <style> blocks; styles cannot run code.
# img-src data: for Bootstrap's built-in SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs the device's sensors, camera, location or payments.
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
                    "microphone", "payment", "usb")
}

# The address citizens' phones open: every QR code (window and station rating codes, one-time codes, cards, service
# guides) is built from it and reverse(), never from the host a member of staff happened to browse with (an intranet
# name or IP a phone cannot reach). Default: the first ALLOWED_HOSTS name in production, runserver's in development.
_HOST = next((h for h in ALLOWED_HOSTS if h and not h.startswith(".") and "*" not in h), None)
PUBLIC_BASE_URL = env_base_url(
    "PUBLIC_BASE_URL",
    "http://127.0.0.1:8000" if DEBUG else (f"{'https' if SECURE_SSL else 'http'}://{_HOST}" if _HOST else None),
)

FIXTURES_DIR = BASE_DIR / "fixtures"

# Background jobs (jobs/, docs/architecture.md § Background jobs): django-tasks with its database backend; workers
# are `manage.py db_worker` processes on any machine sharing the database (`make demo` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_INLINE_MAX_ROWS = env_int("JOBS_INLINE_MAX_ROWS", 5000)  # larger exports are made by a job, not the request
JOBS_PROGRESS_INTERVAL = 0.5  # seconds between two progress writes of a running job

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
