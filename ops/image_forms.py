"""Wagtail's image form, with SVGs sanitised and the upload stored while the form is validated.

Stock Wagtail writes the file to storage inside ``form.save()``, after validation, so a
full or read-only media folder raises out of the admin view as a 500 and may leave a
partly written file behind. Storing the upload as the last step of validation turns
that failure into a form error the editor can read; the image row is only written once
the file is safely stored. Used through ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so the
single upload, the multiple upload, the edit view and API v3's image upload all get it.

An uploaded SVG is replaced by its sanitised version before anything stores it, and one
that cannot be sanitised is a form error on the file (``ops/image_safety.py`` says why SVG
is sanitised rather than refused). Wagtail's own file field enforces the pixel limit
(``WAGTAILIMAGES_MAX_IMAGE_PIXELS``) before that.
"""

import errno
import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from wagtail.images.forms import BaseImageForm

from ops.image_safety import UnsafeImage, is_svg_name, sanitised_svg

logger = logging.getLogger("folio.media")

FULL_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
READ_ONLY_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error_message(error):
    if error.errno in FULL_ERRORS:
        problem = "the media storage is full"
    elif error.errno in READ_ONLY_ERRORS:
        problem = "the media storage is read-only"
    else:
        problem = "the media storage could not be written"
    return (
        f"The image could not be saved: {problem} ({error.strerror or error}). "
        "Nothing was saved. Please tell the site administrator."
    )


class StorageCheckedImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile) or not is_svg_name(upload.name):
            return upload
        upload.seek(0)
        try:
            content = sanitised_svg(upload.read())
        except UnsafeImage as error:
            raise ValidationError(f"{upload.name} {error}.", code="unsafe_svg") from error
        return SimpleUploadedFile(upload.name, content, "image/svg+xml")

    def save(self, commit=True):
        if "file" not in self.fields and self.instance.pk is None and self.instance.is_svg():
            # Wagtail's multiple uploader keeps a file aside (an ``UploadedFile``) when a
            # field other than the file fails, and makes the image from it later with a
            # form that has no file field: that file was never through ``clean_file``.
            self.sanitise_stored_svg()
        return super().save(commit=commit)

    def sanitise_stored_svg(self):
        field_file = self.instance.file
        with field_file.open("rb") as file:
            stored = file.read()
        content = sanitised_svg(stored)
        if content == stored:
            return
        unsanitised = field_file.name
        name = os.path.basename(unsanitised)
        # Named, or Django's ImageField reads no dimensions from it.
        field_file.save(name, ContentFile(content, name=name), save=False)
        field_file.storage.delete(unsanitised)
        self.instance._set_image_file_metadata()

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and "file" in self.changed_data:
            self.store_uploaded_file()

    def store_uploaded_file(self):
        field_file = self.instance.file
        field = field_file.field
        storage = field_file.storage
        # Chosen before writing, so a partly written file can be found and removed.
        name = storage.get_available_name(
            field.generate_filename(self.instance, field_file.name), max_length=field.max_length
        )
        try:
            stored_name = storage.save(name, field_file.file, max_length=field.max_length)
        except OSError as error:
            logger.error("Image upload %r could not be stored: %s", name, error)
            self.remove_partial_file(storage, name)
            self.add_error("file", ValidationError(storage_error_message(error)))
            return
        # What FieldFile.save() records; the model's save() then leaves the file alone.
        field_file.name = stored_name
        field_file._committed = True

    def remove_partial_file(self, storage, name):
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError as error:
            # The form error is what the editor needs; the leftover is for the logs.
            logger.error("Partly written upload %r could not be removed: %s", name, error)
