"""Run an import: prepare each post with the pure steps, write it, report it.

A post that fails (unreadable front matter, a page Wagtail refuses, anything else) is
reported with its file name and the reason, and the import goes on with the next one.
After all posts, related-post titles still waiting for their post are looked up again.
"""

import hashlib
import logging
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import reset_queries, transaction
from django.utils import timezone

from blog.models import BlogIndexPage, BlogPage
from jekyll.mapping.block_checks import block_problems
from jekyll.mapping.html_to_blocks import html_to_blocks
from jekyll.mapping.images import ImageLocator, ImageSource, import_collection_name
from jekyll.mapping.layouts import presentation_of
from jekyll.mapping.links import old_site_links
from jekyll.reading.front_matter import FrontMatterError, read_post
from jekyll.reading.site_index import read_site_index
from jekyll.reading.source import JekyllSite, find_site
from jekyll.rendering.liquid import LiquidError
from jekyll.rendering.liquid_site import SiteLiquid
from jekyll.rendering.post import post_html
from jekyll.writing.deferred_indexing import deferred_indexing
from jekyll.writing.old_addresses import keep_site_addresses
from jekyll.writing.pending import finish_pending_links
from jekyll.writing.related import near_misses
from jekyll.writing.writer import PostWriter, PreparedPost, WriteResult
from ops.page_cache import invalidate_page_cache

from .fidelity import page_fidelity, prepared_fidelity, visible_words, warm_up_for_preparing
from .measuring import Reference, measure_pages, prepare_reference
from .preparing import prepared_posts
from .report import ImportReport, PostReport, Status, server_folders

logger = logging.getLogger("folio.importer")

# Part of every checksum: bump it when the importer's output for the same source changes,
# so that the next import updates posts instead of calling them unchanged.
IMPORTER_VERSION = "3"


def prepare_post(
    path: Path,
    site: JekyllSite,
    locator: ImageLocator,
    *,
    old_site_url: str = "",
    liquid: SiteLiquid | None = None,
    reference: Reference | None = None,
) -> PreparedPost:
    """Read, expand, render and map one post (no database access).

    ``liquid`` is what the post's Liquid sees of its site (read from ``site`` when not
    given); ``reference`` the Jekyll build to render with or measure against, if any.
    """
    source = read_post(path, site)
    locator = locator.for_post()
    reference = reference or Reference()
    liquid = liquid or SiteLiquid(site, read_site_index(site))
    rendered = post_html(
        source,
        liquid,
        reference.build,
        use_jekyll=reference.render_with_jekyll,
    )
    html = rendered.html
    old_site = old_site_url or site_url(site)
    conversion = html_to_blocks(
        html,
        locator,
        site_url=old_site,
        old_site=old_site_links(liquid.index, site.baseurl, old_site),
    )

    hero = None
    if source.image:
        hero = locator.locate_in_images(source.image, img_dir=source.img_dir)
    avatar = None
    if source.author and source.author.image:
        avatar = locator.locate_in_images(source.author.image)
    # Checking the blocks and measuring the page they make are done here, beside the
    # writer rather than in it (``workers``); the writer redoes them only for a block
    # whose image does not make it into the library.
    problems = block_problems(conversion.blocks)
    # Measured against what readers of the old blog saw: Jekyll's body when it was built.
    source_words = visible_words(rendered.reference_html or html)
    presentation = presentation_of(site, source)
    return PreparedPost(
        source=source,
        blocks=conversion.blocks,
        hero=hero,
        avatar=avatar,
        warnings=source.warnings + rendered.warnings + conversion.warnings + presentation.warnings,
        checksum=checksum_of(
            path, site, locator, [conversion.blocks, hero, avatar], presentation.layout_text
        ),
        old_paths=presentation.old_paths,
        show_hero=presentation.show_hero,
        html=html,
        source_words=source_words,
        block_problems=problems,
        fidelity=prepared_fidelity(source_words, conversion.blocks, problems),
        missing_files=tuple(dict.fromkeys(locator.missing)),
    )


def run_import(
    path,
    blog_index: BlogIndexPage,
    *,
    dry_run: bool = False,
    draft: bool = False,
    force: bool = False,
    old_site_url: str = "",
    images_root: Path | None = None,
    image_base_url: str = "",
    progress: Callable[[PostReport], None] | None = None,
    writer_class: Callable[..., PostWriter] = PostWriter,
    workers: int = 0,
    renderer: str = "python",
    reference: str = "folio",
    safe: bool = False,
    site_name: str = "",
) -> ImportReport:
    """Import the posts at ``path`` under ``blog_index``; a dry run saves nothing.

    ``workers`` processes prepare the next posts while this one writes (``preparing``).

    ``old_site_url`` is the old blog's address (``https://quire.io/blog``): absolute links
    to its posts and images are recognised like relative ones. It defaults to ``url`` and
    ``baseurl`` from ``_config.yml``.

    ``renderer`` ("python" or "jekyll") and ``reference`` ("folio", "auto", "jekyll") say
    whether the real Jekyll renders the posts and what the fidelity figures measure
    against (``measuring``); ``safe`` builds with Jekyll in safe mode (no site plugins).

    The images stored go into a collection named after the import, the day and the
    site's ``title`` in ``_config.yml`` (else ``site_name``, else the folder's name).
    """
    site = find_site(path)
    jekyll = prepare_reference(site, renderer=renderer, reference=reference, safe=safe)
    liquid = SiteLiquid(site, read_site_index(site))
    old_site_url = old_site_url or site_url(site)
    locator = ImageLocator(
        site.root,
        baseurl=site.baseurl,
        site_url=old_site_url,
        image_base_url=image_base_url,
        images_root=images_root,
    )
    name = str(site.config.get("title") or "").strip() or site_name or site.root.name
    writer = writer_class(
        blog_index,
        draft=draft,
        force=force,
        site_hosts=hosts_of(site, old_site_url),
        image_collection=import_collection_name(name, timezone.localdate()),
    )
    report = ImportReport(
        source=str(path),
        dry_run=dry_run,
        warnings=[*site.warnings, *liquid.engine.warnings, *jekyll.warnings],
    )

    # A dry run does everything in one transaction and rolls it back at the end, so that
    # later posts see earlier ones exactly as in a real run. A real run commits post by post.
    # Search and reference indexes and links between posts are brought up to date once,
    # after the last post, from what each post's transaction recorded (``pending``):
    # with what earlier imports killed before their end left too.
    try:
        with (
            deferred_indexing(finish=not dry_run),
            transaction.atomic() if dry_run else nullcontext(),
        ):
            prepare = partial(
                prepare_post,
                site=site,
                locator=locator,
                old_site_url=old_site_url,
                liquid=liquid,
                reference=jekyll,
            )
            warm_up_for_preparing()
            for post_path, prepared in prepared_posts(site.post_paths, prepare, workers=workers):
                post_report = import_post(post_path, prepared, site, writer)
                # With DEBUG on, Django keeps every query: a long import must not.
                reset_queries()
                report.posts.append(post_report)
                if progress is not None:
                    progress(post_report)
            report.related_links_added, report.pages_relinked = finish_pending_links()
            misses = near_misses(post.page_id for post in report.posts if post.page_id)
            for post_report in report.posts:
                post_report.warnings += misses.get(post_report.page_id, [])
            if report.related_links_added or report.pages_relinked:
                # Links put into revisions already published went round page_published.
                invalidate_page_cache("imported posts linked")
            if site.whole_folder:
                # Archives and paginated pages are the whole site's: a file alone says nothing.
                report.warnings += keep_site_addresses(
                    site.config, blog_index, writer.old_addresses.listing
                )
            for post_report in missing_posts(site, blog_index):
                report.posts.append(post_report)
                if progress is not None:
                    progress(post_report)
            measure_pages(report, jekyll, site, old_site_url)
            if dry_run:
                transaction.set_rollback(True)
    finally:
        if dry_run:
            writer.images.discard_stored_files()
    # Messages (a library's error especially) may name files where this server keeps
    # them: they are named as in the site instead.
    report.hide_server_paths(server_folders(site.root, images_root))
    return report


def import_post(
    path: Path, prepared: PreparedPost | Exception, site: JekyllSite, writer: PostWriter
) -> PostReport:
    """Write a prepared post and report it; ``prepared`` is the error if preparing failed."""
    key = site.source_key(path)
    if isinstance(prepared, FrontMatterError):
        return PostReport(source=key, status=Status.FAILED, error=str(prepared))
    if isinstance(prepared, LiquidError):
        return PostReport(source=key, status=Status.FAILED, error=f"{key}: {prepared}.")
    if isinstance(prepared, Exception):
        # One bad post must not stop the others. (A worker logged its own errors.)
        if prepared.__traceback__ is not None:
            logger.warning("Could not read %s", path, exc_info=prepared)
        return failed(key, path, prepared, "could not be read")
    try:
        result = writer.write(prepared)
    except ValidationError as error:
        return failed(key, path, error, "was refused", title=prepared.source.title)
    except Exception as error:  # noqa: BLE001
        logger.warning("Could not save %s", path, exc_info=True)
        return failed(key, path, error, "could not be saved", title=prepared.source.title)
    page = result.page
    return PostReport(
        source=key,
        status=result.status,
        title=page.title,
        url=page.get_url() or page.url_path,
        page_id=page.pk,
        warnings=result.warnings,
        fidelity=fidelity_of(prepared, result),
        missing_files=list(result.missing_files),
    )


def fidelity_of(prepared: PreparedPost, result: WriteResult) -> float | None:
    """The post's fidelity figure; ``None`` when the page cannot be rendered."""
    if result.body_as_prepared and prepared.fidelity is not None:
        # Measured while preparing, from the very blocks the writer kept.
        return prepared.fidelity
    try:
        # A post just written is measured as written; others as their latest revision.
        content = result.content or result.page.get_latest_revision_as_object()
        return page_fidelity(prepared.source_words, content)
    except Exception:  # noqa: BLE001 (a figure must not fail a post that was written)
        logger.warning("Could not render %s to measure it", prepared.source.path, exc_info=True)
        return None


def missing_posts(site: JekyllSite, blog_index: BlogIndexPage) -> list[PostReport]:
    """Posts imported from this site before that are no longer in it, reported "missing".

    Only a whole ``_posts`` folder tells what is gone; importing single files says nothing.
    Their pages are kept: a file removed from the source is no reason to delete a page.
    """
    if not site.whole_folder:
        return []
    present = {site.source_key(path) for path in site.post_paths}
    pages = BlogPage.objects.child_of(blog_index).exclude(source_path="").order_by("source_path")
    return [
        PostReport(
            source=page.source_path,
            status=Status.MISSING,
            title=page.title,
            url=page.get_url() or page.url_path,
            page_id=page.pk,
            warnings=["No longer in the source; the page was kept."],
        )
        for page in pages.specific()
        if page.source_path.startswith("_posts/") and page.source_path not in present
    ]


def failed(key: str, path: Path, error: Exception, what: str, title: str = "") -> PostReport:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        reason = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    elif isinstance(error, ValidationError):
        reason = " ".join(error.messages)
    else:
        reason = f"{type(error).__name__}: {error}"
    return PostReport(
        source=key, status=Status.FAILED, title=title, error=f"{key} {what}: {reason}"
    )


def site_url(site: JekyllSite) -> str:
    """The old site's address (``url`` + ``baseurl``) for making relative links absolute."""
    url = str(site.config.get("url") or "").rstrip("/")
    return f"{url}{site.baseurl}/" if url else ""


def hosts_of(site: JekyllSite, old_site_url: str) -> set[str]:
    """The old blog's host names (from ``old_site_url`` and ``_config.yml``'s ``url``)."""
    urls = (old_site_url, str(site.config.get("url") or ""))
    return {urlsplit(url).netloc.lower() for url in urls if urlsplit(url).netloc}


def checksum_of(
    path: Path, site: JekyllSite, locator: ImageLocator, parts, layout_text: str = ""
) -> str:
    """A hash of everything the post's page is made from: source, config, layout, images."""
    digest = hashlib.sha256()
    pieces = (IMPORTER_VERSION, site.config_text, locator.image_base_url, locator.site_host)
    for piece in (*pieces, layout_text):
        digest.update(piece.encode() + b"\0")
    digest.update(path.read_bytes())
    for image_hash in sorted(image_hashes(parts)):
        digest.update(image_hash.encode())
    return digest.hexdigest()


def image_hashes(value):
    """The content hashes of every image file found in ``value`` (blocks, lookups…)."""
    if isinstance(value, ImageSource):
        yield value.sha1
    elif isinstance(value, dict):
        for item in value.values():
            yield from image_hashes(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from image_hashes(item)
    elif value is not None and hasattr(value, "source"):
        yield from image_hashes(value.source)
