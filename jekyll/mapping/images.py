"""Find the images a post refers to, and bring them into Wagtail's image library.

Finding is pure (it only reads files): a post refers to ``/images/…``,
``{{ site.baseurl }}/images/…`` (already expanded) or a relative path, and the file is
looked up under the site folder. Importing is part of the writing step: an image is
stored once per content hash (``Image.file_hash``), however many posts use it.

An image stored gets a title an editor can search the library by: its alt text in the
post, else a readable form of its file name and folder (:func:`readable_image_title`).
Each import puts the images it stores in a collection of its own ("Jekyll import
2026-12-07 (Old blog)"); an image found again by its hash stays where it is, with the
title it has (an editor may have renamed or moved it).

Images come in by the rule editors' uploads follow (``ops/image_safety.py``): an SVG is
stored sanitised (its hash is the sanitised file's), and one that cannot be read, or an
image with more pixels than ``FOLIO_MAX_IMAGE_PIXELS``, is left out with a warning.

A file is written before the post's transaction commits its row. So that a process killed
in between leaves nothing for good, the file's name comes from its content hash
(:func:`library_file_name`): the next import of that image takes the file up, or
replaces it when it was left half-written. Files no import takes up are removed once old
(``ops/orphan_media.py``, run before the first image an importer stores).
"""

import copy
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from wagtail.coreutils import string_to_ascii
from wagtail.images import get_image_model
from wagtail.models import Collection

from blog.video_blocks import is_video_file_name
from ops.image_safety import UnsafeImage, check_raster_image, is_svg_name, sanitised_svg
from ops.orphan_media import remove_orphan_image_files

logger = logging.getLogger("folio.importer")

# Wagtail keeps an image's path under 95 characters: "original_images/" and this.
MAX_FILE_NAME = 78


@dataclass(frozen=True)
class ImageSource:
    """An image file found on disk for a reference in a post."""

    path: Path
    sha1: str
    reference: str

    @property
    def default_alt(self) -> str:
        """Alt text made from the file name, for images the post gives none."""
        return humanise_file_name(self.path.name)


@dataclass(frozen=True)
class VideoSource:
    """A video file found on disk for a reference in a post (``<video src>``): it goes
    into the documents library, once per content hash (``Document.file_hash``)."""

    path: Path
    sha1: str
    reference: str

    @property
    def default_alt(self) -> str:
        return humanise_file_name(self.path.name)


@dataclass(frozen=True)
class ImageLookup:
    """Where a reference leads: a local file, an external URL, or nowhere (``problem``)."""

    reference: str
    source: ImageSource | VideoSource | None = None
    external_url: str = ""
    problem: str = ""


class ImageLocator:
    """Resolves image references of one Jekyll site to files (pure: reads files only).

    ``image_base_url`` is where the old site still serves its images; when given,
    images missing here are kept as external URLs instead of being left out.
    ``images_root`` is the site's ``images/`` folder when it is not inside the site folder.
    ``missing`` lists the references whose file was not found (one post's: ``for_post``).
    """

    def __init__(
        self,
        site_root: Path,
        *,
        baseurl: str = "",
        site_url: str = "",
        image_base_url="",
        images_root: Path | None = None,
    ):
        self.site_root = site_root.resolve()
        self.images_root = images_root.resolve() if images_root else None
        self.baseurl = baseurl.rstrip("/")
        self.site_host = urlsplit(site_url).netloc if site_url else ""
        self.image_base_url = image_base_url.rstrip("/")
        self.missing: list[str] = []

    def for_post(self) -> "ImageLocator":
        """This locator, noting in its own ``missing`` the files one post lacks."""
        twin = copy.copy(self)
        twin.missing = []
        return twin

    @property
    def images_dir(self) -> Path:
        return self.site_root / "images"

    def locate(self, reference: str, *, video: bool = False) -> ImageLookup:
        """Look up an image referenced in a post body (``src`` of an ``<img>``), or with
        ``video`` a video file (``src`` of a ``<video>`` or its ``<source>``)."""
        reference = (reference or "").strip()
        if not reference:
            return ImageLookup(reference, problem="an image without a source")
        parts = urlsplit(reference)
        if parts.scheme in ("http", "https") or reference.startswith("//"):
            if not self.site_host or parts.netloc != self.site_host:
                return ImageLookup(reference, external_url=urljoin("https:", reference))
        elif parts.scheme:
            return ImageLookup(reference, problem=f"unsupported image source {reference[:60]!r}")
        path = unquote(parts.path)
        if self.baseurl and (path == self.baseurl or path.startswith(self.baseurl + "/")):
            path = path[len(self.baseurl) :]
        return self._find(reference, [path.lstrip("/")], video=video)

    def locate_in_images(self, reference: str, *, img_dir: str = "") -> ImageLookup:
        """Look up a front-matter image (``image:``, ``authorImg:``) relative to ``images/``.

        A bare file name may also be in the post's own image folder (``imgDir``).
        """
        reference = (reference or "").strip()
        if reference.startswith(("/", "http://", "https://", "//")):
            return self.locate(reference)
        path = unquote(reference)
        candidates = ["images/" + path]
        if img_dir:
            candidates.append(f"images/{img_dir.strip('/')}/{path}")
        return self._find(reference, [*candidates, path])

    def _find(
        self, reference: str, relative_paths: list[str], *, video: bool = False
    ) -> ImageLookup:
        accepts, kind = (
            (is_video_file_name, "a video") if video else (is_image_file_name, "an image")
        )
        source_class = VideoSource if video else ImageSource
        for folder, relative in self._places(relative_paths):
            candidate = (folder / relative).resolve()
            # A reference must not reach outside the site folder ("../../etc/passwd").
            if candidate.is_relative_to(folder) and candidate.is_file():
                if not accepts(candidate.name):
                    return ImageLookup(reference, problem=f"{reference} is not {kind} file")
                return ImageLookup(
                    reference, source=source_class(candidate, sha1_of(candidate), reference)
                )
        # Not here, even when the old site still shows it: a post's picture already in the
        # library must not give way to it (``PostWriter``).
        self.missing.append(reference)
        if self.image_base_url:
            return ImageLookup(
                reference, external_url=f"{self.image_base_url}/{relative_paths[0].lstrip('/')}"
            )
        kind = "video" if video else "image"
        return ImageLookup(reference, problem=f"{kind} file not found: {reference}")

    def _places(self, relative_paths: list[str]):
        """(folder, path in it) to try for each path relative to the site root."""
        for relative in relative_paths:
            if self.images_root and relative.startswith("images/"):
                yield self.images_root, relative.removeprefix("images/")
            yield self.site_root, relative


def is_image_file_name(name: str) -> bool:
    extensions = getattr(
        settings, "WAGTAILIMAGES_EXTENSIONS", ["gif", "jpg", "jpeg", "png", "webp"]
    )
    return Path(name).suffix.lower().lstrip(".") in extensions


def sha1_of(path: Path) -> str:
    """The SHA-1 of the file as the library stores it (``Image.file_hash``): an SVG's is
    its sanitised version's, so that importing it again finds it."""
    if is_svg_name(path.name):
        try:
            return hashlib.sha1(sanitised_svg(path.read_bytes())).hexdigest()
        except UnsafeImage:
            pass  # refused when it is imported, with the reason
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha1").hexdigest()


def humanise_file_name(name: str) -> str:
    """'work_life-integration.png' → 'work life integration'."""
    stem = Path(name).stem
    return re.sub(r"[\s_\-]+", " ", stem).strip() or stem


# Folders that say nothing about the images in them: left out of their titles.
GENERIC_FOLDERS = {"images", "image", "img", "imgs", "assets", "uploads", "media", "static"}


def readable_image_title(source: "ImageSource") -> str:
    """A title for an image the post gives no alt text: its file name in words, after
    its folder's (as the post names it) when the folder says more than "images".

    '/images/2020-offsite/group_1.jpg' → '2020 offsite – group 1'; '/images/1.png' → 'Image 1'.
    """
    words = humanise_file_name(source.path.name)
    folder = PurePosixPath(unquote(urlsplit(source.reference).path)).parent.name
    if folder and folder.lower() not in GENERIC_FOLDERS and folder not in (".", ".."):
        words = f"{humanise_file_name(folder)} – {words}"
    elif not re.search(r"[^\W\d_]", words):
        words = f"Image {words}"
    return words[:1].upper() + words[1:]


def import_collection_name(site_name: str, day) -> str:
    """'Jekyll import 2026-12-07 (Old blog)': the collection one import's images go to."""
    return f"Jekyll import {day:%Y-%m-%d}" + (f" ({site_name})" if site_name else "")


class ImageImporter:
    """Stores image files in Wagtail's library, once per content hash (database step).

    Images it stores go into the collection ``collection_name`` (made under the root
    collection when first needed; Wagtail's root when no name is given).

    It remembers the files it stored so that a post whose transaction is rolled back
    can remove them again (:meth:`discard_stored_files`).
    """

    def __init__(self, collection_name: str = ""):
        self.collection_name = collection_name[:255]
        self.stored_file_names: list[str] = []
        self.orphans_removed = False
        self.forget_lookups()

    def forget_lookups(self):
        """Look images up in the database again (after a rollback took some away)."""
        self._by_hash: dict[str, object] = {}
        self._collection = None

    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            if not self.collection_name:
                self._collection = root
            else:
                found = root.get_children().filter(name=self.collection_name).first()
                self._collection = found or root.add_child(name=self.collection_name)
        return self._collection

    def import_image(self, source: ImageSource, *, title: str = ""):
        """The library image with ``source``'s content, stored now if it is not there yet,
        titled ``title`` (the post's alt text) or else :func:`readable_image_title`.

        Raises :class:`InvalidImage` when the file is not an image Folio takes in.
        """
        known = self._by_hash.get(source.sha1)
        if known is not None:
            return known
        Image = get_image_model()
        existing = Image.objects.filter(file_hash=source.sha1).order_by("pk").first()
        if existing is not None:
            self._by_hash[source.sha1] = existing
            return existing
        content = checked_content(source.path)
        self.remove_orphans_once()
        title = " ".join(title.split()) or readable_image_title(source)
        image = Image(title=title[:255], collection=self.collection())
        with content, transaction.atomic():
            name, written = store_file(image, source, content)
            if written:
                self.stored_file_names.append(name)
            # Width and height are read from the stored file; size and hash too.
            image.file = name
            image._set_image_file_metadata()
            image.file.close()
            image.save()
        self._by_hash[source.sha1] = image
        return image

    def remove_orphans_once(self):
        if self.orphans_removed:
            return
        self.orphans_removed = True
        try:
            remove_orphan_image_files()
        except Exception:  # noqa: BLE001 (a cleanup must never fail a post)
            logger.warning("Could not look for orphan image files", exc_info=True)

    def discard_stored_files(self, *, since: int = 0):
        """Delete the files stored since the ``since``-th (their rows were rolled back)."""
        storage = get_image_model()._meta.get_field("file").storage
        for name in self.stored_file_names[since:]:
            storage.delete(name)
        del self.stored_file_names[since:]


class InvalidImage(Exception):
    pass


def checked_content(path: Path) -> File:
    """The content to store for the image file at ``path``: an SVG sanitised, a raster
    file as it is once Pillow reads it within the pixel limit. Raises :class:`InvalidImage`.
    """
    try:
        if is_svg_name(path.name):
            return ContentFile(sanitised_svg(path.read_bytes()), name=path.name)
        check_raster_image(path)
    except UnsafeImage as error:
        raise InvalidImage(f"{path.name} {error}") from error
    return File(path.open("rb"), name=path.name)


def library_file_name(source: ImageSource, image=None) -> str:
    """Where ``source`` is stored: ``original_images/<name>.<first 12 of its hash>.<ext>``.

    The same content always gets the same name, so a file written by an import killed
    before its row committed is found, and taken up, by the next import of that image.
    """
    image = image if image is not None else get_image_model()(title="")
    field = image._meta.get_field("file")
    stem, extension = os.path.splitext(field.storage.get_valid_name(source.path.name))
    stem = string_to_ascii(stem)[: MAX_FILE_NAME - 13 - len(extension)] or "image"
    return field.generate_filename(image, f"{stem}.{source.sha1[:12]}{extension.lower()}")


def store_file(image, source: ImageSource, content: File) -> tuple[str, bool]:
    """Write ``content`` at :func:`library_file_name`: the name it got, and whether it
    was written (rather than found).

    A file already there that no image names was left by a killed import: the same
    content is taken up as it is (and left in place should this post fail too: it was
    not this import's); anything else there (half-written) is replaced.
    """
    field = image._meta.get_field("file")
    storage = field.storage
    name = library_file_name(source, image)
    if storage.exists(name) and not type(image).objects.filter(file=name).exists():
        with storage.open(name, "rb") as stored:
            if hashlib.file_digest(stored, "sha1").hexdigest() == source.sha1:
                return name, False
        storage.delete(name)
    content.seek(0)
    return storage.save(name, content, max_length=field.max_length), True
