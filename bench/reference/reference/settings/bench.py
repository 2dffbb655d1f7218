"""Settings the Folio benchmark runs this reference project with (bench/run.py).

Production settings plus what the harness passes in: the database, a secret key, the
media and static folders, and the Folio database the content is copied from. Database
connections are kept between requests, as Folio's production settings do.
"""

import os

import dj_database_url

from .production import *  # noqa: F403
from .production import STORAGES  # noqa: F401

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}
if os.environ.get("FOLIO_DATABASE_URL"):
    DATABASES["folio"] = dj_database_url.parse(os.environ["FOLIO_DATABASE_URL"])
STATIC_ROOT = os.environ["STATIC_ROOT"]
MEDIA_ROOT = os.environ["MEDIA_ROOT"]
FOLIO_MEDIA_ROOT = os.environ.get("FOLIO_MEDIA_ROOT", "")
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
