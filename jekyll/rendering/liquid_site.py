"""``site`` and ``page`` as a post's Liquid sees them in Jekyll.

``site`` is ``_config.yml`` plus what Jekyll adds: ``posts`` (newest first, each with
its ``url``, ``date``, ``categories``, ``tags`` and front matter), ``categories`` and
``tags`` (name → posts), ``data`` (``_data/``), ``pages``, ``related_posts`` and
``time``. ``page`` is the post's front matter plus ``url``, ``date``, ``slug``, ``id``,
``path``… Dates are times in the site's zone, written as Ruby writes a time.
"""

import datetime
import re
from functools import cached_property
from pathlib import Path, PurePosixPath

from jekyll.mapping.permalinks import PermalinkError, SiteAddresses, merged_front_matter
from jekyll.reading.front_matter import PostSource, site_time_zone
from jekyll.reading.site_index import PostEntry, SiteIndex
from jekyll.reading.source import JekyllSite

from .engines import MarkdownEngine, engine_for


class RubyTime(datetime.datetime):
    """A time written as Ruby writes one (``2021-01-16 14:30:00 +0000``)."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()

    @classmethod
    def of(cls, value: datetime.datetime) -> "RubyTime":
        return cls.combine(value.date(), value.timetz())


class PostDrop(dict):
    """A post in ``site.posts``: its excerpt is rendered only if a template asks."""

    def __init__(self, values: dict, excerpt):
        super().__init__(values)
        self._excerpt = excerpt

    def __getitem__(self, key):
        if key == "excerpt" and not super().__contains__("excerpt"):
            self["excerpt"] = self._excerpt()
        return super().__getitem__(key)

    def __contains__(self, key):
        return key == "excerpt" or super().__contains__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


class SiteLiquid:
    """Everything of the site one post's Liquid may use; one per import."""

    def __init__(self, site: JekyllSite, index: SiteIndex | None = None, engine=None):
        self.site = site
        self.index = index or SiteIndex()
        self.engine: MarkdownEngine = engine or engine_for(site.config)
        self.config = site.config
        self.zone = site_time_zone(site)

    @property
    def baseurl(self) -> str:
        return self.site.baseurl

    @cached_property
    def environment(self):
        from .liquid import JekyllEnvironment

        return JekyllEnvironment(self)

    @cached_property
    def variables(self) -> dict:
        posts = [self.post_drop(post) for post in self.index.posts]
        by_key = {post["path"]: post for post in posts}
        categories: dict[str, list] = {}
        tags: dict[str, list] = {}
        for entry in self.index.posts:
            for name in entry.categories:
                categories.setdefault(name, []).append(by_key[entry.source_key])
            for name in entry.tags:
                tags.setdefault(name, []).append(by_key[entry.source_key])
        return {
            **self.config,
            "baseurl": self.baseurl,
            "url": str(self.config.get("url") or ""),
            "posts": posts,
            "related_posts": posts[:10],
            "categories": categories,
            "tags": tags,
            "data": self.index.data,
            "pages": [
                {**page.front_matter, "url": page.url, "path": page.path, "name": page.path}
                for page in self.index.pages
            ],
            "static_files": [
                {"path": "/" + path, "name": PurePosixPath(path).name}
                for path in sorted(self.index.files)
            ],  # fmt: skip
            "time": RubyTime.of(datetime.datetime.now(self.zone).replace(microsecond=0)),
        }

    def post_drop(self, entry: PostEntry) -> PostDrop:
        return PostDrop(
            {
                **entry.front_matter,
                "title": entry.title,
                "url": entry.url,
                "id": entry.url.removesuffix(".html"),
                "date": RubyTime.of(entry.date),
                "slug": entry.slug,
                "categories": list(entry.categories),
                "tags": list(entry.tags),
                "path": entry.source_key,
                "relative_path": entry.source_key,
                "collection": "posts",
                "content": entry.body,
                "draft": False,
            },
            excerpt=lambda: self.excerpt(entry.front_matter, entry.body),
        )

    def excerpt(self, front_matter: dict, body: str) -> str:
        """Jekyll's excerpt: the post's own ``excerpt``, else its first paragraph, rendered."""
        if isinstance(front_matter.get("excerpt"), str):
            return front_matter["excerpt"]
        separator = front_matter.get("excerpt_separator") or self.config.get(
            "excerpt_separator", "\n\n"
        )
        first = body.lstrip("\n").split(str(separator), 1)[0] if separator else body
        return self.engine.render(first)

    def page_variables(self, source: PostSource) -> dict:
        entry = self.index.post(source.source_key)
        date = source.date.astimezone(self.zone)
        url = entry.url if entry else self.own_url(source)
        values = {
            **source.front_matter,
            "title": source.title,
            "date": RubyTime.of(date),
            "url": url,
            "id": url.removesuffix(".html"),
            "slug": source.slug,
            "categories": list(source.categories),
            "tags": list(source.tags),
            "path": source.source_key,
            "relative_path": source.source_key,
            "name": source.path.name,
            "collection": "posts",
            "content": source.body,
            "draft": False,
        }
        return PostDrop(values, excerpt=lambda: self.excerpt(source.front_matter, source.body))

    def own_url(self, source: PostSource) -> str:
        """The URL of a post read on its own (not in ``site.posts``)."""
        addresses = SiteAddresses.from_config(self.config)
        data = merged_front_matter(addresses.defaults_for(source.source_key), source.front_matter)
        try:
            return addresses.post_url(source, data)
        except PermalinkError:
            return ""

    # --- what tags look up ---------------------------------------------------------------

    def relative_url(self, url: str) -> str:
        return (self.baseurl + "/" + url.lstrip("/")) if self.baseurl else url

    def url_of_post(self, folder: str, date: str, slug: str) -> str | None:
        """The URL of the post ``{% post_url [folder/]date-slug %}`` names, matched as
        Jekyll matches it (``_posts/folder/date-slug.*`` or ``folder/_posts/…``)."""
        name = re.escape(f"{date}-{slug}") + r"\.[^.]+$"
        folder = re.escape(folder)
        pattern = re.compile(rf"^_posts/{folder}{name}|^{folder}_posts/?{name}")
        for post in self.index.posts:
            if pattern.match(post.source_key):
                return post.url
        return None

    def url_of_file(self, path: str) -> str | None:
        """The URL of the post, page or file at ``path`` (``{% link %}``)."""
        post = self.index.post(path)
        if post is not None:
            return post.url
        for page in self.index.pages:
            if page.path == path:
                return page.url
        if path in self.index.files:
            return "/" + path
        return None

    def include_folder(self, context, *, relative: bool) -> Path | None:
        if not relative:
            return self.site.root / "_includes"
        post_folder = context.globals.get("folio post folder")
        return Path(post_folder) if post_folder else None
