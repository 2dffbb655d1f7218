"""Where uploaded archives wait for their import: never under the public MEDIA_ROOT.

Media files are served to anyone who knows the URL; an uploaded blog (drafts included)
must not be. The folder is read from settings on every use, so tests can point it at a
temporary folder.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_import_root() -> Path:
    configured = getattr(settings, "FOLIO_IMPORT_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "private" / "imports"


@deconstructible
class PrivateImportStorage(FileSystemStorage):
    """A file system storage with no public URL, rooted at ``FOLIO_IMPORT_ROOT``."""

    @property
    def base_location(self):
        return private_import_root()

    @property
    def location(self):
        return str(private_import_root().resolve())

    def url(self, name):
        raise ValueError("Uploaded import archives are private and have no URL.")
