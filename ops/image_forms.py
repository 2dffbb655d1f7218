"""Wagtail's image form, with the upload stored while the form is validated.

Stock Wagtail writes the file to storage inside ``form.save()``, after validation, so a
full or read-only media folder raises out of the admin view as a 500 and may leave a
partly written file behind. Storing the upload as the last step of validation turns
that failure into a form error the editor can read; the image row is only written once
the file is safely stored. Used through ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so the
single upload, the multiple upload and the edit view all get it.
"""

import errno
import logging

from django.core.exceptions import ValidationError
from wagtail.images.forms import BaseImageForm

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
