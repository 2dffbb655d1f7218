"""URL checks shared by the blocks that store URLs (``URLBlock`` fields, heading links)."""

import re
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from blog.links import safe_url

validate_url = URLValidator()


def absolute_url(url: str, site_url: str = "") -> str:
    """``url`` exactly as written when it is a full URL; else made full with ``site_url``.

    Returns '' when no full URL can be made (a ``URLBlock`` would refuse it).
    """
    url = (url or "").strip()
    for candidate in (url, urljoin(site_url, url) if site_url else ""):
        if not candidate:
            continue
        try:
            validate_url(candidate)
        except ValidationError:
            continue
        return candidate
    return ""


def heading_link(link, heading_text: str, site_url: str, warnings: list[str]) -> dict:
    """A heading block's ``link`` and ``link_text`` for the ``<a>`` in a heading: site
    paths and anchors as written (old addresses answer on the new site), full URLs
    exactly, other relative ones made full with ``site_url``; the words it is on ('' for
    the whole heading). Nothing when the address cannot be kept (reported)."""
    href = (link.get("href") or "").strip()
    if href.startswith(("/", "#")) and not href.startswith("//"):
        address = safe_url(href)
    elif href.startswith(("mailto:", "tel:")):
        address = safe_url(href)
    else:
        address = absolute_url(href, site_url)
    if not address:
        warnings.append(f"Heading link {href!r} is not an address a page can keep; left out.")
        return {}
    words = " ".join(link.get_text(" ").split())
    return {"link": address[:500], "link_text": "" if words == heading_text else words[:255]}


@dataclass(frozen=True)
class OldSiteLinks:
    """Where a post's site-relative links lead once the posts live on Folio.

    An old post's address stays as written: it answers 301 to the post's page (its
    redirect, ``jekyll.writing.old_addresses``). Any other address of the old site (a
    page, a file, the rest of the company's site under the same host) has no page on
    Folio: it is made full, to the old site, as a reader of the old blog followed it.
    """

    site_url: str
    post_paths: frozenset = frozenset()

    @classmethod
    def of(cls, site_url: str, post_paths) -> "OldSiteLinks":
        return cls(site_url, frozenset(normal_path(path) for path in post_paths))

    def href(self, href: str) -> str:
        if not self.site_url or not href.startswith("/") or href.startswith("//"):
            return href
        path = normal_path(href)
        # The blog's own legacy addresses (/blog/p/<slug>.html) it answers by slug, and
        # makes page links of once their post arrives (writing.page_links).
        if path in self.post_paths or LEGACY_POST_PATH.search(path):
            return href
        return urljoin(self.site_url, href)


def normal_path(href: str) -> str:
    """A path as addresses are compared: decoded, without query, fragment or end slash."""
    return unquote(urlsplit(href).path).rstrip("/") or "/"


RICH_TEXT_HREF = re.compile(r'(<a href=")([^"]*)(")')
LEGACY_POST_PATH = re.compile(r"(?:^|/)p/[^/]+\.html$")


def relink_blocks(blocks: list[dict], old_site: OldSiteLinks) -> list[dict]:
    """Raw body blocks with their links' addresses as :class:`OldSiteLinks` says: in rich
    text (as :class:`~jekyll.mapping.rich_text.RichTextWriter` writes links) and in
    headings."""

    def relink(html: str) -> str:
        return RICH_TEXT_HREF.sub(
            lambda m: m[1] + escape(old_site.href(unescape(m[2]))) + m[3], html
        )

    linked = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph" and isinstance(value, str):
            value = relink(value)
        elif block["type"] in ("notice", "call_to_action") and isinstance(value.get("text"), str):
            value = {**value, "text": relink(value["text"])}
        elif block["type"] == "heading" and value.get("link"):
            value = {**value, "link": old_site.href(value["link"])}
        linked.append({**block, "value": value})
    return linked


# One import's answer, kept for its posts (each asks with the same site index).
_old_site_links: dict[int, tuple[object, OldSiteLinks]] = {}


def old_site_links(index, baseurl: str, site_url: str) -> OldSiteLinks:
    """The :class:`OldSiteLinks` of a site whose posts ``index`` lists
    (``jekyll.reading.site_index``): their addresses and ``redirect_from``."""
    known = _old_site_links.get(id(index))
    if known is not None and known[0] is index and known[1].site_url == site_url:
        return known[1]
    paths = []
    for post in index.posts:
        if post.url:
            paths.append(baseurl + post.url)
        named = post.front_matter.get("redirect_from")
        for old in named if isinstance(named, list) else [named] if named else []:
            paths.append(baseurl + "/" + str(old).lstrip("/"))
    links = OldSiteLinks.of(site_url, paths)
    _old_site_links.clear()
    _old_site_links[id(index)] = (index, links)
    return links
