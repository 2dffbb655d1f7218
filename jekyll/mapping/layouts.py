"""What the old site showed around a post's body: its hero image or not, its addresses.

Jekyll shows a post through its layout (``_layouts/post.html``, or whichever its
``layout`` names, directly or through ``defaults:``). Many layouts put ``page.image``
above the body; many (the Quire blog's among them) use it only for the card on the index
and the link preview in ``<head>``. So the import reads the layout: the image is shown
above the post when the layout's body, or an include it pulls in, renders ``page.image``.
References in ``<head>``, ``<meta>``/``<link>`` tags and comments do not count. A layout
the site does not have (a theme's, or none) shows none: the body alone is what Jekyll
wrote for it.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .permalinks import SiteAddresses

IMAGE_VARIABLE = re.compile(r"""page\s*(?:\.\s*image\b|\[\s*['"]image['"]\s*\])""")
NOT_SHOWN = [
    re.compile(r"<head\b.*?</head\s*>", re.I | re.S),
    re.compile(r"<(?:meta|link)\b[^>]*>", re.I | re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"{%-?\s*comment\s*-?%}.*?{%-?\s*endcomment\s*-?%}", re.S),
]
INCLUDE = re.compile(r"{%-?\s*include(?:_relative)?\s+([\w./-]+)")
# Includes that only fill in <head> (a theme's head.html, jekyll-seo-tag's seo.html).
HEAD_INCLUDES = re.compile(r"^(head|seo|meta|analytics)", re.I)


@dataclass(frozen=True)
class Presentation:
    """How the old site presented one post, beside its body."""

    show_hero: bool = False
    # The layout's text: part of the post's checksum, so a changed layout updates it.
    layout_text: str = ""
    # Where the site served it (``baseurl`` included).
    old_paths: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)


def presentation_of(site, source) -> Presentation:
    """The :class:`Presentation` of ``source``, a post of the :class:`JekyllSite` ``site``."""
    old_paths, warnings = SiteAddresses.from_config(site.config).post_paths(source)
    path = layout_file(site.root, post_layout_name(site.config, source))
    return Presentation(
        show_hero=layout_shows_image(site.root, site.config, source) if path else False,
        layout_text=read_text(path) if path else "",
        old_paths=tuple(old_paths),
        warnings=warnings,
    )


def post_layout_name(config: dict, source) -> str:
    """The layout the post is shown through: its own ``layout``, else the defaults'."""
    layout = source.front_matter.get("layout")
    if layout is None:
        layout = SiteAddresses.from_config(config).defaults_for(source.source_key).get("layout")
    return str(layout or "")


def layout_file(site_root: Path, name: str) -> Path | None:
    """``_layouts/<name>.html`` (or another extension) inside the site, if there is one."""
    folder = (site_root / "_layouts").resolve()
    if not name or not folder.is_dir():
        return None
    for candidate in [folder / f"{name}.html", *sorted(folder.glob(f"{name}.*"))]:
        resolved = candidate.resolve()
        if resolved.is_relative_to(folder) and resolved.is_file():
            return resolved
    return None


def layout_shows_image(site_root: Path, config: dict, source) -> bool:
    """Whether the post's layout shows its front-matter ``image`` above the post."""
    path = layout_file(site_root, post_layout_name(config, source))
    if path is None:
        return False
    stat = path.stat()
    return _shows_image(str(path), str(site_root.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _shows_image(path: str, site_root: str, mtime_ns: int, size: int) -> bool:
    """Cached per file version: every post of a site asks about the same layout."""
    text = shown_text(read_text(Path(path)))
    if IMAGE_VARIABLE.search(text):
        return True
    includes = (Path(site_root) / "_includes").resolve()
    for name in INCLUDE.findall(text):
        if HEAD_INCLUDES.match(Path(name).name):
            continue
        include = (includes / name).resolve()
        if include.is_relative_to(includes) and include.is_file():
            if IMAGE_VARIABLE.search(shown_text(read_text(include))):
                return True
    return False


def shown_text(text: str) -> str:
    for pattern in NOT_SHOWN:
        text = pattern.sub("", text)
    return text


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")
