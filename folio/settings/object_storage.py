"""Uploaded media in an S3-compatible bucket, for a site served by several machines.

Off unless ``FOLIO_S3_BUCKET`` is set; then images, their renditions and documents are
written to the bucket (django-storages' S3 backend, ``ops.object_storage``) by the web
servers, the worker and the importer alike, and readers fetch images from the bucket's
public address (``FOLIO_S3_PUBLIC_URL``: a CDN or the bucket's own URL). Documents stay
behind Folio's ``/documents/<id>/<name>`` view, which checks collection privacy.

A function of the environment rather than module-level code, so tests can check what a
given environment gives without reloading settings.
"""

from urllib.parse import urlsplit

BACKEND = "ops.object_storage.FolioS3Storage"


def object_storage_options(environ) -> dict | None:
    """``STORAGES["default"]`` for the bucket ``environ`` names, or None for local files."""
    bucket = environ.get("FOLIO_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        # Names never reused (Wagtail's upload names get a suffix when taken): a file's
        # URL always means the same bytes, so readers and CDNs may keep it for a year.
        "file_overwrite": False,
        # Public, unsigned URLs for images (signed ones would change on every page view
        # and defeat the page cache); documents are read by Folio, never linked.
        "querystring_auth": False,
        "default_acl": None,
        "location": environ.get("FOLIO_S3_LOCATION", "").strip("/"),
    }
    optional = {
        "endpoint_url": "FOLIO_S3_ENDPOINT_URL",
        "region_name": "FOLIO_S3_REGION",
        "access_key": "FOLIO_S3_ACCESS_KEY_ID",
        "secret_key": "FOLIO_S3_SECRET_ACCESS_KEY",
    }
    for option, variable in optional.items():
        if environ.get(variable):
            options[option] = environ[variable]
    public_url = environ.get("FOLIO_S3_PUBLIC_URL", "").strip()
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"FOLIO_S3_PUBLIC_URL must be an http(s) address, not {public_url!r}.")
        options["custom_domain"] = f"{parts.netloc}{parts.path.rstrip('/')}"
        options["url_protocol"] = f"{parts.scheme}:"
    return {"BACKEND": BACKEND, "OPTIONS": options}
