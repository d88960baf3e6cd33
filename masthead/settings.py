"""Masthead settings, read from the environment.

Every deployment setting comes from an environment variable; the README lists
them all. With none set, Masthead runs in its embedded default: SQLite in WAL
mode, a file cache and a database task queue, all inside ``MASTHEAD_DATA_DIR``.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("MASTHEAD_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = os.environ.get("MASTHEAD_TESTING") == "1"

DATA_DIR = Path(os.environ.get("MASTHEAD_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key():
    """Return SECRET_KEY: required in production, generated once into the data folder otherwise."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when MASTHEAD_ENV=production.")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _mailer_from_url(url):
    """Translate EMAIL_URL (smtp://user:pass@host:port, smtp+tls://, smtp+ssl://,
    console://, locmem://, file:///path) into a MAILERS entry."""
    parts = urlsplit(url)
    scheme = parts.scheme
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": unquote(parts.path)},
        }
    if scheme in {"smtp", "smtp+tls", "smtp+ssl", "smtps"}:
        options = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or (465 if scheme in {"smtp+ssl", "smtps"} else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": scheme == "smtp+tls",
            "use_ssl": scheme in {"smtp+ssl", "smtps"},
            "timeout": int(query.get("timeout", 10)),
        }
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    raise ImproperlyConfigured(f"EMAIL_URL has an unsupported scheme: {scheme!r}")


SECRET_KEY = _secret_key()
SECRET_KEY_FALLBACKS = _env_list("SECRET_KEY_FALLBACKS")
DEBUG = _env_bool("DEBUG", default=False)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS") or [
    urlsplit(SITE_URL).hostname,
    *([] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]),
]
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS") or [SITE_URL]
CSRF_FAILURE_VIEW = "masthead.core.views.csrf_failure"
# Demo mode: the embedded mail catcher and its /_outbox/ page are available.
DEMO_MODE = _env_bool("MASTHEAD_DEMO", default=not PRODUCTION)

INSTALLED_APPS = [
    "masthead.core",
    "masthead.accounts",
    "masthead.news",
    "masthead.access",
    "masthead.search",
    "masthead.alerts",
    "masthead.comments",
    "masthead.newsletters",
    "masthead.sharing",
    "masthead.readinglist",
    "masthead.live",
    "masthead.wordpress",
    "masthead.newsroom",
    "masthead.demo",
    "masthead.ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Outermost: every response, cached or not, carries its own request id.
    "masthead.ops.middleware.RequestIdMiddleware",
    # Text no database can store (NUL, lone surrogates) is refused before anything reads it.
    "masthead.core.badinput.RejectUnstorableInputMiddleware",
    # WordPress's old query addresses (/?p=123) after an import: before the page cache, which
    # would answer them with the front page.
    "masthead.wordpress.redirects.QueryAddressMiddleware",
    # Then: a cached anonymous page is stored with every header the others add, and
    # served again before any of them runs.
    "masthead.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the page cache: a cached page keeps the policy it was rendered with.
    "masthead.core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "masthead.core.sites.SiteMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.core.context_processors.site",
                "masthead.news.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL) in the data folder unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'masthead.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's full-text search fields and indexes (search) come from this app.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else a file cache shared by all local processes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to "no cache" while Redis is away; rate limits then refuse.
            "BACKEND": "masthead.ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "masthead"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# The edge (nginx, a CDN) is told what to drop when something is published. PURGE requests
# to FRONTEND_CACHE_PURGE_URL (nginx with ngx_cache_purge, Varnish); or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if purge_url := os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["edge"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": purge_url,
    }
# Anonymous pages written as files for nginx on this machine to serve (masthead.core.edgepages;
# deploy/nginx/masthead.conf reads them from /var/lib/masthead/edge-pages). Off when unset.
EDGE_PAGES_DIR = os.environ.get("EDGE_PAGES_DIR", "")
if EDGE_PAGES_DIR:
    WAGTAILFRONTENDCACHE["edge-pages"] = {"BACKEND": "masthead.core.edgepages.PageFilesBackend"}
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }

# Renditions never change once made: every process keeps its own copy of their lookups in
# memory rather than asking the shared cache on each image of each page.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 50000},
}

# Background tasks: django-tasks-db by default (the `masthead serve` worker runs them).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TESTING:
    # Tests run tasks in-process, at once; the worker itself is exercised by the browser suite.
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

AUTH_USER_MODEL = "accounts.Member"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jerusalem")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000
# Without collectstatic (tests, development) serve straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Mail: Django's MAILERS, configured by EMAIL_URL. The demo default is the
# embedded mail catcher that `masthead serve` starts (port MAIL_CATCHER_PORT, 1025).
MAIL_CATCHER_PORT = int(os.environ.get("MAIL_CATCHER_PORT", "1025"))
EMAIL_URL = os.environ.get("EMAIL_URL", f"smtp://127.0.0.1:{MAIL_CATCHER_PORT}")
MAILERS = {"default": _mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Masthead <news@masthead.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_DIR = DATA_DIR / "outbox"

# Sessions and cookies.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 180
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and _env_bool("SECURE_SSL_REDIRECT", default=True)
if _env_bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (masthead/core/security.py): nonce-based on the site, looser in
# the Wagtail admin, whose own templates use inline scripts and styles.
from masthead.core import security as _security  # noqa: E402

SECURE_CSP = _security.site_policy()
MASTHEAD_ADMIN_CSP = _security.admin_policy()

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Masthead")
WAGTAILIMAGES_IMAGE_MODEL = "news.NewsImage"
WAGTAILIMAGES_JPEG_QUALITY = 80
WAGTAILIMAGES_WEBP_QUALITY = 78
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Uploaded images: size and pixels checked before decoding, and no hidden markup
# (masthead/core/uploads.py); caption and credit asked at upload, credit required
# (masthead/news/admin/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.news.admin.forms.CreditedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents download as attachments; only PDFs open in the browser (never as a page of ours).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# A draft saves itself when the editor stops typing for half a second, and an editor sees who
# else has the page open (Wagtail's editing sessions ping every 10 s): both on, by name.
WAGTAIL_AUTOSAVE_INTERVAL = 500
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000
WAGTAIL_I18N_ENABLED = False
# The responsive wrapper is an inline style, which the site's policy refuses: site.css
# gives embedded frames their proportions instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
# The admin would fetch releases.wagtail.io from the browser; its policy allows no third party.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff avatars would load from a third party (over plain HTTP) and tell it who
# is using the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Masthead's own knobs.
# Anonymous pages in shared caches (CDN, nginx): fresh for s-maxage, then served stale while
# revalidating, and for a day when the app is down. Publishing purges them.
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "300"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = 60
PAGE_CACHE_STALE_IF_ERROR = 86400
# When the database cannot be reached, pages not in the cache answer 503 with this Retry-After.
OUTAGE_RETRY_AFTER = 30
# A task running longer than this lost its worker: the scheduler puts it back in the queue
# (every task is idempotent). Longer than any task takes.
TASKS_ABANDONED_AFTER = int(os.environ.get("TASKS_ABANDONED_AFTER", "900"))
PAGE_CACHE_ALIAS = "default"
# PAGE_CACHE=off renders every page for every reader (no app page cache, no members' copy, no
# page files for nginx): to see what a render costs, or to rule the cache out while looking
# for a fault. The shared caches' headers are unchanged.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "on").lower() != "off"
# How long a request waits for another one rendering the same page before rendering it too.
PAGE_CACHE_LOCK_WAIT = 5
# Pages one web worker renders at a time (of its 8 THREADS, masthead.core.web): the others stay
# free for pages answered from the cache. Beyond it (and a short queue) a miss gets the stale
# copy or a 503.
RENDER_SLOTS_PER_WORKER = int(os.environ.get("RENDER_SLOTS_PER_WORKER", "2"))
# Paths never answered from the page cache (admin, accounts, health, demo outbox).
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    "/account",
    "/auth/",
    "/health/",
    "/_outbox/",
    "/static/",
    "/media/",
)
ARTICLES_PER_PAGE = 20
# The filter specs of the renditions every article image gets, generated on publish.
MASTHEAD_IMAGE_WIDTHS = [400, 800, 1200]

# --- Accounts and sign-in (masthead.accounts) ---------------------------------
from masthead.accounts import providers as _accounts_providers  # noqa: E402

# Readers sign in with emailed links and codes; staff keep passwords for the admin,
# through a backend that refuses non-staff and throttles failures.
AUTHENTICATION_BACKENDS = ["masthead.accounts.backends.MemberBackend"]
# Proxies in front of the site that append to X-Forwarded-For; 0 trusts the header never.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNTS_FROM_EMAIL = os.environ.get("ACCOUNTS_FROM_EMAIL") or DEFAULT_FROM_EMAIL
ACCOUNTS_SUBJECT_SIGN_IN = os.environ.get("ACCOUNTS_SUBJECT_SIGN_IN", "Sign in to {site_name}")
ACCOUNTS_SUBJECT_REGISTER = os.environ.get(
    "ACCOUNTS_SUBJECT_REGISTER", "Finish registering with {site_name}"
)
TERMS_VERSION = os.environ.get("TERMS_VERSION", "2026-01")
TERMS_URL = os.environ.get("TERMS_URL", "/terms/")
# "Or Continue with": allauth, for identity providers only (no allauth passwords).
# Providers come from the environment: OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET,
# GOOGLE_*, APPLE_*, FACEBOOK_*, or from the admin (Settings → Sign-in providers; name Google,
# Apple or Facebook in SOCIAL_PROVIDERS to install its routes): masthead/accounts/providers.py.
INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "masthead.accounts.oidc",
    # Only configured providers get routes: an unconfigured one would answer with an error.
    *(
        f"allauth.socialaccount.providers.{name}"
        for name in _accounts_providers.installed_providers()
    ),
]
MIDDLEWARE += [
    "allauth.account.middleware.AccountMiddleware",
    # The admin opens only to sessions that began with a password.
    "masthead.accounts.middleware.AdminNeedsPasswordMiddleware",
    # ... and, where required, that proved a second factor (masthead/accounts/mfa.py).
    "masthead.accounts.middleware.StaffSecondFactorMiddleware",
    # Publishing and the other page actions in the admin commit whole or not at all.
    "masthead.core.atomic_admin.AtomicPageActionsMiddleware",
    # Last: a member's page comes back through every middleware above, like a rendered one.
    "masthead.access.memberpages.MemberPageCacheMiddleware",
]
# Everyone who can use the admin proves a TOTP code (or a recovery code) once per session:
# on by default in production, off in the demo and development unless set.
MASTHEAD_STAFF_MFA = _env_bool("MASTHEAD_STAFF_MFA", default=PRODUCTION)
# Authenticator secrets are encrypted at rest under a key derived from this (SECRET_KEY
# when unset); the fallbacks still decrypt while a key is being rotated.
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")
MFA_ENCRYPTION_KEY_FALLBACKS = _env_list("MFA_ENCRYPTION_KEY_FALLBACKS")
ACCOUNT_ADAPTER = "masthead.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "masthead.accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # a verified provider email signs in its member
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False  # new members see the consent step first
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_FORMS = {"signup": "masthead.accounts.social_forms.SocialSignupForm"}
SOCIALACCOUNT_PROVIDERS = _accounts_providers.providers_from_environment()
LOGIN_REDIRECT_URL = "/"
# --- end accounts --------------------------------------------------------------

# Logs go to stderr: one JSON object per line in production (LOG_FORMAT=json), readable text
# elsewhere; each line carries the request id, and email addresses and tokens are masked.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "masthead.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "masthead.ops.logs.JsonFormatter"},
        "text": {"()": "masthead.ops.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# /health/ready reports the task queue as lagging when its oldest ready task waited longer.
HEALTH_QUEUE_LAG_LIMIT = int(os.environ.get("HEALTH_QUEUE_LAG_LIMIT", "300"))

# --- Search (masthead.search) ---------------------------------------------------
# The engine behind the search service: a class with `search()` and `suggest()`.
# The default runs on Wagtail's search backend named by "alias" in
# WAGTAILSEARCH_BACKENDS: the database backend (SQLite FTS5, PostgreSQL full text),
# or Elasticsearch/OpenSearch by pointing that backend at
# "wagtail.search.backends.elasticsearch8" (or opensearch2/3) with its URLS.
SEARCH_BACKEND = {
    "CLASS": os.environ.get("SEARCH_BACKEND", "masthead.search.backends.WagtailSearch"),
    "OPTIONS": {"alias": "default"},
}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL full text: name the text search configuration instead of relying on the
    # server's default_text_search_config. masthead_english (search migration 0001) is
    # English stemming after unaccent: "talks" finds "talk", "cafe" finds "café".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = os.environ.get(
        "SEARCH_TEXT_CONFIG", "masthead_english"
    )
# Ranking: the share of recency in a result's rank (0 = relevance only, 1 = newest only),
# and the age in days at which a story's recency counts half. Small: recency orders stories
# about as relevant; it does not put a passing mention ahead of the story about the name.
SEARCH_RECENCY_WEIGHT = float(os.environ.get("SEARCH_RECENCY_WEIGHT", "0.1"))
SEARCH_RECENCY_HALF_LIFE_DAYS = float(os.environ.get("SEARCH_RECENCY_HALF_LIFE_DAYS", "30"))
# Ranked results come from the engine's N best matches (50 pages of 20); on the database
# backends, the N newest matches (see masthead/search/native.py).
SEARCH_MAX_CANDIDATES = 1000
# Seconds shared caches (nginx, the page cache) keep an anonymous search page: new stories
# show up in search at the edge within this window.
SEARCH_SHARED_SECONDS = int(os.environ.get("SEARCH_SHARED_SECONDS", "60"))
# Searches that reach the app (the page cache answers repeats) per (count, seconds): per client
# address for anonymous readers, per member for members. Past it, a 429 with Retry-After.
SEARCH_RATE_ANONYMOUS = (30, 60)
SEARCH_RATE_MEMBER = (60, 60)
SEARCH_RESULTS_PER_PAGE = 20
SEARCH_MAX_QUERY_LENGTH = 200
# --- end search ------------------------------------------------------------------

# --- Breaking-news alerts (masthead.alerts) -------------------------------------
# VAPID keys: from the environment, else generated once into <data>/vapid-keys.json.
# Rotation: the old private key moves to VAPID_PRIVATE_KEY_FALLBACKS (comma-separated) and
# keeps signing for the browsers that subscribed with it until they re-subscribe.
ALERTS_VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
ALERTS_VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
ALERTS_VAPID_FALLBACKS = _env_list("VAPID_PRIVATE_KEY_FALLBACKS")
ALERTS_VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "")  # mailto:… or https://…
# Push services the server may POST to (origin patterns): the browsers' own services.
ALERTS_PUSH_SERVICES = _env_list(
    "ALERTS_PUSH_SERVICES",
    "https://fcm.googleapis.com,https://*.googleapis.com,"
    "https://updates.push.services.mozilla.com,https://*.push.services.mozilla.com,"
    "https://*.notify.windows.com,https://web.push.apple.com,https://*.push.apple.com",
)
ALERTS_SENDER = os.environ.get("ALERTS_SENDER", "masthead.alerts.sender.WebPushSender")
ALERTS_BATCH_SIZE = int(os.environ.get("ALERTS_BATCH_SIZE", "1000"))
ALERTS_SETTLE_EVERY = 200  # deliveries recorded together while a batch runs
# Messages in flight per batch (one event loop; connections per push service).
ALERTS_SEND_THREADS = int(os.environ.get("ALERTS_SEND_THREADS", "16"))
ALERTS_MAX_ATTEMPTS = 5
ALERTS_BACKOFF_BASE = float(os.environ.get("ALERTS_BACKOFF_BASE", "1"))
ALERTS_MAX_RETRY_AFTER = 120
ALERTS_DEFAULT_TTL = int(os.environ.get("ALERTS_DEFAULT_TTL", "3600"))
ALERTS_ICON_URL = "/static/alerts/icon-192.png"
# Quiet hours per audience, in TIME_ZONE: "everyone=23:00-07:00;section:world=00:00-06:00".
# Alerts that are not urgent wait until they end.
ALERTS_QUIET_HOURS = {
    key.strip(): tuple(value.strip().split("-", 1))
    for key, _, value in (
        item.partition("=") for item in os.environ.get("ALERTS_QUIET_HOURS", "").split(";")
    )
    if key.strip() and value.strip()
}
# --- end alerts ------------------------------------------------------------------

# --- Comments (masthead.comments) ------------------------------------------------
# Discussions close this many days after an article is first published (0: never); editors
# can close one earlier or keep it open. A member's first N comments wait for a moderator.
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "7"))
COMMENTS_PREMODERATE_FIRST = int(os.environ.get("COMMENTS_PREMODERATE_FIRST", "0"))
COMMENTS_MAX_LENGTH = int(os.environ.get("COMMENTS_MAX_LENGTH", "2000"))
COMMENTS_MAX_LINKS = int(os.environ.get("COMMENTS_MAX_LINKS", "2"))
# Words refused everywhere, comma-separated, besides the list editors keep in the admin.
COMMENTS_BANNED_WORDS = _env_list("COMMENTS_BANNED_WORDS")
# Comment fragments carry their own short cache lifetime and are cached by version in the
# app, so the whole-page cache leaves them alone.
PAGE_CACHE_EXCLUDED_PREFIXES += ("/comments/",)
# --- end comments ------------------------------------------------------------------

# --- Gift links (masthead.sharing; its other settings in masthead/sharing/conf.py) ----
# A gift link's page is its reader's alone: the page cache does not even look it up (nor
# does a second reader wait on its render lock); nginx's $masthead_gift map says the same.
PAGE_CACHE_EXCLUDED_PREFIXES += ("/gift/",)

# --- Newsletters (masthead.newsletters) -------------------------------------------
# Editions go out in batches, each over a few SMTP connections; temporary (4xx) failures are
# retried with exponential backoff and jitter, up to NEWSLETTERS_MAX_ATTEMPTS.
NEWSLETTERS_BATCH_SIZE = int(os.environ.get("NEWSLETTERS_BATCH_SIZE", "500"))
NEWSLETTERS_SMTP_CONNECTIONS = int(os.environ.get("NEWSLETTERS_SMTP_CONNECTIONS", "4"))
NEWSLETTERS_MAX_ATTEMPTS = int(os.environ.get("NEWSLETTERS_MAX_ATTEMPTS", "5"))
NEWSLETTERS_BACKOFF_BASE = float(os.environ.get("NEWSLETTERS_BACKOFF_BASE", "30"))
# A batch with no progress for this long is resumed by another worker.
NEWSLETTERS_STUCK_SECONDS = int(os.environ.get("NEWSLETTERS_STUCK_SECONDS", "600"))
# mailto: address of List-Unsubscribe (empty: the newsletter's reply-to or sender).
NEWSLETTERS_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTERS_UNSUBSCRIBE_MAILTO", "")
# DKIM signing of newsletters: selector, signing domain and a PEM private key file.
NEWSLETTERS_DKIM_SELECTOR = os.environ.get("DKIM_SELECTOR", "")
NEWSLETTERS_DKIM_DOMAIN = os.environ.get("DKIM_DOMAIN", "")
NEWSLETTERS_DKIM_PRIVATE_KEY_FILE = os.environ.get("DKIM_PRIVATE_KEY_FILE", "")
# Bounce and complaint webhooks (django-anymail's tracking) at
# /newsletters/webhooks/<provider>/. ANYMAIL_WEBHOOK_SECRET is the "user:password" the
# providers send by HTTP basic auth (comma-separated while rotating); Mailgun's signing key and
# SendGrid's public key verify their signatures. A provider with no credentials is refused.
ANYMAIL = {
    "WEBHOOK_SECRET": _env_list("ANYMAIL_WEBHOOK_SECRET"),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
    "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY": os.environ.get(
        "SENDGRID_WEBHOOK_VERIFICATION_KEY", ""
    ),
}
# --- end newsletters ---------------------------------------------------------------
