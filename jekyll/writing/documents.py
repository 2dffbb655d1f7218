"""Video files of a site go into Wagtail's documents library, once per content hash.

Like images (``jekyll.mapping.images.ImageImporter``): a file found again (the same
``Document.file_hash``) is the document already there; a new one is stored under a name
made from its content, so a file an interrupted import left behind is taken up by the
next. Files stored by a post whose transaction rolls back are removed again.
"""

import hashlib
import os

from django.core.files import File
from django.db import transaction
from wagtail.coreutils import string_to_ascii
from wagtail.documents import get_document_model

from jekyll.mapping.images import MAX_FILE_NAME, VideoSource


class DocumentImporter:
    def __init__(self):
        self.stored_file_names: list[str] = []
        self.forget_lookups()

    def forget_lookups(self):
        self._by_hash: dict[str, object] = {}

    def import_video(self, source: VideoSource):
        """The library document with ``source``'s content, stored now if it is not yet."""
        known = self._by_hash.get(source.sha1)
        if known is not None:
            return known
        Document = get_document_model()
        document = Document.objects.filter(file_hash=source.sha1).order_by("pk").first()
        if document is None:
            document = Document(title=source.default_alt[:255])
            with source.path.open("rb") as content, transaction.atomic():
                name, written = store_file(document, source, File(content, name=source.path.name))
                if written:
                    self.stored_file_names.append(name)
                document.file = name
                document.file_size = source.path.stat().st_size
                document.file_hash = source.sha1
                document.save()
        self._by_hash[source.sha1] = document
        return document

    def discard_stored_files(self, *, since: int = 0):
        storage = get_document_model()._meta.get_field("file").storage
        for name in self.stored_file_names[since:]:
            storage.delete(name)
        del self.stored_file_names[since:]


def store_file(document, source: VideoSource, content: File) -> tuple[str, bool]:
    """Write ``content`` at ``documents/<name>.<first 12 of its hash>.<ext>``: the name,
    and whether it was written (a same-content file left by a killed import is kept)."""
    field = document._meta.get_field("file")
    storage = field.storage
    stem, extension = os.path.splitext(storage.get_valid_name(source.path.name))
    stem = string_to_ascii(stem)[: MAX_FILE_NAME - 13 - len(extension)] or "video"
    name = field.generate_filename(document, f"{stem}.{source.sha1[:12]}{extension.lower()}")
    if storage.exists(name) and not type(document).objects.filter(file=name).exists():
        with storage.open(name, "rb") as stored:
            if hashlib.file_digest(stored, "sha1").hexdigest() == source.sha1:
                return name, False
        storage.delete(name)
    return storage.save(name, content, max_length=field.max_length), True
