"""The old site's addresses answer 301 to Folio's: kept as Wagtail redirects.

A post's old addresses (``jekyll.mapping.permalinks``) redirect to its page, so they
follow the page when its slug or place changes; category and tag archives redirect to
the blog index's route for that category or tag, so they follow the index. Paginated
index pages (``paginate_path``) redirect to the Folio listing page that starts with the
same post: a query string (``?page=3``) is no route Wagtail can follow, so those are
links, made again by each import of the whole site.

Wagtail's redirects app answers only when nothing else does (a 404), so an old address
that is also a Folio address keeps Folio's page. A redirect that leads elsewhere (an
editor's, another post's) is never taken over: the report says which one was left.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import quote

from wagtail.contrib.redirects.models import Redirect

from blog.snippets import Category
from jekyll.mapping.permalinks import slugify

# Redirect.old_path's length.
MAX_PATH = 255
# What a browser sends as it is in a path; the rest is percent-encoded (a space as %20).
PATH_SAFE = "/!$&'()*+,;=:@-._~%"
DEFAULT_PAGINATE_PATH = "/page:num"
ARCHIVE_PERMALINKS = {"category": "/category/:name/", "tag": "/tag/:name/"}


@dataclass
class SiteListing:
    """What the site's archives and paginated index were made of (one import run)."""

    listed_posts: int = 0
    categories: dict[str, None] = field(default_factory=dict)
    tags: dict[str, None] = field(default_factory=dict)

    def add(self, source, *, listed: bool):
        self.listed_posts += listed
        self.categories.update(dict.fromkeys(source.categories))
        self.tags.update(dict.fromkeys(source.tags))


class OldAddresses:
    """The old addresses of the posts one writer writes, kept as redirects to them."""

    def __init__(self, blog_index):
        self.blog_index = blog_index
        self.listing = SiteListing()
        self._index_path: str | None = None

    @property
    def index_path(self) -> str | None:
        """The blog index's path on its site ('/blog/'), ``None`` when it has no URL."""
        if self._index_path is None:
            url_parts = self.blog_index.get_url_parts()
            self._index_path = url_parts[2] if url_parts else None
        return self._index_path

    def keep(self, page, post, warnings: list[str]):
        """Redirect the post's old addresses to its page: where the old site served it
        (``post.old_paths``), and ``/blog/p/<jekyll slug>.html`` when the slug had to
        change (the blog index answers that address by slug itself otherwise)."""
        index_path = self.index_path
        if index_path is None:
            warnings.append(
                f"No redirect for the old addresses of {post.source.slug!r}: the blog has no URL."
            )
            return
        old_paths = list(post.old_paths)
        if page.slug != post.source.slug:
            old_paths.append(f"{index_path}p/{post.source.slug}.html")
        keep_post_addresses(page, old_paths, f"{index_path}{page.slug}/", warnings)


def keep_post_addresses(page, old_paths, own_path: str, warnings: list[str]):
    """Redirect each of ``old_paths`` to ``page`` (three queries at most, for all)."""
    wanted = {}
    for old in old_paths:
        path = stored_path(old)
        if len(path) > MAX_PATH:
            warnings.append(f"Old address too long to redirect: {old[:80]}…")
        elif path != stored_path(own_path):
            wanted.setdefault(path, old)
    if not wanted:
        return
    taken = Redirect.objects.filter(old_path__in=list(wanted)).values_list(
        "old_path", "redirect_page_id"
    )
    for path, target in taken:
        wanted.pop(path, None)
        if target != page.pk:
            warnings.append(f"The old address {path} already redirects elsewhere; left as it is.")
    Redirect.objects.bulk_create(
        Redirect(old_path=path, redirect_page=page, is_permanent=True) for path in wanted
    )


def keep_site_addresses(config: dict, blog_index, listing: SiteListing) -> list[str]:
    """Redirect the site's category and tag archives and paginated index pages; returns
    warnings for the report."""
    baseurl = str(config.get("baseurl") or "").rstrip("/")
    warnings = []
    for kind, names in (("category", listing.categories), ("tag", listing.tags)):
        for name, path in archive_paths(config, kind, names, baseurl):
            route = archive_route(kind, name)
            if route is None:
                continue
            keep(path, warnings, redirect_page=blog_index, redirect_page_route_path=route)
    for path, link in paginated_paths(config, blog_index, listing.listed_posts, baseurl):
        keep(path, warnings, redirect_page=None, redirect_link=link)
    return warnings


def keep(old: str, warnings: list[str], **target):
    """One redirect of ``old`` to ``target``: made, or updated when it was the import's
    (same kind of target); another kind of redirect is left alone."""
    path = stored_path(old)
    if len(path) > MAX_PATH:
        warnings.append(f"Old address too long to redirect: {old[:80]}…")
        return
    existing = Redirect.objects.filter(old_path=path, site=None).first()
    if existing is None:
        Redirect.objects.create(old_path=path, is_permanent=True, **target)
    elif bool(existing.redirect_page_id) == (target.get("redirect_page") is not None):
        for name, value in target.items():
            setattr(existing, name, value)
        existing.save()
    else:
        warnings.append(f"The old address {path} already redirects elsewhere; left as it is.")


def stored_path(path: str) -> str:
    """``path`` as Wagtail's redirects look a request up: percent-encoded as a browser
    sends it, then normalised (no trailing slash, Unicode decoded)."""
    return Redirect.normalise_path(quote(path, safe=PATH_SAFE))


def archive_paths(config: dict, kind: str, names, baseurl: str):
    """(name, old path) of each archive page of ``kind`` ("category"/"tag") the site had.

    ``category_archive``/``tag_archive`` (``path:``) give a page per name under that
    path, the name as written (and slugified, as themes link it); jekyll-archives gives
    its ``permalinks`` (``:name`` slugified).
    """
    setting = config.get(f"{kind}_archive")
    if isinstance(setting, dict) and setting.get("path"):
        folder = "/" + str(setting["path"]).strip("/")
        for name in names:
            for written in dict.fromkeys([name, slugify(name)]):
                yield name, f"{baseurl}{folder}/{written}/"
    archives = config.get("jekyll-archives")
    if isinstance(archives, dict) and archive_enabled(archives.get("enabled"), kind):
        permalinks = (
            archives.get("permalinks") if isinstance(archives.get("permalinks"), dict) else {}
        )
        template = str(permalinks.get(kind) or ARCHIVE_PERMALINKS[kind])
        for name in names:
            yield name, baseurl + "/" + template.replace(":name", slugify(name)).lstrip("/")


def archive_enabled(enabled, kind: str) -> bool:
    if enabled == "all":
        return True
    names = enabled if isinstance(enabled, list) else [enabled]
    return f"{kind}s" in names or kind in names


def archive_route(kind: str, name: str) -> str | None:
    """The blog index's route for the category or tag called ``name``."""
    if kind == "category":
        category = Category.objects.filter(name__iexact=name).first()
        return f"/category/{category.slug}/" if category else None
    from taggit.models import Tag

    tag = Tag.objects.filter(name__iexact=name).first()
    return f"/tag/{tag.slug}/" if tag else None


def paginated_paths(config: dict, blog_index, listed_posts: int, baseurl: str):
    """(old path, Folio URL) of each paginated index page jekyll-paginate built: pages 2
    and on, ``paginate`` listed posts each, at ``paginate_path``; each leads to the
    Folio page that starts with (or holds) the same post."""
    try:
        per_page = int(config.get("paginate") or 0)
    except (TypeError, ValueError):
        return
    if per_page < 1 or listed_posts <= per_page:
        return
    template = str(config.get("paginate_path") or DEFAULT_PAGINATE_PATH)
    if ":num" not in template:
        return
    index_url = blog_index.url
    if index_url is None:
        return
    from blog.site_settings import BlogSettings

    folio_per_page = BlogSettings.for_site(blog_index.get_site()).posts_per_page
    for number in range(2, math.ceil(listed_posts / per_page) + 1):
        old = baseurl + "/" + template.replace(":num", str(number)).lstrip("/")
        folio_page = (number - 1) * per_page // folio_per_page + 1
        yield old, index_url if folio_page == 1 else f"{index_url}?page={folio_page}"
