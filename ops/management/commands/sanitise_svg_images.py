"""``manage.py sanitise_svg_images``: clean the SVGs stored before uploads were sanitised.

Uploads and imports store SVGs sanitised (``ops/image_safety.py``), but an SVG stored
before that keeps its script, and so do the SVG renditions made from it. Each such image
gets its sanitised file under a new name (its old URL stops answering, so no cache keeps
the old file as current), and its renditions are made again from it.
"""

import os

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images import get_image_model

from ops.image_safety import UnsafeImage, sanitised_svg


class Command(BaseCommand):
    help = "Rewrite the library's SVG images (and drop their renditions) without active content."

    def handle(self, *args, **options):
        cleaned = unreadable = 0
        for image in get_image_model().objects.filter(file__iendswith=".svg").order_by("pk"):
            try:
                with image.open_file() as file:
                    stored = file.read()
                content = sanitised_svg(stored)
            except (OSError, UnsafeImage) as error:
                unreadable += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}; left as it is.")
                continue
            if content != stored:
                replace_file(image, content)
                cleaned += 1
                self.stdout.write(f"  sanitised image {image.pk}: {image.file.name}")
        self.stdout.write(
            f"Sanitised {cleaned} SVG image(s); {unreadable} could not be read (see above)."
        )


def replace_file(image, content: bytes):
    old_name = image.file.name
    name = os.path.basename(old_name)
    with transaction.atomic():
        # Named, or Django's ImageField reads no dimensions from it.
        image.file.save(name, ContentFile(content, name=name), save=False)
        image._set_image_file_metadata()
        image.file.close()
        image.save()
        image.renditions.all().delete()
    image.file.storage.delete(old_name)
