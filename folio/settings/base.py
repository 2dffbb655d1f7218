"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, so one
code base runs on a laptop (SQLite, local-memory cache) and on several app servers
(PostgreSQL, Redis) without edits.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured

from folio.settings.object_storage import object_storage_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "blog",
    "brand",
    "search",
    "webhooks",
    "ops",
    "jekyll",
    "analytics",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "rest_framework",
    # Lets API v3's docs page use the Swagger UI files ninja ships, not a CDN.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ops.csp.ContentSecurityPolicyMiddleware",
    "ops.compression.PublicGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous readers' pages answered from the cache before the session, auth, CSRF and
    # messages middleware, which a cached copy does not need (ops/page_cache.py).
    "ops.page_cache.PageCacheMiddleware",
    # Analytics beacons answered here: they need nothing below (analytics/middleware.py).
    "analytics.middleware.BeaconMiddleware",
    # A database outage in a view becomes a 503 page, or JSON under /api/ (ops/db_outage.py).
    "ops.db_outage.DatabaseOutageMiddleware",
    # The request for code not handed it (absolute URLs), and renditions a page found
    # missing asked of the worker once the view is done (ops/request_scope.py).
    "ops.request_scope.RequestScopeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's redirects, kept cacheable and quiet during a database outage (ops/redirects.py).
    "ops.redirects.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# django-axes throttles admin logins: after AXES_FAILURE_LIMIT failures for one username
# from one IP address, that pair is refused (even with the right password) for an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many proxies (load balancer, TLS terminator) stand in front of gunicorn and append
# to X-Forwarded-For. 0: gunicorn faces the clients. Behind one proxy that must be 1, or
# every login seems to come from the proxy and anyone can lock any editor out.
FOLIO_TRUSTED_PROXY_COUNT = int(os.environ.get("FOLIO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "ops.client_address.client_address"
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "folio.urls"
WSGI_APPLICATION = "folio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # APP_DIRS stays off so the cached loader below can be configured explicitly.
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "blog.context_processors.audience",
                "brand.context_processors.brand",
            ],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    },
]

# SQLite by default (zero set-up); DATABASE_URL switches to PostgreSQL.
# Persistent connections with health checks: a new connection per request costs more
# than most of Folio's queries.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers go on while an import writes; the timeout avoids "database is locked"
    # when the dev server and a management command touch the file together.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# FOLIO_S3_BUCKET (and FOLIO_S3_*): uploads in an S3-compatible bucket (object_storage.py).
FOLIO_OBJECT_STORAGE = object_storage_options(os.environ)
if FOLIO_OBJECT_STORAGE:
    STORAGES["default"] = FOLIO_OBJECT_STORAGE
    # Documents are read from the bucket by Wagtail's view, which checks collection
    # privacy, rather than linked in the bucket (Wagtail's default for remote storage).
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

REDIS_URL = os.environ.get("REDIS_URL", "")
# Where the page cache's generation number lives (ops/page_cache.py).
FOLIO_GENERATION_CACHE_ALIAS = "default"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A cache outage must degrade to "no cache", never to errors for readers.
                "IGNORE_EXCEPTIONS": True,
                # A Redis host that stops answering must not hold every request for the
                # kernel's TCP timeout (minutes): give up after a second, serve uncached.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    # Cached copies stay in each worker's memory, but the generation number that retires
    # them must be one for all of a server's workers: a publish handled by one gunicorn
    # worker would otherwise leave the others serving the old page for an hour. A file
    # per value is the simplest store every local process shares (a read is ~20 µs).
    # Several servers need Redis (REDIS_URL) all the same. One folder per database, so
    # sites run from one checkout against different databases do not retire each other's.
    _database = DATABASES["default"]
    _database_digest = hashlib.sha256(
        f"{_database.get('HOST')}:{_database.get('PORT')}:{_database['NAME']}".encode()
    ).hexdigest()[:16]
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Django's default of 300 entries is a few dozen pages with their parts,
            # cards and picture markup: past it, each new entry culls a third of them.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FOLIO_LOCAL_CACHE_ENTRIES", "5000"))},
        },
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("FOLIO_GENERATION_DIR")
            or str(BASE_DIR / "var" / "generation" / _database_digest),
        },
    }
    FOLIO_GENERATION_CACHE_ALIAS = "generation"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"folio": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}

# --- Wagtail -----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Folio")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend, minus the query text that crashes it (search/backends.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Video files, for the post body's video block (blog/video_blocks.py).
WAGTAILDOCS_EXTENSIONS += ["mp4", "m4v", "mov", "webm", "ogv"]
# SVG stays: uploads and imports are stored sanitised (ops/image_safety.py says why).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
# Wagtail's 128 million let a 350 KB PNG of 11000 x 11000 pixels in (13.7 s and 3 GB to
# decode once). Uploads and imports above this are refused (ops/image_safety.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("FOLIO_MAX_IMAGE_PIXELS", "40000000"))
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "bmp": "png", "webp": "webp"}
# A full or read-only media folder is a form error on upload, not a 500 (ops/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "ops.image_forms.StorageCheckedImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com in the admin: every editor screen asked it (twice), telling
# a third party who edits what and when (issue #15). Wagtail shows its default avatar; an
# avatar uploaded in the account settings still shows.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_WORKFLOW_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True
# Editors type tags as "work-life-balance" in the source blog: one word each, a space
# ends a tag in the editor's tag field (Wagtail's setting; plain TAG_SPACES_ALLOWED was
# read by no one).
WAGTAIL_TAG_SPACES_ALLOWED = False

# --- Folio -------------------------------------------------------------------------------

# The product app's session marker: carrying this cookie makes a visitor a "member".
FOLIO_MEMBER_COOKIE = os.environ.get("FOLIO_MEMBER_COOKIE", "folio_member")

# Whole-response cache for anonymous readers (ops/page_cache.py).
FOLIO_PAGE_CACHE = env_bool("FOLIO_PAGE_CACHE", True)
FOLIO_PAGE_CACHE_SECONDS = int(os.environ.get("FOLIO_PAGE_CACHE_SECONDS", "3600"))
# Any cookie but the audience cookie keeps a request away from the page cache (it may be a
# session or a login). Cookies known to change nothing Folio answers (say, an analytics
# cookie of the company's main site on the same domain) can be named here.
FOLIO_PAGE_CACHE_INERT_COOKIES = env_list("FOLIO_PAGE_CACHE_INERT_COOKIES")
# The costly parts of a page (site lookup, post body, related posts) cached until the
# next content change, for page-cache misses and logged-in readers (ops/fragment_cache.py).
FOLIO_FRAGMENT_CACHE = env_bool("FOLIO_FRAGMENT_CACHE", True)

# A CDN or caching proxy in front is purged on publish (off unless configured).
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }

# Background work (webhook deliveries, large imports) goes to the database queue, run by
# `manage.py db_worker --backend folio`. Wagtail's own small tasks stay immediate, as stock.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "folio": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
FOLIO_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("FOLIO_WEBHOOK_MAX_ATTEMPTS", "5"))
FOLIO_WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("FOLIO_WEBHOOK_RETRY_BASE_SECONDS", "30"))
# Webhooks go to public addresses only (webhooks/targets.py); 1 lets them reach private ones.
FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# `manage.py requeue_lost_webhooks` queues again a delivery overdue by this long (lost worker).
FOLIO_WEBHOOK_LOST_AFTER_MINUTES = int(os.environ.get("FOLIO_WEBHOOK_LOST_AFTER_MINUTES", "10"))
# Jekyll imports from the admin (jekyll/upload/): where uploads wait (never under MEDIA_ROOT;
# shared by the web server and the worker), the limits of an upload, and how long a step
# may run before it counts as lost with its worker (run once more, then failed).
FOLIO_IMPORT_ROOT = Path(os.environ.get("FOLIO_IMPORT_ROOT", BASE_DIR / "private" / "imports"))
FOLIO_IMPORT_MAX_UPLOAD_MB = int(os.environ.get("FOLIO_IMPORT_MAX_UPLOAD_MB", "100"))
FOLIO_IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("FOLIO_IMPORT_MAX_UNCOMPRESSED_MB", "500"))
FOLIO_IMPORT_MAX_FILES = int(os.environ.get("FOLIO_IMPORT_MAX_FILES", "10000"))
# Days a failed admin import keeps its upload for a retry (jekyll/upload/retention.py).
FOLIO_IMPORT_UPLOAD_DAYS = int(os.environ.get("FOLIO_IMPORT_UPLOAD_DAYS", "14"))
# While the worker makes a batch of renditions, cached pages are retired at most this often
# (and once after the batch: ops/rendition_tasks.py).
FOLIO_RENDITION_RETIRE_SECONDS = int(os.environ.get("FOLIO_RENDITION_RETIRE_SECONDS", "60"))
FOLIO_IMPORT_STEP_TIMEOUT_MINUTES = int(os.environ.get("FOLIO_IMPORT_STEP_TIMEOUT_MINUTES", "120"))
# The real Jekyll, where it is installed (jekyll.oracle): the admin import measures each
# post against Jekyll's own rendering ("auto"; "folio": never run Jekyll) and may map
# Jekyll's rendering instead of Folio's ("jekyll"); uploads are always built in safe mode.
FOLIO_IMPORT_REFERENCE = os.environ.get("FOLIO_IMPORT_REFERENCE", "auto")
FOLIO_IMPORT_RENDERER = os.environ.get("FOLIO_IMPORT_RENDERER", "python")
FOLIO_JEKYLL_TIMEOUT_SECONDS = int(os.environ.get("FOLIO_JEKYLL_TIMEOUT_SECONDS", "600"))

# Folio serves MEDIA_ROOT itself, with headers that keep uploads from scripting the site
# (ops/media.py); 0 where nginx or a CDN serves MEDIA_URL instead.
FOLIO_SERVE_MEDIA = env_bool("FOLIO_SERVE_MEDIA", True) and not FOLIO_OBJECT_STORAGE
# Image files with no image row (an import killed mid-post) are removed once this old, by
# `manage.py clean_orphan_media` and by each import (ops/orphan_media.py).
FOLIO_ORPHAN_MEDIA_GRACE_HOURS = float(os.environ.get("FOLIO_ORPHAN_MEDIA_GRACE_HOURS", "24"))

# First-party, cookie-free analytics (analytics/, docs/privacy.md). Beacons are counted in
# Redis (REDIS_URL) or else in a buffer file every worker of the machine shares
# (FOLIO_ANALYTICS_BUFFER_DIR, default var/analytics/), and flushed into the database by
# the worker every FOLIO_ANALYTICS_FLUSH_SECONDS or by `manage.py flush_analytics`.
FOLIO_ANALYTICS = env_bool("FOLIO_ANALYTICS", True)
FOLIO_ANALYTICS_BUFFER_DIR = os.environ.get("FOLIO_ANALYTICS_BUFFER_DIR", "")
FOLIO_ANALYTICS_FLUSH_SECONDS = int(os.environ.get("FOLIO_ANALYTICS_FLUSH_SECONDS", "60"))
# Beacons and counted clicks per client address per minute; 0 for no limit.
FOLIO_ANALYTICS_RATE_LIMIT = int(os.environ.get("FOLIO_ANALYTICS_RATE_LIMIT", "120"))
# Distinct sources (referrer, utm_*) kept per page per day; the rest count as "other".
FOLIO_ANALYTICS_MAX_SOURCES = int(os.environ.get("FOLIO_ANALYTICS_MAX_SOURCES", "50"))
# How often the beacon collector (`make collector`) writes what it counted to the buffer.
FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS = float(
    os.environ.get("FOLIO_ANALYTICS_COLLECTOR_FLUSH_SECONDS", "1")
)
# Set, not left to getattr() defaults: every beacon reads them, and a setting Django does
# not have costs an exception each time it is read.
FOLIO_ANALYTICS_MAX_BEACON_BYTES = 2048
FOLIO_ANALYTICS_NAMESPACE = ""  # "" = told apart by the database (analytics/buffer.py)
FOLIO_ANALYTICS_REDIS_URL = None  # None = REDIS_URL

# The API is read by other sites: GET is open to every origin unless narrowed here.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Conditional GETs from browser code: the preflight lets the validators through, and the
# answer lets the script read them back (docs/api.md, "HTTP caching and CORS").
CORS_ALLOW_HEADERS = [*cors_default_headers, "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
_cors_origins = env_list("CORS_ALLOWED_ORIGINS")
if _cors_origins:
    CORS_ALLOWED_ORIGINS = _cors_origins
else:
    CORS_ALLOW_ALL_ORIGINS = True


def require_secret_key():
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")


# Drafts previewed on an external front end: Wagtail's preview sends the editor to this
# URL with ?content_type=…&token=…, and the front end reads /api/v2/page_preview/.
# A preview token shows the draft it names for this many seconds (wagtail-headless-preview
# alone never expires them).
FOLIO_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("FOLIO_PREVIEW_TOKEN_MAX_AGE", "3600"))
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": os.environ.get("HEADLESS_PREVIEW_URL", "http://127.0.0.1:8020/")},
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": False,
}

# --- API ---------------------------------------------------------------------------------
# Wagtail API v2 at /api/v2/ (blog/api/). Read by other sites, so: public HTML rich text
# (real URLs, no `linktype` markup), bounded pages, JSON only, short shared caching.

# Absolute URLs in API responses follow the request's Wagtail site unless pinned here.
if os.environ.get("WAGTAILAPI_BASE_URL"):
    WAGTAILAPI_BASE_URL = os.environ["WAGTAILAPI_BASE_URL"]
WAGTAILAPI_RICH_TEXT_FORMAT = os.environ.get("WAGTAILAPI_RICH_TEXT_FORMAT", "html")
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
# Browsers and CDNs may keep a response this long, then serve it stale while revalidating.
FOLIO_API_CACHE_MAX_AGE = int(os.environ.get("FOLIO_API_CACHE_MAX_AGE", "60"))
FOLIO_API_STALE_WHILE_REVALIDATE = int(os.environ.get("FOLIO_API_STALE_WHILE_REVALIDATE", "300"))
# JSON only; blog/api/ adds DRF's browsable renderer when DEBUG is on, for developers.
# The read API answers the same to everyone: no session look-up, so no `Vary: Cookie`.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}
