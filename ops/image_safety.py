"""What makes an image file safe to take into the library: one rule for every way in.

The admin's image form (``ops/image_forms.py``: single and multiple upload, the edit form,
API v3's upload) and the Jekyll importer (``jekyll/mapping/images.py``) both use it.

**SVG is sanitised, not refused.** The marketing team's logos and diagrams are SVGs, and
Folio shows SVGs as they are (``picture`` in ``blog_tags``, ``preserve-svg`` renditions in
the API), so refusing them would take a real feature away. But an SVG is a document that
can run script: opened from the site's own origin it acts with the reader's session, an
admin's included. So what is stored is the SVG rewritten by svg-hush (Cloudflare's
allow-list sanitiser, behind its image service; ``py-svg-hush`` binds it): scripts, event
handlers, ``foreignObject``, external references and ``javascript:`` URLs are gone, and
only raster images may stay embedded as ``data:`` URLs. A file it cannot read as SVG is
refused. Media is also served with ``Content-Security-Policy: sandbox`` for SVG
(``ops/media.py``), for files that reached storage by another way.

**A pixel limit.** A PNG of 350 KB can hold 11000 × 11000 pixels; decoding it for the first
rendition took 13.7 s and 3 GB. ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (from
``FOLIO_MAX_IMAGE_PIXELS``) is what Wagtail's upload field enforces; the importer checks
the same number here, from the file's header, before anything decodes it.
"""

import warnings
from pathlib import Path

from django.conf import settings
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from py_svg_hush import filter_svg

# The only data: URLs an SVG may keep: raster pictures, which cannot run script.
EMBEDDABLE_DATA_URLS = {"image": ["png", "jpeg", "gif", "webp", "avif"]}

SVG_REFUSED = (
    "could not be read as an SVG image (it must be well-formed XML in the SVG namespace, "
    'with <svg xmlns="http://www.w3.org/2000/svg">)'
)


class UnsafeImage(ValueError):
    """An image file Folio does not take in; the message completes "<file name> …"."""


def is_svg_name(name: str) -> bool:
    return Path(name).suffix.lower() == ".svg"


def sanitised_svg(content: bytes) -> bytes:
    """``content`` without anything that runs or loads; :class:`UnsafeImage` when unreadable."""
    try:
        return filter_svg(content, EMBEDDABLE_DATA_URLS)
    except (ValueError, TypeError) as error:
        raise UnsafeImage(SVG_REFUSED) from error


def max_image_pixels() -> int | None:
    """Wagtail's own setting and default, so an upload and an import have one limit."""
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)


def check_raster_image(path: Path) -> None:
    """Refuse a raster file Pillow cannot read, or one with more pixels than the limit.

    Only the header is read for the size; the pixels are decoded (``verify``) only for a
    file within the limit.
    """
    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit (89 million pixels) and raises past twice
            # that; Folio's limit is checked below, with a message that names it.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(path) as picture:
                width, height = picture.size
                pixels = width * height * getattr(picture, "n_frames", 1)
                if limit is not None and pixels > limit:
                    raise UnsafeImage(too_many_pixels(width, height, pixels, limit))
                picture.verify()
    except PillowImage.DecompressionBombError as error:
        raise UnsafeImage(f"has too many pixels ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise UnsafeImage(f"is not a readable image ({error})") from error


def too_many_pixels(width: int, height: int, pixels: int, limit: int) -> str:
    size = f"{width}×{height}"
    frames = pixels // (width * height) if width * height else 1
    if frames > 1:
        size += f" × {frames} frames"
    return (
        f"has too many pixels: {size} = {pixels:,}, over the limit of {limit:,} "
        "(FOLIO_MAX_IMAGE_PIXELS)"
    )
