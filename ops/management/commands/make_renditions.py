"""``manage.py make_renditions``: every rendition the live pages show, made now.

The worker makes renditions as images are uploaded and pages published
(``ops/rendition_tasks.py``). This does the same for the whole site in the foreground: a
site run without a worker (``make run`` alone), a restored backup whose renditions were
left out, or after the sizes in ``blog/renditions.py`` changed. ``--queue`` hands the work
to the worker instead, in batches.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from ops.page_cache import invalidate_page_cache
from ops.rendition_queue import queue_page
from ops.rendition_tasks import images_of_pages, make_for_images

BATCH = 50


class Command(BaseCommand):
    help = "Make the renditions every live page shows (the worker does this on publish)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="store_true", help="queue the work for the worker instead"
        )

    def handle(self, *args, queue, **options):
        page_ids = list(Page.objects.live().order_by("pk").values_list("pk", flat=True))
        made = 0
        for start in range(0, len(page_ids), BATCH):
            batch = page_ids[start : start + BATCH]
            if queue:
                with transaction.atomic():  # one task per batch, queued as it commits
                    for page_id in batch:
                        queue_page(page_id)
                continue
            made += make_for_images(images_of_pages(batch))
            self.stdout.write(f"  {min(start + BATCH, len(page_ids))}/{len(page_ids)} pages")
        if queue:
            self.stdout.write(f"Queued the renditions of {len(page_ids)} live pages.")
            return
        if made:
            invalidate_page_cache(f"{made} renditions made")
        self.stdout.write(f"Made {made} renditions for {len(page_ids)} live pages.")
