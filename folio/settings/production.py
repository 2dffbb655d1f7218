import os

from .base import *  # noqa: F403
from .base import env_bool, env_list, require_secret_key

DEBUG = False
require_secret_key()

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: plain-HTTP requests are
# redirected to HTTPS and browsers are told to stay on HTTPS (HSTS).
# FOLIO_HTTPS=0 serves plain HTTP instead (a laptop, a test machine with no TLS proxy): no
# redirect, no HSTS, cookies sent without Secure. Never for a site on the internet.
HTTPS = env_bool("FOLIO_HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to the browser vendors that is slow to take back: opt in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Cookies only over HTTPS; the session cookie is out of reach of scripts. The CSRF cookie
# stays readable as Django recommends (HttpOnly adds nothing there).
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's admin previews a page in an iframe of the same origin, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"

SILENCED_SYSTEM_CHECKS = [
    # W019 asks for X_FRAME_OPTIONS = "DENY": the admin's preview panel needs SAMEORIGIN.
    "security.W019",
]
if not SECURE_HSTS_PRELOAD:
    # W021 asks for HSTS preloading, which is opted into with SECURE_HSTS_PRELOAD=1.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

ADMINS = [("Folio admin", email) for email in env_list("ADMIN_EMAILS")]

# Wagtail's own tasks (search and reference index updates after a publish) run in the
# worker (`make worker`), not in the editor's request: with a large archive they are most
# of a publish's time (the search backend re-weighs every indexed title on each update).
# FOLIO_INDEX_IN_WORKER=0 runs them in the request, for a site run without a worker.
if env_bool("FOLIO_INDEX_IN_WORKER", True):
    TASKS = {**TASKS, "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # noqa: F405
