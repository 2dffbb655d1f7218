"""Every image size Folio shows, in one registry, and what a reader's request does with it.

A *use* is one way an image is shown: a ``<picture>`` preset of the templates (``card``,
``hero``, ``body``…), the link-preview image (``social``), a video's poster, or a set of
named renditions in the API (``api_image``, ``api_avatar``). A *role* is the part an
image plays on a published page (its hero, a body image, an author's avatar…) and names
the uses it needs, so that the worker makes all of them at once.

Renditions are made by the worker (``ops/rendition_tasks.py``) when an image is uploaded
or imported and when a page that shows it is published, never in a reader's request:
making one costs tens of milliseconds, and after an import a listing needed hundreds
(21 s for the first API list of a 151-post blog). A request uses the renditions that
exist; where one is missing it shows the original file, at its own width and height,
and asks the worker for it (``ops/rendition_queue.py``, once per image and use).
"""

import functools
import hashlib
import os
import threading

from wagtail.images.models import Filter
from wagtail.images.utils import to_svg_safe_spec

# --- the registry -------------------------------------------------------------------------

# Each ``<picture>`` preset: the crops/widths offered in srcset and how wide it is shown.
PICTURE_USES = {
    "card": {
        "sizes": "(min-width: 64em) 22rem, (min-width: 40em) 45vw, 100vw",
        "fill": [(480, 270), (800, 450)],
    },
    "card_lead": {
        "sizes": "(min-width: 64em) 44rem, 100vw",
        "fill": [(800, 450), (1200, 675)],
    },
    # Above the post, wider than its text (templates/blog/blog_page.html).
    "hero": {"sizes": "(min-width: 68em) 64rem, 100vw", "width": [400, 800, 1200, 1440]},
    # Body images, by the size the editor chose on the Image block (``blog.blocks.ImageBlock``):
    # the column's width, wide (out of the column, up to 64rem) or small (half the column).
    "body": {"sizes": "(min-width: 48em) 45rem, 100vw", "width": [400, 800, 1200]},
    "body_wide": {"sizes": "(min-width: 68em) 64rem, 100vw", "width": [800, 1200, 1600]},
    "body_small": {"sizes": "(min-width: 48em) 22.5rem, 100vw", "width": [400, 800]},
    "cta": {"sizes": "(min-width: 48em) 14rem, 100vw", "width": [320, 640]},
    "avatar": {"sizes": "4rem", "fill": [(64, 64), (128, 128)]},
    "avatar_large": {"sizes": "6rem", "fill": [(96, 96), (192, 192)]},
}

# Pictures are offered as WebP plus the source's own format for older browsers.
# GIFs stay GIFs (animation); WebP/AVIF sources become WebP.
FORMATS_BY_EXTENSION = {
    ".jpg": ("webp", "jpeg"),
    ".jpeg": ("webp", "jpeg"),
    ".png": ("webp", "png"),
    ".gif": ("gif",),
    ".webp": ("webp",),
    ".avif": ("webp",),
}

# One rendition each: the 1.91:1 crop link previews use, and a video's poster frame.
# The brand's logos (twice the header's 48 px height), favicon and home-screen icon.
SINGLE_USES = {
    "social": "fill-1200x630",
    "poster": "width-1440",
    "logo": "height-96",
    "favicon": "fill-64x64",
    "touch_icon": "fill-180x180",
}

# The API's named renditions (in the source's format; SVGs stay SVGs).
NAMED_USES = {
    "api_image": {"thumbnail": "fill-400x225", "large": "width-1200", "og": "fill-1200x630"},
    "api_avatar": {"small": "fill-64x64", "large": "fill-192x192"},
}

# What the worker makes for an image, by the part it plays.
ROLES = {
    # Uploaded or imported, not shown yet: most library images end up in a post's body.
    "upload": ("body", "body_wide", "body_small", "api_image"),
    "hero": ("hero", "card", "card_lead", "social", "api_image"),
    # A hero image the post does not show above its text: its cards and link previews.
    "card": ("card", "card_lead", "social", "api_image"),
    "social": ("social", "api_image"),
    "body": ("body", "body_wide", "body_small", "api_image"),
    "cta": ("cta", "body", "api_image"),
    "poster": ("poster", "api_image"),
    "avatar": ("avatar", "avatar_large", "api_avatar"),
    # The brand settings' icon (brand.models.BrandSettings): browser tab and home screen.
    "site_icon": ("favicon", "touch_icon"),
}

# Every spec the API can show, so listings prefetch exactly these renditions.
API_SPECS = tuple(sorted({spec for named in NAMED_USES.values() for spec in named.values()}))


def uses_of(names):
    """The uses named by ``names`` (uses, or roles standing for several)."""
    uses = []
    for name in names:
        for use in ROLES.get(name, (name,)):
            if use not in uses:
                uses.append(use)
    return uses


def resize_specs(image, use):
    """A picture preset's resize specs, without sizes the source is too small to give."""
    options = PICTURE_USES[use]
    specs_by_width = {}
    for width, height in options.get("fill", []):
        crop_width = min(image.width, image.height * width / height)
        specs_by_width.setdefault(int(min(width, crop_width)), f"fill-{width}x{height}")
    for width in options.get("width", []):
        specs_by_width.setdefault(min(width, image.width), f"width-{width}")
    return [specs_by_width[w] for w in sorted(specs_by_width)]


def picture_formats(image):
    extension = os.path.splitext(image.file.name)[1].lower()
    return FORMATS_BY_EXTENSION.get(extension, ("webp", "png"))


def picture_specs(image, use):
    """The specs of a ``<picture>`` preset, every format of each size (WebP first)."""
    sizes = resize_specs(image, use)
    return [f"{size}|format-{fmt}" for fmt in picture_formats(image) for size in sizes]


def clean_spec(image, spec):
    """``spec`` as Wagtail stores it for this image: ``preserve-svg`` keeps an SVG an SVG
    and is dropped from the spec of every other image."""
    return _clean_spec(spec, image.is_svg())


@functools.lru_cache(maxsize=1024)
def _clean_spec(spec, svg):
    """What ``Image.clean_filter_for_svg(Filter(spec=f"{spec}|preserve-svg")).spec`` gives,
    worked out once per spec: a listing asks it for every image and spec, and building a
    ``Filter`` each time was a tenth of an uncached API list's time."""
    cleaned = "|".join(part for part in spec.split("|") if part != "preserve-svg")
    return to_svg_safe_spec(cleaned) if svg else cleaned


@functools.lru_cache(maxsize=1024)
def filter_for(spec):
    """One ``Filter`` per spec string, kept: its operations are parsed from the spec on
    first use (``Filter.operations``), which Wagtail would redo for every image of every
    request. A Filter holds nothing else; the image is passed to each call."""
    return Filter(spec=spec)


def named_specs(image, use):
    """``{name: spec}`` of a named (API) use, as stored for this image."""
    return {name: clean_spec(image, spec) for name, spec in NAMED_USES[use].items()}


def specs_of_use(image, use):
    """Every spec ``use`` shows of ``image``: what the worker makes for it."""
    if use in PICTURE_USES:
        # Vector images are shown as they are: rasterising them would only lose quality.
        return [] if image.is_svg() else picture_specs(image, use)
    if use == "social":
        return [] if image.is_svg() else [SINGLE_USES["social"]]
    if use in SINGLE_USES:
        return [clean_spec(image, SINGLE_USES[use])]
    if use in NAMED_USES:
        return list(named_specs(image, use).values())
    raise ValueError(f"unknown image use: {use!r}")


def specs_for(image, names):
    """Every spec the uses or roles ``names`` show of ``image``, each once."""
    specs = []
    for use in uses_of(names):
        specs += [spec for spec in specs_of_use(image, use) if spec not in specs]
    return specs


def image_fields(image):
    """What an image's renditions are made from (a rendition of other values is stale)."""
    return (
        image.pk, image.file.name, image.file_hash, image.width, image.height,
        image.focal_point_x, image.focal_point_y, image.focal_point_width,
        image.focal_point_height,
    )  # fmt: skip


def image_digest(image):
    return hashlib.sha256(repr(image_fields(image)).encode()).hexdigest()[:16]


# --- in a reader's request ----------------------------------------------------------------


def existing_renditions(image, specs):
    """``{spec: rendition}`` for those of ``specs`` that exist; none is made here.

    Wagtail's own lookup (prefetched renditions, then its rendition cache, then one
    query); what came from the database is put in the rendition cache as
    ``get_renditions`` does, so the next request finds it there.
    """
    if not specs:
        return {}
    Rendition = image.get_rendition_model()
    filters = [filter_for(spec) for spec in specs]
    found = image.find_existing_renditions(*filters)
    fresh = {
        Rendition.construct_cache_key(image, f.get_cache_key(image), f.spec): rendition
        for f, rendition in found.items()
        if not getattr(rendition, "_from_cache", False)
    }
    if fresh:
        Rendition.cache_backend.set_many(fresh)
    return {f.spec: found[f] for f in filters if f in found}


def renditions_or_wanted(image, use, specs):
    """The renditions of ``specs`` that exist, and whether that is all of them; missing
    ones are asked of the worker and counted as originals shown (``originals_shown``)."""
    found = existing_renditions(image, specs)
    complete = len(found) == len(specs)
    if not complete:
        from ops.rendition_queue import want

        want(image, use)
        note_original_shown()
    return found, complete


def original(image):
    """The original file, as a stand-in for a rendition: its own URL and size."""
    return {"url": image.file.url, "width": image.width, "height": image.height}


def single_rendition(image, use):
    """``({url, width, height}, complete)`` of a one-rendition use (``social``, ``poster``):
    the rendition, or the original while the worker makes it."""
    specs = specs_of_use(image, use)
    if not specs:  # an SVG, shown as it is
        return original(image), True
    found, complete = renditions_or_wanted(image, use, specs)
    if not complete:
        return original(image), False
    rendition = found[specs[0]]
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}, True


def named_renditions(image, use):
    """``{name: {url, width, height}}`` of an API use; the original stands in for each
    rendition not made yet. URLs are as storage gives them (root-relative on disk)."""
    specs = named_specs(image, use)
    found, complete = renditions_or_wanted(image, use, list(dict.fromkeys(specs.values())))
    result = {}
    for name, spec in specs.items():
        rendition = found.get(spec)
        result[name] = (
            {"url": rendition.url, "width": rendition.width, "height": rendition.height}
            if rendition is not None
            else original(image)
        )
    return result


_shown = threading.local()


def note_original_shown():
    _shown.count = originals_shown() + 1


def originals_shown():
    """How many times this thread has shown an original for a missing rendition: markup
    built while the count grew must not be kept beyond the next content generation."""
    return getattr(_shown, "count", 0)
