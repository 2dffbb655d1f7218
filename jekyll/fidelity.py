"""How faithfully a post survived the import: the fidelity figure.

The figure compares what a reader saw on the old blog with what a reader sees now: the
visible words of the source post as its Markdown renders, against the visible words of
the imported page's body as the site renders it for a guest (the old blog's readers were
guests, and guests see the guests-only banners). It is a word-level similarity between
0 and 1 (1: the same words in the same order), so lost or duplicated text lowers it;
markup alone does not. Measuring takes work linear in the words (``word_matching``).
"""

import copy
from functools import lru_cache
from html.parser import HTMLParser

from django.template import engines

from .preparing import DatabaseRefused, no_database
from .word_matching import WordMatcher, similarity

__all__ = ["WordMatcher", "page_fidelity", "prepared_fidelity", "similarity", "visible_words"]

# Elements whose content a reader never sees as text.
INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "title"}
# Elements that separate words; inline ones (a highlighted code token, a link) do not.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip

BODY_TEMPLATE = (
    "{% load wagtailcore_tags %}{% for block in blocks %}{% include_block block %}{% endfor %}"
)


class _VisibleText(HTMLParser):
    """Collects the text a reader sees, reading the HTML once without building a tree.

    Comments, doctypes and processing instructions are not text (the parser's own
    callbacks for them are left as no-ops); character references arrive decoded.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden: list[str] = []  # the invisible elements open around the parser

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE_TAGS:
            self.hidden.append(tag)
        elif tag in BLOCK_TAGS:
            self.pieces.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.pieces.append(" ")

    def handle_endtag(self, tag):
        if tag in self.hidden:
            # An end tag closes its element and whatever is still open inside it.
            del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
        elif tag in BLOCK_TAGS:
            self.pieces.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(data)


def visible_words(html: str) -> list[str]:
    """The words a reader sees in ``html``, in reading order."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces).split()


@lru_cache(maxsize=1)
def body_template():
    return engines["django"].from_string(BODY_TEMPLATE)


def rendered_body(page, audience: str = "guest") -> str:
    """The page body's HTML as the site renders it for ``audience``."""
    return body_template().render({"blocks": page.body_blocks_for(audience), "page": page})


def without_library_images(page):
    """A copy of ``page`` whose body blocks show no library image.

    A picture holds no visible words (alt text is an attribute), so the figure is the
    same without them; rendering them would make every size of every image, work the
    site does anyway the first time a reader needs one.
    """
    measured = copy.copy(page)
    measured.body = [without_files(block) for block in page.body.raw_data]
    return measured


# Fields holding a library file (an image, a video poster, a video document): a reader
# sees no words in them, and files found on disk are not in the library while preparing.
FILE_FIELDS = ("image", "poster", "file")


def without_files(block: dict) -> dict:
    value = block.get("value")
    if not isinstance(value, dict) or not any(value.get(name) for name in FILE_FIELDS):
        return block
    return {**block, "value": {**value, **{name: None for name in FILE_FIELDS if name in value}}}


def page_fidelity(source_words: list[str], page) -> float:
    """The fidelity figure of ``page`` imported from a post whose rendered Markdown shows
    ``source_words`` (:func:`visible_words`)."""
    page_html = rendered_body(without_library_images(page))
    return round(similarity(source_words, visible_words(page_html)), 4)


def warm_up_for_preparing():
    """Look up, in this process, what measuring a prepared post would otherwise query
    (a page's content type): worker processes forked after it inherit the answer."""
    from django.contrib.contenttypes.models import ContentType

    from blog.models import BlogPage

    ContentType.objects.get_for_model(BlogPage)


def prepared_fidelity(source_words: list[str], blocks: list[dict], problems) -> float | None:
    """The figure of the page a prepared post will become, measured while preparing.

    ``blocks`` are the prepared raw blocks and ``problems`` their check results
    (:func:`~jekyll.mapping.block_checks.block_problems`): the page's body is the blocks
    without a problem. It renders as the page will, with two differences that show no
    words: its library images are left out (as :func:`page_fidelity` does) and links to
    old-blog posts are still URLs rather than page links (the link text is the same).
    The writer uses this figure only when it kept exactly these blocks and images.

    It runs in the preparing worker, which must not use the database: ``None`` (the
    writer measures the page itself) if rendering would need a query
    (:func:`warm_up_for_preparing` first).
    """
    from blog.models import BlogPage

    kept = [
        without_files(block)
        for block, problem in zip(blocks, problems, strict=True)
        if problem is None
    ]
    try:
        with no_database():
            page_html = rendered_body(BlogPage(body=kept))
    except DatabaseRefused:
        return None
    return round(similarity(source_words, visible_words(page_html)), 4)
