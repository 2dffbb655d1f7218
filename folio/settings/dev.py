from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine on a developer's machine only; production refuses to start without one.
SECRET_KEY = SECRET_KEY or "django-insecure-folio-dev-only"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Dev serves files straight from static/ so edits show without collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Template edits show at once in development; `FOLIO_PAGE_CACHE=1 make run` to try the cache.
FOLIO_PAGE_CACHE = env_bool("FOLIO_PAGE_CACHE", False)
FOLIO_FRAGMENT_CACHE = env_bool("FOLIO_FRAGMENT_CACHE", False)
