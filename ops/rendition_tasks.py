"""The worker's side of renditions: make, in bulk, every size a page or an image needs.

``make_renditions`` runs in the worker (``make worker``; the ``folio`` task backend). For a
published page it finds every image the page shows and the part each plays (hero, body
image, call to action, video poster, authors' avatars, social image, the site's default
call to action); for an image it is told the uses or roles (``blog.renditions``). Each
image's missing renditions are made together by Wagtail's ``create_renditions`` (three at
a time), from one decoded original with each size resized once (``DecodedSource``). When
anything was made, cached pages and parts are retired (``invalidate_page_cache``): they
may show the originals that stood in meanwhile. While
more rendition tasks wait (an import queues one per post and per picture), that is done
once for the batch (``retire_page_cache``, after the last of them) and at most once every
``FOLIO_RENDITION_RETIRE_SECONDS`` in between, not after every task.

``manage.py make_renditions`` does the same for every live page, in the foreground.
"""

import io
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager

import willow
from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django_tasks import task
from django_tasks.base import TASK_MIN_PRIORITY
from django_tasks_db.models import DBTaskResult
from wagtail.blocks import StreamValue, StructValue
from wagtail.images import get_image_model
from wagtail.images.image_operations import FormatOperation
from wagtail.images.models import AbstractImage, Filter
from wagtail.models import Page

from blog.renditions import specs_for
from ops.page_cache import invalidate_page_cache

logger = logging.getLogger("folio.renditions")
TASK_BACKEND = "folio"
# Uses the worker re-makes for an image whose file or focal point changed: the specs it
# already had renditions of (their names say which focal point they were cut for).
REFRESH = "refresh"
# The body block whose images are shown as something other than a body picture.
BLOCK_ROLES = {"call_to_action": "cta", "video": "poster"}
# When a batch's retiring of the page cache was last put off (the default cache: shared
# by the workers with Redis; only the pace depends on it, never whether it happens).
DEFERRED_KEY = "folio:renditions:page-cache-retire-deferred-since"


@task(backend=TASK_BACKEND)
def make_renditions(pages=(), images=()):
    """Make the renditions of these pages' images and of ``images`` (``[id, names]``);
    returns how many were made."""
    wanted = defaultdict(set)
    for image_id, names in images:
        wanted[image_id].update(names)
    for image_id, roles in images_of_pages(pages).items():
        wanted[image_id].update(roles)
    made = make_for_images(wanted)
    if made:
        retire_page_cache_after(made)
    return made


@task(backend=TASK_BACKEND, priority=TASK_MIN_PRIORITY)
def retire_page_cache():
    """Queued by the first rendition task of a batch that put off retiring the page cache;
    at the lowest priority, it runs once the batch's rendition tasks are done."""
    caches["default"].delete(DEFERRED_KEY)
    invalidate_page_cache("renditions made by a batch of tasks")


def retire_page_cache_after(made):
    """Retire cached pages now, or once the rendition tasks waiting are done.

    Each retiring makes every reader's next view a first view (the page rebuilt): after an
    import, once per task was over a thousand times while the worker ran. Putting it off
    costs readers of a cached page the originals for a little longer, never for good: a
    ``retire_page_cache`` task is queued (in the database, so a restarted worker still
    runs it), and while the batch runs the cache is retired at most every
    ``FOLIO_RENDITION_RETIRE_SECONDS`` (60 by default: an import's batch takes minutes,
    and pages show what has been made so far within about a minute).
    """
    cache = caches["default"]
    now = time.time()
    if tasks_waiting(retire_page_cache):
        since = cache.get(DEFERRED_KEY)
        if since is None:  # another process put it off, or the cache was cleared
            cache.set(DEFERRED_KEY, now, timeout=None)
        elif now - since >= retire_seconds():
            cache.set(DEFERRED_KEY, now, timeout=None)
            invalidate_page_cache(f"{made} renditions made (batch still running)")
        return
    if tasks_waiting(make_renditions):
        retire_page_cache.enqueue()
        cache.set(DEFERRED_KEY, now, timeout=None)
        return
    invalidate_page_cache(f"{made} renditions made")


def retire_seconds():
    return getattr(settings, "FOLIO_RENDITION_RETIRE_SECONDS", 60)


def tasks_waiting(task_):
    """Whether a task of this function waits in the worker's queue (not running yet)."""
    return DBTaskResult.objects.ready().filter(task_path=task_.module_path).exists()


def make_for_images(wanted):
    """``wanted``: ``{image id: uses or roles}``. One failing image never stops the rest."""
    made = 0
    for image in get_image_model().objects.filter(pk__in=list(wanted)).order_by("pk"):
        try:
            made += make_for_image(image, wanted[image.pk])
        except Exception:  # noqa: BLE001 - a broken or missing file, logged; the others go on
            logger.warning("Could not make renditions of image %s", image.pk, exc_info=True)
    return made


def make_for_image(image, names):
    """Make the missing renditions of ``names`` of ``image``; how many were made."""
    specs = specs_for(image, [name for name in names if name != REFRESH])
    if REFRESH in names:
        had = image.renditions.values_list("filter_spec", flat=True).distinct()
        specs += [spec for spec in had if spec not in specs]
    if not specs:
        return 0
    filters = [Filter(spec=spec) for spec in specs]
    # Read from the database, not Wagtail's rendition cache: a rendition purged since it
    # was cached would stay missing for readers.
    lookup = Q()
    for f in filters:
        lookup |= Q(filter_spec=f.spec, focal_point_key=f.get_cache_key(image))
    existing = set(image.renditions.filter(lookup).values_list("filter_spec", flat=True))
    missing = [f for f in filters if f.spec not in existing]
    if missing:
        image.create_renditions(*decoded_once(image, missing))
    return len(missing)


# Formats whose renditions Pillow makes from one decoded picture exactly as Wagtail's own
# path does (animated GIFs, SVGs and the rest keep Wagtail's).
DECODED_ONCE_FORMATS = {"jpeg", "png", "webp"}
# libwebp's effort (Pillow's default 4) at the same quality (80). Measured on the cold-start
# bench's pictures: an 800-px photo 34 -> 15 ms, 62 -> 61 KiB, PSNR 31.55 -> 31.51 dB;
# 1200 px 87 -> 41 ms, 213 -> 207 KiB, 32.16 -> 32.04 dB; an 800-px screenshot 16 -> 6 ms,
# 8 KiB both, 37.12 -> 36.92 dB; 1200 px 31 -> 13 ms, 15 -> 16 KiB, 37.36 -> 37.26 dB.
# WebP encoding was the largest part of a photo's renditions.
WEBP_METHOD = 2


class DecodedSource:
    """An image's original, decoded once for all its renditions made together.

    Wagtail's ``create_renditions`` reads the file once but decodes it again for every
    rendition (each ``Filter.run`` opens the bytes): 9 ms of a 1600x1000 JPEG, for up to
    19 renditions. And each resized from the full original again, the WebP and the
    JPEG/PNG of one size alike (12-18 ms each). Here the original is decoded and turned
    once and each geometry resized once; pictures are only read once made, so the three
    threads Wagtail uses share them. The files are byte-identical to Wagtail's but for
    WebP's effort (``WEBP_METHOD``). Other formats (animated GIFs, SVGs…) are opened for
    each rendition as Wagtail does. CPU of one image's renditions at load ~5 (Wagtail's
    path -> shared decode and resizes -> and WebP method 2): a 1600x1000 hero photo (19
    renditions) 1.28 -> 1.00 -> 0.75 s, a body photo (11) 0.81 -> 0.67 -> 0.55 s, a
    1200x750 PNG screenshot (9) 0.38 -> 0.29 -> 0.27 s.
    """

    def __init__(self, image):
        self.image = image
        self.lock = threading.Lock()
        self.original = None
        self.decoded = None
        self.memo = {}
        self.key_locks = {}

    def willow(self):
        """A Willow image of the original, as ``Filter.run`` gets it from the file."""
        with self.lock:
            if self.original is None:
                with self.image.open_file() as file:
                    self.original = file.read()
                opened = willow.Image.open(io.BytesIO(self.original))
                if opened.format_name in DECODED_ONCE_FORMATS:
                    from willow.plugins.pillow import PillowImage

                    self.decoded = (PillowImage.open(opened), opened.format_name)
        if self.decoded is None:
            return willow.Image.open(io.BytesIO(self.original))
        pillow, format_name = self.decoded
        shared = type(pillow)(pillow.image)
        shared.format_name = format_name  # what Filter.run reads of the file it opened
        return shared

    def oriented(self):
        """The decoded original turned as its EXIF orientation says (``auto_orient``)."""
        shared = self.willow()
        with self.lock:
            if "oriented" not in self.memo:
                self.memo["oriented"] = shared.auto_orient()
            return self.memo["oriented"]

    def resized(self, rect, size):
        """The oriented original cropped to ``rect`` and resized to ``size``, once per
        geometry: the WebP and the JPEG/PNG of a size are cut from the same picture."""
        oriented = self.oriented()
        key = (tuple(rect), tuple(size))
        with self.lock:
            key_lock = self.key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self.memo:
                self.memo[key] = oriented.crop(rect).resize(size)
            return self.memo[key]


class DecodedSourceFilter(Filter):
    """A ``Filter`` that runs on its batch's ``DecodedSource`` instead of opening the file."""

    def __init__(self, spec, source):
        super().__init__(spec=spec)
        self.source = source

    @contextmanager
    def get_willow_image(self, image, source=None):
        yield self.source.willow()

    def run(self, image, output, source=None):
        """``Filter.run`` for a resize to JPEG, PNG or WebP of a decoded original, with the
        resized picture shared by the formats of one size and WebP at ``WEBP_METHOD``;
        anything else (other operations or formats) goes Wagtail's way."""
        willow_image = self.source.willow()
        original_format = getattr(willow_image, "format_name", None)
        if original_format not in DECODED_ONCE_FORMATS or not all(
            isinstance(operation, FormatOperation) for operation in self.filter_operations
        ):
            return super().run(image, output, source)
        env = {"original-format": original_format}
        for operation in self.filter_operations:
            operation.run(willow_image, image, env)
        conversions = getattr(settings, "WAGTAILIMAGES_FORMAT_CONVERSIONS", {})
        output_format = env.get("output-format") or conversions.get(
            original_format, original_format
        )
        if output_format not in ("jpeg", "png", "webp") or env.get("output-format-options"):
            return super().run(image, output, source)
        # As Filter.run: orientation from EXIF, then the transform on the oriented size.
        oriented = self.source.oriented()
        transform = self.get_transform(image, (oriented.image.width, oriented.image.height))
        resized = self.source.resized(transform.get_rect().round(), transform.size)
        if output_format == "jpeg":
            quality = env.get("jpeg-quality", getattr(settings, "WAGTAILIMAGES_JPEG_QUALITY", 76))
            if resized.has_alpha():
                resized = resized.set_background_color_rgb((255, 255, 255))
            return resized.save_as_jpeg(output, quality=quality, progressive=True, optimize=True)
        if output_format == "png":
            return resized.save_as_png(output, optimize=True)
        quality = env.get("webp-quality", getattr(settings, "WAGTAILIMAGES_WEBP_QUALITY", 80))
        return save_as_webp(resized, output, quality)


def save_as_webp(willow_image, output, quality):
    """Willow's ``save_as_webp`` (colour profile kept, CMYK made sRGB) at ``WEBP_METHOD``:
    Willow passes no effort to Pillow."""
    from willow.image import WebPImageFile

    kwargs = {"quality": quality, "lossless": False, "method": WEBP_METHOD}
    picture = willow_image.image
    icc_profile = willow_image.get_icc_profile()
    if icc_profile is not None:
        if picture.mode == "CMYK":
            srgb = willow_image.transform_colorspace_to_srgb()
            picture, kwargs["icc_profile"] = srgb.image, srgb.get_icc_profile()
        else:
            kwargs["icc_profile"] = icc_profile
    picture.save(output, "WEBP", **kwargs)
    willow_image.optimize(output, "webp")
    return WebPImageFile(output)


def decoded_once(image, filters):
    """``filters`` sharing one read (and decoded) original, when there are several."""
    if len(filters) < 2:
        return filters
    source = DecodedSource(image)
    return [DecodedSourceFilter(f.spec, source) for f in filters]


def images_of_pages(page_ids):
    """``{image id: roles}`` for every image the live pages show."""
    roles = defaultdict(set)
    if not page_ids:
        return roles
    for page in Page.objects.live().filter(pk__in=page_ids).specific():
        for image_id, role in page_images(page):
            if image_id:
                roles[image_id].add(role)
    return roles


def page_images(page):
    """``(image id, role)`` for each image ``page`` shows."""
    from blog.models import BlogPage

    if getattr(page, "social_image_id", None):
        yield page.social_image_id, "social"
    if not isinstance(page, BlogPage):
        return
    if page.hero_image_id:
        yield page.hero_image_id, "hero" if page.show_hero else "card"
    for link in page.post_authors.select_related("author"):
        yield link.author.avatar_id, "avatar"
    for block_type, image in stream_images(page.body):
        yield image.pk, BLOCK_ROLES.get(block_type, "body")
    yield from default_call_to_action_image(page)


def stream_images(stream_value, block_type=None):
    """``(top-level block type, image)`` for each image chosen anywhere in the stream,
    published call-to-action snippets' images included."""
    from blog.snippets import CallToAction

    for child in stream_value:
        kind = block_type or child.block_type
        for value in child_values(child.value):
            if isinstance(value, AbstractImage):
                yield kind, value
            elif isinstance(value, CallToAction) and value.live and value.image:
                yield kind, value.image
            elif isinstance(value, StreamValue):
                yield from stream_images(value, kind)


def child_values(value):
    """The values inside struct and list values (a nested stream is handed back whole)."""
    if isinstance(value, StructValue):
        for item in value.values():
            yield from child_values(item)
    elif isinstance(value, Sequence) and not isinstance(value, str | StreamValue):
        for item in value:
            yield from child_values(item)
    else:
        yield value


def default_call_to_action_image(page):
    """The image of the call to action the page's site appends for guests."""
    from blog.site_settings import BlogSettings

    site = page.get_site()
    if site is None:
        return
    settings = BlogSettings.for_site(site)
    cta = settings.default_guest_call_to_action
    if cta is not None and cta.live and cta.image_id:
        yield cta.image_id, "cta"
