"""Write prepared posts into Wagtail: the step that changes the database.

One post is written inside one transaction: its snippets, tags, images and page
appear together or not at all. Posts are keyed by ``source_path``, so importing again
updates the same page: nothing happens when the source is unchanged
(``source_checksum``), a changed source becomes a new revision (published when the
page was live), and a page edited in the admin since its import is left alone unless
``force`` is set.

Page content lives in revisions; the import bookkeeping fields are also written
straight to the page row so that they are current even for drafts.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from django.utils.text import slugify
from treebeard.mp_tree import MP_AddChildHandler

from blog.models import (
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageCategory,
    BlogPageRelatedPost,
)
from blog.snippets import Author, Category
from jekyll.mapping.block_checks import block_problem
from jekyll.mapping.images import (
    ImageImporter,
    ImageLookup,
    ImageSource,
    InvalidImage,
    VideoSource,
)
from jekyll.mapping.links import absolute_url
from jekyll.mapping.rich_text import teaser_text
from jekyll.reading.front_matter import AuthorSource, PostSource, is_true
from jekyll.report import Status
from ops.page_cache import one_invalidation_after

from .child_rows import insert_child_rows, take_child_rows
from .deferred_indexing import record_noted_saves
from .documents import DocumentImporter
from .old_addresses import OldAddresses
from .page_links import jekyll_slug_of, legacy_links_left, legacy_post_index, link_blocks
from .pending import written_post
from .prepared import PreparedPost, WriteResult, is_listed, is_unlisted, is_unpublished
from .publishing import publish_new_page, publish_saved_page
from .related import PostTitleIndex, match_titles
from .revisions import edited_since_import, record_import_revision

# Foreign keys of a new page set from rows in hand: the parent's locale, the page's own
# content type, an image just taken from the library.
ROWS_IN_HAND = ("locale", "content_type", "hero_image")

# A block not checked yet (``PreparedPost.block_problems``).
UNCHECKED = object()
# What a file of the site is to a reader, by block type and field (for the report).
FILE_LABELS = {
    ("image", "image"): "Image",
    ("call_to_action", "image"): "Call-to-action image",
    ("video", "file"): "Video",
    ("video", "poster"): "Video poster",
}


class PostWriter:
    """Writes posts under ``blog_index``; ``draft`` keeps everything unpublished.

    ``site_hosts`` are the old blog's host names: absolute links to its posts become
    page links like relative ones.

    Lookups every post needs (titles and slugs of all posts, authors, categories,
    images by content hash) are read once and kept for the writer's life; a post whose
    transaction is rolled back makes the writer forget them, as they may name its rows.
    What a post written still waits for (links to posts not in yet, indexing) is
    recorded in its transaction (``pending``).
    """

    def __init__(
        self,
        blog_index: BlogIndexPage,
        *,
        draft: bool = False,
        force: bool = False,
        site_hosts: set[str] | None = None,
        image_collection: str = "",
    ):
        self.blog_index = blog_index
        self.draft = draft
        self.force = force
        self.site_hosts = site_hosts or set()
        # The collection the images this import stores go to (``import_collection_name``).
        self.images = ImageImporter(image_collection)
        self.documents = DocumentImporter()
        # Where the old site served each post, and what its archives held.
        self.old_addresses = OldAddresses(blog_index)
        self.forget_lookups()

    def forget_lookups(self):
        self._title_index: PostTitleIndex | None = None
        self._legacy_index: dict[str, int] | None = None
        self._authors: dict[str, Author] = {}
        self._categories: dict[str, Category] = {}
        self._tags: dict[str, object] = {}
        self.images.forget_lookups()
        self.documents.forget_lookups()

    @property
    def title_index(self) -> PostTitleIndex:
        if self._title_index is None:
            self._title_index = PostTitleIndex()
        return self._title_index

    @property
    def legacy_index(self) -> dict[str, int]:
        if self._legacy_index is None:
            self._legacy_index = legacy_post_index()
        return self._legacy_index

    def write(self, post: PreparedPost) -> WriteResult:
        """Create, update or leave the page for ``post``; raises if it cannot be written."""
        source = post.source
        self.old_addresses.listing.add(source, listed=is_listed(source))
        files_before = len(self.images.stored_file_names)
        documents_before = len(self.documents.stored_file_names)
        try:
            with one_invalidation_after("imported post written"), transaction.atomic():
                result = self._write(post)
                pending = []
                if result.revision_id is not None:
                    pending.append(
                        written_post(
                            result.page.pk,
                            result.revision_id,
                            new_post=result.status == Status.CREATED,
                            links_left=result.links_left,
                            site_hosts=self.site_hosts,
                        )
                    )
                record_noted_saves(pending)
        except HeldBack as held:
            self.forget_stored(files_before, documents_before)
            return WriteResult(
                Status.SKIPPED, held.page, [held.reason], missing_files=post.missing_files
            )
        except BaseException:
            self.forget_stored(files_before, documents_before)
            raise
        return result

    def forget_stored(self, files_before: int, documents_before: int):
        """After a rollback: the image rows went with the transaction, their files go too."""
        self.images.discard_stored_files(since=files_before)
        self.documents.discard_stored_files(since=documents_before)
        self.forget_lookups()

    def _write(self, post: PreparedPost) -> WriteResult:
        source = post.source
        existing = BlogPage.objects.filter(source_path=source.source_key).order_by("pk").first()
        if existing is not None and not self.force:
            if existing.source_checksum == post.checksum:
                return WriteResult(Status.UNCHANGED, existing)
            if edited_since_import(existing):
                return WriteResult(
                    Status.SKIPPED,
                    existing,
                    ["Edited in the admin since its import; not overwritten (use --force)."],
                )

        warnings = list(post.warnings)
        page = existing.get_latest_revision_as_object() if existing else BlogPage()
        shown_before = library_files(page)
        body_as_prepared = self.fill_page(page, post, warnings)
        if post.missing_files and not self.force and shown_before - library_files(page):
            raise HeldBack(existing, held_back_reason(post.missing_files))
        publish = self.should_publish(source, existing)
        bookkeeping = {
            "source_path": source.source_key,
            "source_checksum": post.checksum,
            "unresolved_related_titles": page.unresolved_related_titles,
            "source_front_matter": source.front_matter,
        }
        if existing is None:
            page.live = False
            # What Wagtail would look up on each save: a child page takes its parent's
            # locale, and a page just made (a new translation key) is no site's root.
            page.locale_id = self.blog_index.locale_id
            page._is_site_root = False
            child_rows = take_child_rows(page)
            # treebeard's ``add_child`` minus its own savepoint: the post's transaction
            # already makes the insert all or nothing (the parent row is locked as ever).
            MP_AddChildHandler(self.blog_index, {"instance": page}).process()
            insert_child_rows(page, child_rows)
        if existing is None and publish:
            # The body was checked block by block (``body``): the rest is checked here,
            # once, rather than by each of Wagtail's steps. Not looked up again: rows the
            # page's keys were just taken from (``ROWS_IN_HAND``), and what the insert
            # has just made sure of (a unique path and translation key).
            page.full_clean(
                exclude=["body", *ROWS_IN_HAND], validate_unique=False, validate_constraints=False
            )
            revision = page.save_revision(clean=False)
            record_import_revision(page, revision)
            publish_new_page(revision, page, imported_revision_id=revision.pk, **bookkeeping)
        else:
            # A page about to be published is validated in full by the publish itself.
            revision = page.save_revision(clean=not publish)
            record_import_revision(page, revision)
            if publish:
                publish_saved_page(revision, page)
            elif existing is not None and existing.live and is_unpublished(source):
                # The source now says ``published: false``: take the post off the site.
                BlogPage.objects.get(pk=page.pk).unpublish()
            BlogPage.objects.filter(pk=page.pk).update(
                imported_revision_id=page.imported_revision_id, **bookkeeping
            )
        self.keep_old_addresses(page, post, warnings)
        # The page row as readers see it; ``page`` stays the revision's content (the two
        # differ for a draft of a live page). A page just created is both: each field
        # written to its row above was set on it too.
        row = page if existing is None else BlogPage.objects.get(pk=page.pk)
        self.remember_written(row, post)
        status = Status.CREATED if existing is None else Status.UPDATED
        return WriteResult(
            status,
            row,
            warnings,
            content=page,
            revision_id=revision.pk,
            body_as_prepared=body_as_prepared,
            links_left=legacy_links_left(post.blocks, self.legacy_index, self.site_hosts),
        )

    def remember_written(self, page: BlogPage, post: PreparedPost):
        """Keep the lookups current with the page just written."""
        self.title_index.put(page.pk, page.date, page.title, page.draft_title)
        self.legacy_index.setdefault(jekyll_slug_of(post.source.source_key), page.pk)

    def keep_old_addresses(self, page: BlogPage, post: PreparedPost, warnings: list[str]):
        """Redirect the post's old addresses to its page (``old_addresses``)."""
        self.old_addresses.keep(page, post, warnings)

    def should_publish(self, source: PostSource, existing: BlogPage | None) -> bool:
        """Whether the post goes live: as Jekyll publishes it (``hidden: true`` too, as an
        unlisted post), unless the import writes drafts or an editor took it offline."""
        if self.draft or is_unpublished(source):
            return False
        if existing is None:
            return True
        # A post the import held back before (older imports held back hidden ones too).
        held_back = existing.source_front_matter.get("published") is False or is_true(
            existing.source_front_matter.get("hidden")
        )
        return existing.live or held_back

    # --- page content ---------------------------------------------------------------

    def fill_page(self, page: BlogPage, post: PreparedPost, warnings: list[str]) -> bool:
        """Set ``page``'s fields from ``post``; whether its body is as prepared (``body``)."""
        source = post.source
        page.title = source.title[:255]
        page.slug = wagtail_slug(source.slug)
        page.date = source.date
        page.index_intro = teaser_text(source.index_intro)
        page.category_intro = teaser_text(source.category_intro)
        page.search_description = teaser_text(source.excerpt)
        page.hero_image = self.library_image(post.hero, warnings, "Hero image")
        page.show_hero = post.show_hero
        page.unlisted = is_unlisted(source)
        page.body, body_as_prepared = self.body(post, warnings)
        page.tags.set(self.tags(page, source.tags))
        author = self.author(source.author, post.avatar, warnings) if source.author else None
        page.post_authors = [BlogPageAuthor(author=author, sort_order=0)] if author else []
        page.post_categories = [
            BlogPageCategory(category=self.category(name), sort_order=order)
            for order, name in enumerate(source.categories)
        ]
        related_ids, unresolved = match_titles(
            source.related_titles, self.title_index, exclude_pk=page.pk
        )
        page.related_post_links = [
            BlogPageRelatedPost(related_post_id=pk, sort_order=order)
            for order, pk in enumerate(related_ids)
        ]
        page.source_path = source.source_key
        page.source_checksum = post.checksum
        page.unresolved_related_titles = unresolved
        page.source_front_matter = source.front_matter
        return body_as_prepared

    def body(self, post: PreparedPost, warnings: list[str]) -> tuple[list[dict], bool]:
        """The blocks with their images in the library, each checked as the editor would,
        and whether they are the ones preparing expected.

        A block checked while preparing is not checked again unless its image did not
        make it into the library. (Links made page links are not checked again either:
        the rich text they are in was checked, and a page link is an allowed link.)
        """
        blocks = post.blocks
        problems = post.block_problems or [UNCHECKED] * len(blocks)
        as_prepared = post.block_problems is not None
        kept = []
        linked = link_blocks(blocks, self.legacy_index, self.site_hosts)
        for raw, problem in zip(linked, problems, strict=True):
            block_type, value = raw["type"], raw["value"]
            loaded = {}
            if isinstance(value, dict):
                value = dict(value)
                for name, item in value.items():
                    if isinstance(item, ImageSource | VideoSource):
                        loaded[name] = self.library_file(
                            item, warnings, FILE_LABELS[block_type, name], alt=alt_text(value)
                        )
                for name, found in loaded.items():
                    value[name] = found.pk if found else None
                    if found is None:
                        problem = UNCHECKED
            if problem is UNCHECKED:
                as_prepared = False
                problem = block_problem(block_type, value, loaded)
            if problem is not None:
                warnings.append(f"Left out a {block_type} block: {problem}")
                continue
            kept.append({"type": block_type, "value": value})
        return kept, as_prepared

    def library_file(
        self, source: ImageSource | VideoSource, warnings: list[str], label: str, *, alt: str = ""
    ):
        """The library image or document for a file of the site, or ``None`` (reported)."""
        if isinstance(source, ImageSource):
            return self.library_image(ImageLookup("", source=source), warnings, label, alt=alt)
        try:
            return self.documents.import_video(source)
        except OSError as error:
            warnings.append(f"{label} left out: {source.reference} could not be read ({error}).")
            return None

    def library_image(
        self, lookup: ImageLookup | None, warnings: list[str], label: str, *, alt: str = ""
    ):
        """The library image for ``lookup`` (imported once), or ``None`` with a warning.

        ``alt`` (the post's alt text) titles an image stored now, unless it is only the
        file name the block fell back to (``readable_image_title`` says more).
        """
        if lookup is None:
            return None
        if lookup.source is None:
            problem = lookup.problem or f"{lookup.reference} is not a file in the site folder"
            warnings.append(f"{label} left out: {problem}.")
            return None
        try:
            if alt == lookup.source.default_alt:
                alt = ""
            return self.images.import_image(lookup.source, title=alt)
        except InvalidImage as error:
            warnings.append(f"{label} left out: {error}.")
            return None

    def author(self, source: AuthorSource, avatar: ImageLookup | None, warnings) -> Author:
        """The author snippet named ``source.name``; blank fields are filled, none overwritten."""
        author = (
            self._authors.get(source.name)
            or Author.objects.filter(name__iexact=source.name).first()
            or Author(name=source.name[:255])
        )
        link = absolute_url(source.link)
        if source.link and not link:
            warnings.append(f"Author link {source.link!r} is not a URL; left out.")
        changed = author.pk is None
        for field_name, value in (("description", source.description[:500]), ("link", link)):
            if value and not getattr(author, field_name):
                setattr(author, field_name, value)
                changed = True
        if author.avatar_id is None and avatar is not None:
            image = self.library_image(avatar, warnings, "Author picture")
            if image is not None:
                author.avatar = image
                changed = True
        if changed:
            author.save()
        # Other spellings of the name found this author too: they see it as saved now.
        for name, known in self._authors.items():
            if known.pk == author.pk:
                self._authors[name] = author
        self._authors[source.name] = author
        return author

    def tags(self, page: BlogPage, names: list[str]) -> list:
        """The tags called ``names``, found or made as taggit does, each looked up once."""
        for name in names:
            if name not in self._tags:
                # taggit's own lookup (case-insensitive here; made when missing).
                self._tags[name] = page.tags._to_tag_model_instances([name], {})[0]
        return [self._tags[name] for name in names]

    def category(self, name: str) -> Category:
        if name not in self._categories:
            self._categories[name] = category_named(name)
        return self._categories[name]


class HeldBack(Exception):
    """The post is not updated (its transaction rolled back), for ``reason``."""

    def __init__(self, page: BlogPage, reason: str):
        super().__init__(reason)
        self.page, self.reason = page, reason


def library_files(page: BlogPage) -> set[tuple[str, int]]:
    """The library images and documents ``page`` shows: its hero and its body's files."""
    files = {("image", page.hero_image_id)} if page.hero_image_id else set()
    for block in page.body.raw_data:
        value = block["value"]
        for block_type, name in FILE_LABELS:
            if block["type"] == block_type and isinstance(value, dict) and value.get(name):
                # A video's file is a document; every other file there is an image.
                files.add(("document" if name == "file" else "image", value[name]))
    return files


def held_back_reason(missing: tuple[str, ...]) -> str:
    """Why an update that would take pictures away from a post is not made."""
    named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return (
        f"Not updated: {len(missing)} picture or video file(s) not found ({named}), and "
        "the post would lose pictures it shows now. Give the images folder "
        "(--images-root, or the images/ folder in the upload), or use --force to update "
        "it without them."
    )


def alt_text(value: dict) -> str:
    """The alt text a block gives its picture (an image's ``alt``, a call to action's
    ``image_alt``): the title of the library image stored for it."""
    return str(value.get("alt") or value.get("image_alt") or "")


def category_named(name: str) -> Category:
    """The category called ``name`` (any case: "features" and "Features" are one)."""
    return Category.objects.filter(name__iexact=name).first() or Category.objects.create(
        name=name[:255]
    )


def wagtail_slug(jekyll_slug: str) -> str:
    """Jekyll's ``:title`` when Wagtail accepts it as a slug, else a cleaned-up version."""
    try:
        validate_unicode_slug(jekyll_slug)
    except ValidationError:
        return slugify(jekyll_slug, allow_unicode=True)[:255] or "post"
    return jekyll_slug[:255]
