"""Map a post's rendered HTML to the body blocks of :mod:`blog.blocks`.

The result is the StreamField's raw form (``{"type": …, "value": …}`` dicts), except
that images are :class:`~jekyll.mapping.images.ImageSource` objects: the writer puts
them in the image library and replaces them with their ids. Nothing here touches the
database.

Consecutive ``<p>``, lists and rules become one paragraph block; headings (with their
link), images, quotes, code, tables, notices, the guests-only banner, YouTube/Vimeo
players and videos get their own block types; a picture or player inside text cuts the
text there, so it stays where it stood (``splitting``); other HTML is cleaned by
:func:`blog.sanitize.sanitize_html` into a raw-HTML block and what the cleaning removed
is reported.
"""

from collections import Counter
from dataclasses import dataclass, field

from bs4 import NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from blog.blocks import PARAGRAPH_FEATURES
from blog.sanitize import sanitize_html

from .block_values import (
    call_to_action_value,
    code_value,
    heading_value,
    notice_value,
    plain_text,
    quote_value,
    table_value,
)
from .cleaning import has_visible_content, removed_by_cleaning
from .images import ImageLocator, humanise_file_name
from .links import OldSiteLinks, absolute_url, heading_link, relink_blocks
from .media import embed_value, video_value
from .rich_text import RichTextWriter, soup_of
from .splitting import Embedded, split_at_embedded

INLINE_TAGS = {
    "a", "abbr", "b", "big", "br", "cite", "code", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
}  # fmt: skip
# Wrappers whose content is mapped as if it stood at the top level.
CONTAINER_TAGS = {
    "div", "center", "section", "article", "main", "header", "footer", "aside", "body",
    "html", "nav",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements with a block type (or a place in a paragraph block) of their own.
MAPPED_TAGS = {"p", "ul", "ol", "hr", "pre", "table", "blockquote", "figure"}
MEDIA_TAGS = {"iframe", "video", "audio"}
EMBEDDED_TAGS = ["img", *sorted(MEDIA_TAGS)]
# Elements whose start tag closes an open <p> in a browser (HTML's parsing rules).
BLOCKS_ENDING_A_PARAGRAPH = [
    "blockquote", "center", "div", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "ol", "p", "pre", "section", "table", "ul",
]  # fmt: skip
# Elements with nothing for a reader: left out (and reported). Other unknown elements
# (forms, iframes, videos, definition lists…) go through the sanitiser instead.
DROPPED_TAGS = {"script", "style", "noscript", "template", "link", "meta", "head", "title"}
# Third-party widgets quoted in the source: their script is removed, the quote kept as HTML.
EMBED_QUOTE_CLASSES = {"twitter-tweet", "instagram-media", "tiktok-embed"}


@dataclass
class BodyConversion:
    blocks: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def html_to_blocks(
    html: str, locator: ImageLocator, *, site_url: str = "", old_site: OldSiteLinks | None = None
) -> BodyConversion:
    """The body blocks for ``html``; images are looked up with ``locator``, and links to
    the old site's addresses that are not posts made full with ``old_site``."""
    return BlockMapper(locator, site_url=site_url, old_site=old_site).convert(html)


class BlockMapper:
    def __init__(
        self, locator: ImageLocator, *, site_url: str = "", old_site: OldSiteLinks | None = None
    ):
        self.locator = locator
        self.site_url = site_url
        self.old_site = old_site
        self._lookups = {}
        self.result = BodyConversion()
        self.removed = Counter()
        self.rich = RichTextWriter(PARAGRAPH_FEATURES, self.removed)
        self.pending_rich_text: list[str] = []
        self.inline_run: list = []

    @property
    def warnings(self) -> list[str]:
        return self.result.warnings

    def convert(self, html: str) -> BodyConversion:
        self.soup = soup_of(html)
        self.walk(list(self.soup.children))
        self.flush_paragraph()
        if self.old_site is not None:
            self.result.blocks = relink_blocks(self.result.blocks, self.old_site)
        if self.removed:
            removed = ", ".join(f"{name} ×{count}" for name, count in sorted(self.removed.items()))
            self.warnings.append(f"Removed from the HTML: {removed}.")
        return self.result

    # --- walking --------------------------------------------------------------------

    def walk(self, nodes):
        for node in nodes:
            if isinstance(node, Comment | Doctype | ProcessingInstruction):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip() or self.inline_run:
                    self.inline_run.append(node)
                continue
            if node.name in INLINE_TAGS:
                self.inline_run.append(node)
                continue
            self.end_inline_run()
            self.element(node)
        self.end_inline_run()

    def end_inline_run(self):
        """Top-level text and inline elements (e.g. in an unwrapped ``<div>``) form a paragraph."""
        if not self.inline_run:
            return
        paragraph = self.soup.new_tag("p")
        for node in self.inline_run:
            paragraph.append(node)
        self.inline_run = []
        self.rich_text_element(paragraph)

    def element(self, element: Tag):
        name, classes = element.name, set(element.get("class") or [])
        if name in DROPPED_TAGS:
            self.removed[f"<{name}>"] += 1
            return
        if self.needs_raw_html(element, classes):
            self.raw_html(element)
            return
        # Mapped to blocks, the element's own attributes (style, handlers) are lost.
        self.rich.note_dropped_attributes(element)
        if name in ("iframe", "video"):
            self.media(element)
        elif any(c == "notice" or c.startswith("notice--") for c in classes):
            self.notice(element, classes)
        elif "guest-only" in classes:
            self.call_to_action(element)
        elif name == "p" and element.find(BLOCKS_ENDING_A_PARAGRAPH):
            # A browser ends the paragraph there (Redcarpet leaves <center> inside one).
            self.walk(list(element.children))
        elif name in ("p", "ul", "ol"):
            self.rich_text_element(element)
        elif name == "hr":
            self.pending_rich_text.append("<hr/>")
        elif name in HEADING_TAGS:
            self.heading(element)
        elif name == "pre":
            self.add_block("code", code_value(element))
        elif name == "table":
            self.table(element)
        elif name == "blockquote":
            self.blockquote(element)
        elif name == "figure":
            self.figure(element)
        else:
            self.walk(list(element.children))

    def needs_raw_html(self, element: Tag, classes: set[str]) -> bool:
        """Whether no block type fits ``element``, so it is kept as cleaned HTML."""
        if element.name == "blockquote":
            return (
                bool(classes & EMBED_QUOTE_CLASSES)
                or element.find(["iframe", "script", "table", "pre"]) is not None
            )
        if "guest-only" in classes or any(c.startswith("notice") for c in classes):
            return False
        if element.name == "video" or (element.name == "iframe" and embed_value(element)):
            return False
        return element.name not in MAPPED_TAGS | HEADING_TAGS | CONTAINER_TAGS

    # --- blocks ---------------------------------------------------------------------

    def add_block(self, block_type: str, value):
        if value is None:
            return
        self.flush_paragraph()
        self.result.blocks.append({"type": block_type, "value": value})

    def flush_paragraph(self):
        html = "".join(self.pending_rich_text)
        self.pending_rich_text = []
        if html:
            self.result.blocks.append({"type": "paragraph", "value": html})

    def locate(self, reference: str):
        """The image ``reference`` names, looked up once per post (a file is hashed)."""
        if reference not in self._lookups:
            self._lookups[reference] = self.locator.locate(reference)
        return self._lookups[reference]

    def rich_text_element(self, element: Tag):
        """A paragraph, list or quote joins the pending paragraph block; a picture or
        player inside it becomes a block where it stands, the text cut around it."""
        for picture in element.find_all("img"):
            # A picture that is left out does not cut the text: nothing stands there.
            if self.locate(picture.get("src", "")).problem:
                self.image(picture)
                picture.decompose()
        # A heading in a list item is one too: the list goes on after it.
        headings = sorted(HEADING_TAGS) if element.name in ("ul", "ol") else []
        for part in split_at_embedded(element, also=headings):
            if isinstance(part, Embedded) and part.element.name in HEADING_TAGS:
                self.heading(part.element)
                continue
            if isinstance(part, Embedded):
                self.add_embedded(
                    [("img" if part.element.name == "img" else "media", part.element, part.link)]
                )
                continue
            html = self.rich.block(part)
            if html:
                self.pending_rich_text.append(html)

    def heading(self, element: Tag):
        embedded = self.take_embedded(element)
        value = heading_value(element)
        links = [a for a in element.find_all("a", href=True) if a["href"].strip()]
        if value is not None and links:
            if len(links) > 1:
                others = ", ".join(a["href"] for a in links[1:])
                self.warnings.append(f"A heading keeps one link; left out {others}.")
            value.update(heading_link(links[0], value["text"], self.site_url, self.warnings))
        self.add_block("heading", value)
        self.add_embedded(embedded)

    def notice(self, element: Tag, classes: set[str]):
        embedded = self.take_embedded(element)
        self.add_block("notice", notice_value(element, classes, self.removed))
        self.add_embedded(embedded)

    def call_to_action(self, element: Tag):
        link = element.find("a", href=True)
        url = absolute_url(link["href"], self.site_url) if link else ""
        if not url:
            self.warnings.append(
                "A guests-only block has no link to make a call to action of; "
                "its content is kept for everyone."
            )
            self.walk(list(element.children))
            return
        picture = element.find("img")
        lookup = self.locator.locate(picture.get("src", "")) if picture is not None else None
        if lookup is not None and lookup.source is None and not lookup.external_url:
            problem = lookup.problem or f"{lookup.reference} is not a file in the site folder"
            self.warnings.append(f"Call to action shown as a banner without its image: {problem}.")
        value = call_to_action_value(
            element,
            link=link,
            url=url,
            image=lookup.source if lookup else None,
            external_image_url=lookup.external_url if lookup and not lookup.source else "",
            removed=self.removed,
        )
        self.add_block("call_to_action", value)

    def table(self, element: Tag):
        value, lost = table_value(element)
        if lost:
            self.warnings.append(f"Table cells keep their text only; left out {lost}.")
        self.add_block("table", value)

    def blockquote(self, element: Tag):
        """A quote stays one quote: plain text as a quote block; with links, emphasis or
        pictures as one rich-text quote; quotes and lists inside it as cleaned HTML."""
        if element.find(["blockquote", "ul", "ol", *HEADING_TAGS]) and not element.find(
            EMBEDDED_TAGS
        ):
            self.raw_html(element)
        elif element.find(["a", "code", "b", "strong", "i", "em", "s", "del", *EMBEDDED_TAGS]):
            self.rich_text_element(element)
        else:
            self.add_block("quote", quote_value(element))

    def media(self, element: Tag):
        """A YouTube/Vimeo iframe becomes an embed block and a ``<video>`` a video block;
        other players stay cleaned HTML."""
        if element.name == "video":
            self.add_block("video", video_value(element, self.locator, self.warnings))
            return
        value = embed_value(element) if element.name == "iframe" else None
        if value is not None:
            self.add_block("embed", value)
        else:
            self.raw_html(element)

    def figure(self, element: Tag):
        caption = element.find("figcaption")
        caption_text = plain_text([caption]) if caption else ""
        if caption:
            caption.decompose()
        pictures = element.find_all("img")
        if not pictures:
            self.walk(list(element.children))
            return
        for picture in pictures:
            link = picture.find_parent("a")
            self.image(picture, link=link.get("href") if link else "", caption=caption_text)

    def image(self, picture: Tag, *, link: str = "", caption: str = ""):
        """An image block for ``<img>``; left out with a warning when the file is missing."""
        lookup = self.locate(picture.get("src", ""))
        if lookup.problem:
            self.warnings.append(f"Image left out: {lookup.problem}.")
            return
        self.rich.note_dropped_attributes(picture)
        if lookup.external_url:
            self.warnings.append(f"Image not in the library, shown from {lookup.external_url}.")
        alt = " ".join((picture.get("alt") or "").split())
        if not alt:
            alt = humanise_file_name(lookup.source.path.name if lookup.source else lookup.reference)
        link_url = absolute_url(link, self.site_url) if link else ""
        if link and not link_url:
            self.warnings.append(f"Image link {link!r} is not a full URL; the link was left out.")
        self.add_block(
            "image",
            {
                "image": lookup.source,
                "external_url": "" if lookup.source else lookup.external_url,
                "alt": alt[:255],
                "caption": caption[:500],
                "link": link_url,
            },
        )

    def raw_html(self, element: Tag):
        """Cleaned HTML for what no block fits; local media it points at must exist."""
        embedded = self.take_embedded(element, media=False)
        for media in element.find_all(["video", "audio", "source"], src=True):
            if not self.keep_media_source(media):
                media.decompose()
        players = [element] if element.name in ("video", "audio") else []
        for player in players + element.find_all(["video", "audio"]):
            if player.get("src") and not self.keep_media_source(player):
                del player["src"]
            if not player.get("src") and not player.find("source"):
                # Nothing left to play: an empty player would only confuse readers.
                if player is element:
                    self.add_embedded(embedded)
                    return
                player.decompose()
        original = str(element)
        cleaned = sanitize_html(original).strip()
        self.removed.update(removed_by_cleaning(original, cleaned))
        if has_visible_content(cleaned):
            self.add_block("raw_html", cleaned)
        else:
            self.warnings.append(
                f"Left out a <{element.name}> with nothing to show after cleaning."
            )
        self.add_embedded(embedded)

    def keep_media_source(self, media: Tag) -> bool:
        """Point a local video/audio source at the old site, or say it cannot be kept."""
        lookup = self.locator.locate(media["src"])
        if lookup.external_url:
            media["src"] = lookup.external_url
            return True
        self.warnings.append(
            f"Left out a <{media.name}>: media files are not imported ({media['src']})."
        )
        return False

    # --- images and media inside other elements -------------------------------------

    def take_embedded(self, element: Tag, *, media: bool = True) -> list[tuple]:
        """Remove images (and iframes/videos) from ``element``, to become blocks of their own."""
        names = ["img", *MEDIA_TAGS] if media else ["img"]
        taken = []
        for found in element.find_all(names):
            if found.name != "img":
                taken.append(("media", found.extract(), ""))
                continue
            link = found.find_parent("a")
            if link is not None and element in link.parents and not link.get_text(strip=True):
                link.extract()
                taken.append(("img", found, link.get("href", "")))
            else:
                taken.append(("img", found.extract(), ""))
        return taken

    def add_embedded(self, embedded: list[tuple]):
        for kind, element, link in embedded:
            if kind == "img":
                self.image(element, link=link)
            else:
                self.media(element)
