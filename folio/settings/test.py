import tempfile

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "folio-tests-only"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="folio-test-media-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests do not depend on what a developer's shell exports.
FOLIO_MEMBER_COOKIE = "folio_member"
# Serve static files from the source folders; tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The page cache is on, as in production: every test's requests go through it (each test
# starts with empty caches, tests/conftest.py). FOLIO_PAGE_CACHE=0 turns it off.
FOLIO_PAGE_CACHE = env_bool("FOLIO_PAGE_CACHE", True)
# FOLIO_FRAGMENT_CACHE=1 runs the whole suite with cached page parts (they must never
# change what a test sees).
FOLIO_FRAGMENT_CACHE = env_bool("FOLIO_FRAGMENT_CACHE", False)
# Each test run keeps its own generation number (two runs at once must not share it).
if "generation" in CACHES:  # noqa: F405
    CACHES["generation"]["LOCATION"] = tempfile.mkdtemp(prefix="folio-test-generation-")  # noqa: F405
# Each test run counts beacons in a buffer of its own, never in a developer's var/analytics/.
FOLIO_ANALYTICS_BUFFER_DIR = tempfile.mkdtemp(prefix="folio-test-analytics-")
