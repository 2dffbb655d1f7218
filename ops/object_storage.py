"""The S3 storage of uploaded media (``folio/settings/object_storage.py`` turns it on).

django-storages' ``S3Storage`` with the headers Folio's own media view sends
(``ops.media``) set on each object as it is written, since a bucket answers with what the
object carries: images for a year (their names are never reused), documents as downloads
that are never cached by a shared cache (they may belong to a private collection; Folio's
document view is how readers get them), and ``Content-Type`` from the name, never sniffed.
Django-storages can set one set of parameters for every object (``object_parameters``);
the parameters depend on the kind of file, hence the subclass.
"""

import mimetypes
from pathlib import PurePosixPath

from storages.backends.s3 import S3Storage

from ops.media import RASTER_TYPES

IMAGE_FOLDERS = ("original_images/", "images/")
LONG_LIVED = "public, max-age=31536000, immutable"


class FolioS3Storage(S3Storage):
    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        relative = name.removeprefix(f"{self.location}/") if self.location else name
        suffix = PurePosixPath(relative).suffix.lower()
        parameters["ContentType"] = (
            RASTER_TYPES.get(suffix)
            or mimetypes.guess_type(relative)[0]
            or "application/octet-stream"
        )
        if relative.startswith(IMAGE_FOLDERS):
            parameters.setdefault("CacheControl", LONG_LIVED)
            if suffix not in RASTER_TYPES:
                # An SVG (sanitised on upload) or anything else: shown as an image by an
                # <img>, never opened as a page of the bucket's origin.
                parameters["ContentDisposition"] = "attachment"
        else:
            parameters["CacheControl"] = "private, no-cache"
            parameters["ContentDisposition"] = "attachment"
        return parameters
