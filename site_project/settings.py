"""Settings for site_project: one module, switched by environment variables.

Every variable has a local default so that `make run` and `make test` need no
configuration; `DJANGO_ENV=production` (set by zappa_settings.json on Lambda)
turns on the production behaviour and refuses to start without the values it
needs. The README lists every variable.
"""

import hashlib
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def signing_keys(value: str) -> dict[str, bytes]:
    """``k2:secret,k1:older`` -> {"k2": b"secret", "k1": b"older"}; the first signs."""
    keys = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        key_id, _, secret = item.partition(":")
        if not key_id.isalnum() or len(key_id) > 16 or len(secret) < 32:
            raise ImproperlyConfigured(
                "BILLING_SIGNING_KEYS is 'id:secret,...': ids of up to 16 letters or digits, "
                "secrets of at least 32 characters."
            )
        keys[key_id] = secret.encode()
    return keys


def secret_key_strong(key: str) -> bool:
    """Django's own criteria (check security.W009), enforced at start-up in production."""
    # Imported here: the checks framework loads during django.setup() anyway.
    from django.core.checks.security import base

    return (
        len(key) >= base.SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= base.SECRET_KEY_MIN_UNIQUE_CHARACTERS
        and not key.startswith(base.SECRET_KEY_INSECURE_PREFIX)
    )


def local_dynamodb_endpoint(home: Path) -> str:
    """The DynamoDB Local that `make run` last started for this checkout (it records the
    port in ``home``; apps/core/dynamodb/local.py), else the default port."""
    from apps.core.dynamodb.local import recorded_port

    return f"http://127.0.0.1:{recorded_port(home) or 8001}"


def env_required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return value


ENVIRONMENT = env("DJANGO_ENV", "local")
if ENVIRONMENT not in ("local", "production"):
    raise ImproperlyConfigured("DJANGO_ENV must be 'local' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION and env("SSM_PARAMETER_PATH"):
    from site_project.ssm import load_parameters_into_environ

    load_parameters_into_environ(env("SSM_PARAMETER_PATH"), env("AWS_REGION"))

# Off locally too, so that a run shows the site's own 404 and 500 pages (the
# traceback of a 500 still prints in the terminal); DJANGO_DEBUG=1 brings back
# Django's debug pages.
DEBUG = env("DJANGO_DEBUG", "0") == "1"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be 0 when DJANGO_ENV=production.")
SECRET_KEY = (
    env_required("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env("DJANGO_SECRET_KEY", "local-only-insecure-key-never-used-in-production")
)
if PRODUCTION and not secret_key_strong(SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is weak: it needs at least 50 characters, 5 of them different, "
        "and must not start with 'django-insecure-' (Django's check security.W009)."
    )
ALLOWED_HOSTS = (
    env_list("DJANGO_ALLOWED_HOSTS")
    if PRODUCTION
    else env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
)
if PRODUCTION and not ALLOWED_HOSTS:
    env_required("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "apps.core.admin.apps.SiteAdminConfig",  # django.contrib.admin, this site's AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_ratelimit",
    "apps.core",
    "apps.core.background",
    "apps.accounts",
    "apps.shortener",
    "apps.captains_log",
    "apps.billing",
    "apps.todos",
    "apps.dwipper",
    "corsheaders",
]

MIDDLEWARE = [
    "apps.core.http.middleware.DynamoDBUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.http.time_zones.ViewerTimeZoneMiddleware",
    "apps.core.http.security_policy.ContentSecurityPolicyMiddleware",
    # Before CommonMiddleware, so that a preflight is answered before any redirect.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.SecondFactorMiddleware",
    "apps.accounts.middleware.SignInLockedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.http.middleware.MethodNotAllowedPageMiddleware",
]

SITE_NAME = env("SITE_NAME", "Serverless Django")
# The site's address in emails sent outside a request (notices to account holders).
SITE_URL = env("SITE_URL") or (
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000"
)
ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"

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
                "apps.core.context_processors.site",
            ],
            # The filters `when` (every date and time the site shows), `clip` (text cut
            # short in lists) and `route` ({% url %} for rows of a list) need no {% load %};
            # routes also replaces {% url %} by one that keeps a path without arguments.
            "builtins": [
                "apps.core.templatetags.moments",
                "apps.core.templatetags.clipping",
                "apps.core.templatetags.routes",
            ],
        },
    },
]

# No relational database anywhere: every piece of state lives in DynamoDB.
DATABASES = {}

# DynamoDB, through PynamoDB (apps/core/dynamodb/models.py). An unset endpoint means
# AWS itself; locally it is the DynamoDB Local that `make run` started, on the
# port it recorded (so that manage.py commands reach it too), else 8001.
AWS_REGION = env("AWS_REGION", "us-east-1")
DYNAMODB_LOCAL_HOME = Path(env("DYNAMODB_LOCAL_HOME", str(BASE_DIR / ".dynamodb")))
DYNAMODB_ENDPOINT_URL = (
    env("DYNAMODB_ENDPOINT_URL")
    if PRODUCTION or "DYNAMODB_ENDPOINT_URL" in os.environ
    else local_dynamodb_endpoint(DYNAMODB_LOCAL_HOME)
)
DYNAMODB_TABLE_PREFIX = (
    env_required("DYNAMODB_TABLE_PREFIX")
    if PRODUCTION
    else env("DYNAMODB_TABLE_PREFIX", "site-local-")
)
# DynamoDB Local accepts any credentials but keeps one database per access key
# and region unless started with -sharedDb, so every local process uses these.
DYNAMODB_ACCESS_KEY_ID = env("DYNAMODB_ACCESS_KEY_ID", "local" if DYNAMODB_ENDPOINT_URL else None)
DYNAMODB_SECRET_ACCESS_KEY = env(
    "DYNAMODB_SECRET_ACCESS_KEY", "local" if DYNAMODB_ENDPOINT_URL else None
)
# API Gateway gives up after 29 s; PynamoDB's defaults (15 s connect, 30 s read)
# would outlive it. These bound one request to about 3 x (1 + 2) s at worst.
# One request's DynamoDB attempts and retry pauses together take at most
# DYNAMODB_REQUEST_BUDGET (apps/core/dynamodb/deadline.py); the last attempt may add a
# connect timeout: 2 + 0.5 s at worst, so a hanging DynamoDB is answered within 3 s.
DYNAMODB_REQUEST_BUDGET = float(env("DYNAMODB_REQUEST_BUDGET", "2"))
DYNAMODB_CONNECT_TIMEOUT = float(env("DYNAMODB_CONNECT_TIMEOUT", "0.5"))
DYNAMODB_READ_TIMEOUT = float(env("DYNAMODB_READ_TIMEOUT", "2"))
DYNAMODB_MAX_RETRIES = int(env("DYNAMODB_MAX_RETRIES", "2"))

CACHES = {
    "default": {
        "BACKEND": "apps.core.cache.DynamoDBCache",
        "TIMEOUT": 300,
    },
}
RATELIMIT_USE_CACHE = "default"
# django-ratelimit warns about any cache it does not know; this one gives it the
# atomic add and incr it needs (tests/core/test_ratelimit.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Accounts (apps/accounts): users and sessions in DynamoDB, Django's auth on top.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["apps.accounts.backends.DynamoDBBackend"]
SESSION_ENGINE = "apps.accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
SIGNIN_RATE_PER_LOGIN = env("SIGNIN_RATE_PER_LOGIN", "5/5m")
SIGNIN_RATE_PER_IP = env("SIGNIN_RATE_PER_IP", "30/5m")
SIGNUP_RATE_PER_IP = env("SIGNUP_RATE_PER_IP", "10/h")
EMAIL_CHANGE_RATE_PER_USER = env("EMAIL_CHANGE_RATE_PER_USER", "5/h")
PASSWORD_RESET_RATE_PER_EMAIL = env("PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
PASSWORD_RESET_RATE_PER_IP = env("PASSWORD_RESET_RATE_PER_IP", "10/h")
# A browser that signed in to an account before carries a signed device cookie
# (apps/accounts/devices.py): its failures count on its own, so failures from
# elsewhere never lock it out (OWASP's device cookies).
SIGNIN_RATE_PER_DEVICE = env("SIGNIN_RATE_PER_DEVICE", "5/5m")
SIGNIN_DEVICE_DAYS = int(env("SIGNIN_DEVICE_DAYS", "365"))

# Two-factor sign-in (apps/accounts/otp.py, factors.py). Each factor's secret is
# derived from this key and a nonce of the user's, never stored: changing the
# key voids every factor. Without it, one is derived from SECRET_KEY, so that
# rotating the secret key also voids them: set it on a stage.
TWO_FACTOR_KEY = (
    env("TWO_FACTOR_KEY") or hashlib.sha256(f"two-factor-key:{SECRET_KEY}".encode()).hexdigest()
).encode()
TWO_FACTOR_ISSUER = env("TWO_FACTOR_ISSUER", SITE_NAME)
TWO_FACTOR_LINK_DAYS = int(env("TWO_FACTOR_LINK_DAYS", "3"))  # an enrolment link's life
TWO_FACTOR_PENDING_SECONDS = 300  # from the right password to the code

# URL shortener (apps/shortener)
SHORTENER_CODE_LENGTH = int(env("SHORTENER_CODE_LENGTH", "7"))
SHORTENER_DEFAULT_DAYS = int(env("SHORTENER_DEFAULT_DAYS", "90"))
SHORTENER_CLICK_SHARDS = int(env("SHORTENER_CLICK_SHARDS", "8"))
SHORTENER_FALLBACK_DAYS = int(env("SHORTENER_FALLBACK_DAYS", "90"))  # a fallback URL's life
SHORTENER_STATS_DAYS = 400  # how long a day's statistics are kept (TTL)
SHORTENER_TOP_HOSTS = 20  # referring hosts counted by name per link and day; the rest: "(other)"
SHORTENER_PAGE_SIZE = 20
SHORTENER_BLOCKED_HOSTS = env_list("SHORTENER_BLOCKED_HOSTS")
SHORTENER_OWN_HOSTS = env_list("SHORTENER_OWN_HOSTS")
SHORTENER_RATE_ANONYMOUS = env("SHORTENER_RATE_ANONYMOUS", "10/h")
SHORTENER_RATE_SIGNED_IN = env("SHORTENER_RATE_SIGNED_IN", "100/h")

# Captain's log (apps/captains_log)
CAPTAINS_LOG_PAGE_SIZE = 10
CAPTAINS_LOG_RATE = env("CAPTAINS_LOG_RATE", "60/h")

# Todos (apps/todos)
TODOS_PAGE_SIZE = 50  # todos per API page unless ?limit= asks
# Deletions are kept (as tombstones) this long for devices that sync; a sync
# token older than that answers 410 and the device resyncs in full.
TODOS_TOMBSTONE_SECONDS = int(env("TODOS_TOMBSTONE_SECONDS", str(60 * 60 * 24 * 30)))
# A sync reads back this far before its token's time: a write is stamped with
# the server's clock before it is sent and commits within the request's
# DynamoDB budget (plus a margin for clocks of different Lambda containers).
TODOS_SYNC_OVERLAP = DYNAMODB_REQUEST_BUDGET + 2
TODOS_LAST_USE_SECONDS = 60  # a device's last use is written at most this often

# Background work on DynamoDB Streams (apps/core/background): the consumer that
# Lambda runs and the local worker (`manage.py stream_worker`) runs alike.
BACKGROUND_PIECE_SIZE = int(env("BACKGROUND_PIECE_SIZE", "500"))  # items one piece may touch
BACKGROUND_ATTEMPTS = int(env("BACKGROUND_ATTEMPTS", "3"))  # tries before a dead letter
BACKGROUND_RETRY_PAUSE = float(env("BACKGROUND_RETRY_PAUSE", "0.2"))  # seconds, doubling
BACKGROUND_RECORD_BUDGET = float(env("BACKGROUND_RECORD_BUDGET", "10"))  # DynamoDB seconds per try
BACKGROUND_STUCK_AFTER = int(env("BACKGROUND_STUCK_AFTER", "600"))  # seconds before a rerun

# Dwipper (apps/dwipper)
DWIPPER_PAGE_SIZE = 10
DWIPPER_POST_RATE = env("DWIPPER_POST_RATE", "30/h")  # dwipps posted per user
DWIPPER_TIMELINE_DAYS = 30  # a following feed keeps a dwipp this long (TTL)

# CORS (django-cors-headers), for browser clients of the JSON API only. They
# authenticate with a bearer token, never the session cookie, so any origin
# may call and no credentials are allowed.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After"]


def local_stripe_base(home: Path) -> str:
    """The localstripe that `make run` last started for this checkout (it records the port
    in ``home``; apps/billing/local_stripe.py), else the default port."""
    from apps.billing.local_stripe import PORT_RECORD
    from apps.core.dynamodb.local import recorded_port

    return f"http://127.0.0.1:{recorded_port(home, PORT_RECORD) or 8002}"


# Card payments through Stripe's API (apps/billing/stripe_api.py). Locally and in
# tests STRIPE_API_BASE is localstripe, which `make run` and the tests start; on AWS
# it is unset (Stripe itself) and the three keys come from SSM (deploy/stage_secrets.py).
STRIPE_API_BASE = (
    env("STRIPE_API_BASE")
    if PRODUCTION or "STRIPE_API_BASE" in os.environ
    else local_stripe_base(DYNAMODB_LOCAL_HOME)
)
STRIPE_SECRET_KEY = (
    env_required("STRIPE_SECRET_KEY") if PRODUCTION else env("STRIPE_SECRET_KEY", "sk_test_local")
)
STRIPE_PUBLISHABLE_KEY = (
    env_required("STRIPE_PUBLISHABLE_KEY")
    if PRODUCTION
    else env("STRIPE_PUBLISHABLE_KEY", "pk_test_local")
)
STRIPE_WEBHOOK_SECRET = (
    env_required("STRIPE_WEBHOOK_SECRET")
    if PRODUCTION
    else env("STRIPE_WEBHOOK_SECRET")
    or "whsec_" + hashlib.sha256(f"stripe-webhook:{SECRET_KEY}".encode()).hexdigest()[:32]
)
# Stripe.js and the origins the payment pages' Content-Security-Policy allows
# (https://docs.stripe.com/security/guide#content-security-policy).
STRIPE_JS_URL = (
    f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/"
)
STRIPE_SCRIPT_ORIGINS = [STRIPE_API_BASE] if STRIPE_API_BASE else ["https://js.stripe.com"]
STRIPE_CONNECT_ORIGINS = [STRIPE_API_BASE] if STRIPE_API_BASE else ["https://api.stripe.com"]
STRIPE_FRAME_ORIGINS = (
    [] if STRIPE_API_BASE else ["https://js.stripe.com", "https://hooks.stripe.com"]
)
# One request's Stripe calls and their retries share STRIPE_REQUEST_BUDGET seconds, well
# inside API Gateway's 29 s; each attempt waits at most STRIPE_TIMEOUT for an answer.
STRIPE_REQUEST_BUDGET = float(env("STRIPE_REQUEST_BUDGET", "15"))
STRIPE_CONNECT_TIMEOUT = float(env("STRIPE_CONNECT_TIMEOUT", "2"))
STRIPE_TIMEOUT = float(env("STRIPE_TIMEOUT", "8"))
STRIPE_MAX_RETRIES = int(env("STRIPE_MAX_RETRIES", "1"))
# A purchase whose payment has not settled this long is looked up at Stripe by the
# sweep (apps/billing/sweeps.py); one waiting for the buyer's bank this long is cancelled.
BILLING_SETTLE_AFTER = int(env("BILLING_SETTLE_AFTER", "300"))
BILLING_ABANDONED_AFTER = int(env("BILLING_ABANDONED_AFTER", "3600"))

# Signed bills (apps/billing). Locally, without BILLING_SIGNING_KEYS, one key
# is derived from SECRET_KEY: fine on a laptop, refused in production.
BILLING_SIGNING_KEYS = signing_keys(
    env_required("BILLING_SIGNING_KEYS")
    if PRODUCTION
    else env("BILLING_SIGNING_KEYS")
    or "local:" + hashlib.sha256(f"billing-signing-key:{SECRET_KEY}".encode()).hexdigest()
)
if not BILLING_SIGNING_KEYS:
    raise ImproperlyConfigured("BILLING_SIGNING_KEYS names no key.")
BILLING_PRICE = env("BILLING_PRICE", "5.00")
BILLING_CURRENCY = env("BILLING_CURRENCY", "EUR")
BILLING_RATE_PER_IP = env("BILLING_RATE_PER_IP", "20/h")
BILLING_VERIFY_RATE_PER_IP = env("BILLING_VERIFY_RATE_PER_IP", "300/h")
BILLING_PAGE_SIZE = 50  # bills per page of "My bills" and the staff list

# Email: the console locally, Amazon SES (django-ses) on AWS; tests use locmem.
DEFAULT_FROM_EMAIL = (
    env_required("DJANGO_DEFAULT_FROM_EMAIL")
    if PRODUCTION
    else env("DJANGO_DEFAULT_FROM_EMAIL", "Serverless Django <noreply@localhost>")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django_ses.SESBackend" if PRODUCTION else "apps.core.mail.TerminalEmailBackend",
)
AWS_SES_REGION_NAME = env("AWS_SES_REGION", AWS_REGION)
AWS_SES_REGION_ENDPOINT = f"email.{AWS_SES_REGION_NAME}.amazonaws.com"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
# One way to write dates and times, for the site's pages, the admin and the PDF
# bill (apps/core/formats/en/formats.py; apps/core/dates.py). They are shown in
# the viewer's time zone once their browser has said which (core/site.js keeps
# it in this cookie), else in UTC, and always say which.
FORMAT_MODULE_PATH = ["apps.core.formats"]
TIME_ZONE_COOKIE = "tz"
# Forms put the cursor in the first field in error (apps/core/forms.py).
FORM_RENDERER = "apps.core.forms.SiteFormRenderer"

STATIC_URL = "static/"
STATICFILES_FINDERS = [
    "apps.core.admin.stylesheet.AdminStylesheetFinder",  # the admin's stylesheets as one file
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / ".build" / "static"
STATIC_CDN_DOMAIN = env("STATIC_CDN_DOMAIN")
if PRODUCTION and STATIC_CDN_DOMAIN:
    STATIC_URL = f"https://{STATIC_CDN_DOMAIN}/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if PRODUCTION:
    STORAGES["staticfiles"] = {
        "BACKEND": "apps.core.storage.StaticS3Storage",
        "OPTIONS": {
            "bucket_name": env("STATIC_BUCKET"),
            "custom_domain": STATIC_CDN_DOMAIN,
            "querystring_auth": False,
        },
    }
if env("DJANGO_STATIC_BUILD") == "1":
    # `make package`: hash the static files locally and write the manifest the
    # package carries (apps/core/storage.py), uploading nothing.
    STORAGES["staticfiles"] = {"BACKEND": "apps.core.storage.ManifestBuildStorage"}

if PRODUCTION:
    # API Gateway only speaks HTTPS; Zappa passes the scheme on as wsgi.url_scheme.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env("DJANGO_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Content-Security-Policy (django-csp): scripts, styles and images from this
# site and its static files' CDN only, no inline code of any kind (templates ask
# for behaviour with data attributes, apps/core/static/core/site.js); QR codes
# are data: images.
STATIC_ORIGINS = [f"https://{STATIC_CDN_DOMAIN}"] if PRODUCTION and STATIC_CDN_DOMAIN else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *STATIC_ORIGINS],
        "style-src": ["'self'", *STATIC_ORIGINS],
        "img-src": ["'self'", "data:", *STATIC_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
# Messages travel in a signed cookie: showing one never costs a session read.
MESSAGE_STORAGE = "apps.core.http.messages.SiteCookieStorage"  # Django's, its signer made when used
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Paths under these prefixes carry a secret (apps/core/http/log_redaction.py):
# every log line shows the prefix and "[redacted]" in place of the rest.
LOG_SECRET_PATH_PREFIXES = [
    "/account/reset/",
    "/account/two-factor/link/",  # an enrolment link (apps/accounts/factor_views.py)
    "/api/todo-backend/",  # a device token (apps/todos/todo_backend.py)
    "/billing/purchases/",  # a purchase's key (apps/billing/views.py: the return page)
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
        "bare": {"format": "%(message)s"},
    },
    "filters": {"secret_paths": {"()": "apps.core.http.log_redaction.SecretPathFilter"}},
    "handlers": {
        # Every record that reaches a log passes the filter.
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        },
        # One JSON object per line, so that CloudWatch Logs Insights finds its fields.
        "json_lines": {
            "class": "logging.StreamHandler",
            "formatter": "bare",
            "stream": "ext://sys.stdout",
            "filters": ["secret_paths"],
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own console handler, which would print every line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's request lines, which Django gives a handler of their own.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request (apps/core/http/request_log.py); off locally, where
        # runserver prints its own.
        "apps.core.requests": {
            "handlers": ["json_lines"],
            "level": env("DJANGO_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
            "propagate": False,
        },
        "botocore": {"level": "WARNING"},
        "pynamodb": {"level": "WARNING"},
        # The SDK logs every request at INFO; the site logs what it did itself.
        "stripe": {"level": "WARNING"},
    },
}
