"""Links to the old blog's posts become links to their pages in the CMS.

A post links to another as ``/blog/p/<slug>.html`` or ``https://quire.io/blog/p/<slug>.html``
(with the old site's address given as ``--site-url`` or ``url`` in ``_config.yml``). When
the target post is in the CMS, the link becomes a Wagtail page link
(``<a linktype="page" id="…">``), which follows the page wherever it moves. Targets imported
later are linked by :func:`resolve_pending_page_links` once all posts are in, as
related posts are. Rewriting is part of the writing step.
"""

import json
import logging
import re
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from django.db import reset_queries, transaction

from blog.models import BlogPage
from jekyll.reading.source import POST_FILE_NAME

from .deferred_indexing import record_noted_saves
from .revisions import amendable_import_revision, published_as_is, save_follow_up_revision

logger = logging.getLogger("folio.importer")

# Links as :class:`~jekyll.mapping.rich_text.RichTextWriter` writes them.
RICH_TEXT_LINK = re.compile(r'<a href="(?P<href>[^"]*)">')
LEGACY_PATH = re.compile(r"(?:^|/)p/(?P<slug>[^/]+)\.html$")
# What follows each "p/" in a text, up to the next "/" (slugs have none).
AFTER_P = re.compile(r"p/(?=(?P<rest>[^/]*))")
# Rich text inside these block types' values (by field; ``None``: the value itself).
RICH_TEXT_FIELDS = {"paragraph": None, "notice": "text", "call_to_action": "text"}


def legacy_slug(href: str, site_hosts: set[str]) -> str:
    """The Jekyll slug ``href`` points at on the old blog, or '' if it is no such link."""
    parts = urlsplit(unescape(href).strip())
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https", "") or parts.netloc.lower() not in site_hosts:
            return ""
    match = LEGACY_PATH.search(parts.path)
    return unquote(match["slug"]) if match else ""


def link_to_pages(html: str, index: dict[str, int], site_hosts: set[str]) -> str:
    """``html`` (rich text) with links to imported posts turned into page links."""

    def replace(match):
        page_id = index.get(legacy_slug(match["href"], site_hosts))
        return f'<a linktype="page" id="{page_id}">' if page_id else match[0]

    return RICH_TEXT_LINK.sub(replace, html)


def link_blocks(blocks: list[dict], index: dict[str, int], site_hosts: set[str]) -> list[dict]:
    """Raw body blocks with their rich text links to imported posts made page links."""
    linked = []
    for block in blocks:
        field = RICH_TEXT_FIELDS.get(block["type"], "")
        value = block["value"]
        if field is None and isinstance(value, str):
            value = link_to_pages(value, index, site_hosts)
        elif field and isinstance(value, dict) and isinstance(value.get(field), str):
            value = {**value, field: link_to_pages(value[field], index, site_hosts)}
        linked.append({**block, "value": value})
    return linked


def legacy_post_index() -> dict[str, int]:
    """Jekyll slug → page id of every imported post (the slug is in its source file name)."""
    index = {}
    rows = BlogPage.objects.exclude(source_path="").order_by("pk").values_list("pk", "source_path")
    for pk, source_path in rows:
        index.setdefault(jekyll_slug_of(source_path), pk)
    return index


def pages_linking_to(slugs, *, exclude=()) -> set[int]:
    """Imported posts whose body may link to the posts ``slugs`` (a quick text search).

    Posts imported in earlier runs are unchanged now, but may link to posts that only
    just arrived; their links are made page links too. Pages in ``exclude`` (those this
    run wrote, whose pending links the writer knows) are not searched.
    """
    wanted = set(slugs) | {quote(slug) for slug in slugs}
    if not wanted:
        return set()
    found = set()
    bodies = (
        BlogPage.objects.exclude(source_path="")
        .exclude(pk__in=list(exclude))
        .values_list("pk", "body")
    )
    for pk, body in bodies.iterator(chunk_size=200):
        text = unescape(json.dumps(list(body.raw_data), ensure_ascii=False))
        if mentions_any(text, wanted):
            found.add(pk)
    return found


def mentions_any(text: str, slugs: set[str]) -> bool:
    """Whether ``text`` holds "p/<slug>.html" for one of ``slugs``.

    Each "p/" is followed to every ".html" after it, rather than searching the text
    once per slug (an import of thousands of posts made that quadratic).
    """
    for match in AFTER_P.finditer(text):
        rest = match["rest"]
        end = rest.find(".html")
        while end != -1:
            if rest[:end] in slugs:
                return True
            end = rest.find(".html", end + 1)
    return False


def legacy_links_left(blocks: list[dict], index: dict[str, int], site_hosts: set[str]) -> bool:
    """Whether ``blocks`` link to old-blog posts that ``index`` does not know yet."""
    for block in link_blocks(blocks, index, site_hosts):
        field = RICH_TEXT_FIELDS.get(block["type"], "")
        value = block["value"]
        text = value if field is None else value.get(field) if isinstance(value, dict) else None
        if isinstance(text, str) and any(
            legacy_slug(match["href"], site_hosts) for match in RICH_TEXT_LINK.finditer(text)
        ):
            return True
    return False


def jekyll_slug_of(source_path: str) -> str:
    """The Jekyll slug in a post's source path (``_posts/2020-01-01-slug.md`` → ``slug``)."""
    stem = PurePosixPath(source_path).stem
    match = POST_FILE_NAME.match(stem)
    return match["title"] if match else stem


def resolve_pending_page_links(
    page_ids, site_hosts: set[str], revisions_written: dict[int, int] | None = None
) -> int:
    """Turn the remaining links to imported posts on ``page_ids`` into page links.

    Each page changes in its own transaction: in the import revision
    ``revisions_written`` says this run saved for it, else as a new revision (published
    when the page was live without pending changes). Returns how many pages changed.
    """
    index = legacy_post_index()
    changed = 0
    for pk in sorted(page_ids):
        # With DEBUG on, Django keeps every query: a long pass must not.
        reset_queries()
        # One page in memory at a time, however many there are.
        page = BlogPage.objects.defer_streamfields().filter(pk=pk).first()
        if page is None:
            continue
        try:
            with transaction.atomic():
                revision = amendable_import_revision(page, revisions_written)
                if revision is not None:
                    changed += amend_page_links(page, revision, index, site_hosts)
                else:
                    changed += relink_page(page, index, site_hosts)
                record_noted_saves()
        except Exception:
            # One page that cannot take its links must not keep the others from theirs.
            logger.exception("Could not link the posts %r links to", page.title)
    return changed


def amend_page_links(page: BlogPage, revision, index: dict[str, int], site_hosts) -> int:
    """Make page links in ``revision``, the import's own from this run (and on the page
    row when it shows that revision). Returns 1 when anything changed."""
    body = revision.content.get("body") or "[]"
    raw = json.loads(body) if isinstance(body, str) else list(body)
    linked = link_blocks(raw, index, site_hosts)
    if linked == raw:
        return 0
    revision.content["body"] = json.dumps(linked) if isinstance(body, str) else linked
    revision.save(update_fields=["content"])
    if published_as_is(page, revision):
        BlogPage.objects.filter(pk=page.pk).update(body=linked)
    return 1


def relink_page(page: BlogPage, index: dict[str, int], site_hosts: set[str]) -> int:
    latest = page.get_latest_revision_as_object()
    raw = list(latest.body.raw_data)
    linked = link_blocks(raw, index, site_hosts)
    if linked == raw:
        return 0
    latest.body = linked
    save_follow_up_revision(page, latest)
    return 1
