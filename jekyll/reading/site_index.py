"""What a Jekyll site holds beyond the posts being imported, as its Liquid sees it.

A post's Liquid may list every post (``site.posts``, ``site.tags``), read ``_data/``
(``site.data``) or link to any post, page or file (``{% post_url %}``, ``{% link %}``);
importing one post needs all of that. It is read once per import, before the posts, and
handed to each post's Liquid (:mod:`jekyll.rendering.liquid_site`).

Bounded like the rest of the reading: at most ``MAX_FILES`` files are looked at, data
files are read with the YAML bounds, and a file that cannot be read is left out.
"""

import csv
import datetime
import io
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from jekyll.mapping.permalinks import (
    STYLES,
    PermalinkError,
    SiteAddresses,
    clean_url,
    escape_path,
    merged_front_matter,
)

from .front_matter import FrontMatterError, read_post, site_time_zone, split_front_matter
from .source import POST_FILE_NAME, JekyllSite, is_post_file
from .yaml_text import YAMLLimitError, load_yaml

logger = logging.getLogger("folio.importer")

MAX_FILES = 20_000
MAX_DATA_BYTES = 2_000_000
PAGE_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html", ".htm")
# Folders Jekyll never reads besides ``_``/``.`` ones (its default ``exclude``).
EXCLUDED = {"node_modules", "vendor", "Gemfile", "Gemfile.lock", "gemfiles"}


@dataclass(frozen=True)
class PostEntry:
    """One post as ``site.posts`` lists it."""

    source_key: str
    title: str
    date: datetime.datetime
    slug: str
    url: str
    categories: tuple
    tags: tuple
    front_matter: dict
    body: str


@dataclass(frozen=True)
class PageEntry:
    path: str  # relative to the site root, as {% link %} names it
    url: str
    front_matter: dict


@dataclass
class SiteIndex:
    posts: list[PostEntry] = field(default_factory=list)  # newest first, as Jekyll sorts
    pages: list[PageEntry] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # other files, by path (static files)
    data: dict = field(default_factory=dict)

    def post(self, source_key: str) -> PostEntry | None:
        return next((post for post in self.posts if post.source_key == source_key), None)


def read_site_index(site: JekyllSite) -> SiteIndex:
    index = SiteIndex()
    root = site.root
    zone = site_time_zone(site)
    addresses = SiteAddresses.from_config(site.config)
    for relative in site_files(root):
        path = root / relative
        top = relative.split("/", 1)[0]
        if relative.startswith("_posts/") or "/_posts/" in relative:
            if is_post_file(path) and POST_FILE_NAME.match(path.stem):
                entry = post_entry(path, site, zone, addresses)
                if entry is not None:
                    index.posts.append(entry)
        elif top == "_data":
            add_data(index.data, relative.split("/")[1:], path)
        elif not top.startswith(("_", ".")) and top not in EXCLUDED:
            page = page_entry(site, relative, path)
            if page is not None:
                index.pages.append(page)
            else:
                index.files.add(relative)
    index.posts.sort(key=lambda post: (post.date, post.source_key), reverse=True)
    return index


def site_files(root: Path):
    """Paths of the site's files relative to its root (no symbolic links followed)."""
    seen = 0
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f != "_site")
        for name in sorted(files):
            seen += 1
            if seen > MAX_FILES:
                return
            path = Path(folder) / name
            if not path.is_symlink():
                yield path.relative_to(root).as_posix()


def post_entry(path: Path, site: JekyllSite, zone, addresses: SiteAddresses) -> PostEntry | None:
    try:
        source = read_post(path, site)
    except (FrontMatterError, OSError):
        return None
    data = merged_front_matter(addresses.defaults_for(source.source_key), source.front_matter)
    try:
        url = addresses.post_url(source, data)
    except PermalinkError:
        url = ""
    return PostEntry(
        source_key=source.source_key,
        title=source.title,
        date=source.date.astimezone(zone),
        slug=source.slug,
        url=url,
        categories=tuple(source.categories),
        tags=tuple(source.tags),
        front_matter=source.front_matter,
        body=source.body,
    )


def page_entry(site: JekyllSite, relative: str, path: Path) -> PageEntry | None:
    """A page when the file is Markdown or HTML with front matter (as Jekyll decides)."""
    if not relative.lower().endswith(PAGE_SUFFIXES):
        return None
    try:
        with path.open("rb") as opened:
            if opened.read(3) != b"---":
                return None
        front_matter, _ = split_front_matter(path.read_text(encoding="utf-8-sig"), relative)
    except (FrontMatterError, OSError, UnicodeDecodeError):
        return None
    return PageEntry(relative, page_url(site.config, relative, front_matter), front_matter)


def page_url(config: dict, path: str, front_matter: dict) -> str:
    """The URL Jekyll gives a page (Jekyll::Page#url_template): its ``permalink``, else
    its folder and name, ``.html`` or ``/`` as the site's permalink style has it."""
    pure = PurePosixPath(path)
    own = front_matter.get("permalink")
    folder = "" if str(pure.parent) == "." else escape_path(str(pure.parent))
    if isinstance(own, str) and own.strip():
        template = own.replace(":path", folder).replace(":basename", escape_path(pure.stem))
        return clean_url(template.replace(":output_ext", ".html"))
    if pure.stem == "index":
        return clean_url(f"/{folder}/")
    style = str(config.get("permalink") or "date").strip()
    pretty = style == "pretty" or (style not in STYLES and style.endswith("/"))
    return clean_url(f"/{folder}/{escape_path(pure.stem)}" + ("/" if pretty else ".html"))


def add_data(data: dict, parts: list[str], path: Path):
    """``_data/a/b.yml`` becomes ``site.data.a.b``."""
    *folders, name = parts
    stem, _, suffix = name.rpartition(".")
    if not stem or suffix.lower() not in ("yml", "yaml", "json", "csv", "tsv"):
        return
    value = read_data_file(path, suffix.lower())
    if value is None:
        return
    target = data
    for folder in folders:
        target = target.setdefault(folder, {})
        if not isinstance(target, dict):
            return
    target[stem] = value


def read_data_file(path: Path, suffix: str):
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            logger.info("Data file %s is too large to read; left out", path.name)
            return None
        text = path.read_text(encoding="utf-8-sig")
        if suffix in ("yml", "yaml"):
            return load_yaml(text)
        if suffix == "json":
            return json.loads(text)
        return list(csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == "tsv" else ","))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, YAMLLimitError, csv.Error):
        logger.info("Data file %s cannot be read; left out", path.name, exc_info=True)
        return None
