"""How faithfully a post survived the import: the fidelity figure.

The figure compares what a reader saw on the old blog with what a reader sees now: the
visible words of the source post as its Markdown renders, against the visible words of
the imported page's body as the site renders it for a guest (the old blog's readers were
guests, and guests see the guests-only banners). It is a word-level similarity between
0 and 1 (1: the same words in the same order), so lost or duplicated text lowers it;
markup alone does not.
"""

from difflib import SequenceMatcher

from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, ProcessingInstruction
from django.template import engines

# Elements whose content a reader never sees as text.
INVISIBLE_TAGS = ["script", "style", "noscript", "template", "head", "title"]
# Elements that separate words; inline ones (a highlighted code token, a link) do not.
BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]  # fmt: skip

BODY_TEMPLATE = (
    "{% load wagtailcore_tags %}{% for block in blocks %}{% include_block block %}{% endfor %}"
)


def visible_words(html: str) -> list[str]:
    """The words a reader sees in ``html``, in reading order."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.find_all(INVISIBLE_TAGS):
        hidden.decompose()
    for node in soup.find_all(string=lambda text: isinstance(text, Comment | Doctype)):
        node.extract()
    for node in soup.find_all(string=lambda text: isinstance(text, ProcessingInstruction)):
        node.extract()
    for element in soup.find_all(BLOCK_TAGS):
        element.insert_before(" ")
        element.append(" ")
    return soup.get_text().split()


def similarity(source_words: list[str], page_words: list[str]) -> float:
    """Word-level similarity of two texts (1.0 when both are empty)."""
    if not source_words and not page_words:
        return 1.0
    matcher = SequenceMatcher(None, source_words, page_words, autojunk=False)
    return matcher.ratio()


def rendered_body(page, audience: str = "guest") -> str:
    """The page body's HTML as the site renders it for ``audience``."""
    template = engines["django"].from_string(BODY_TEMPLATE)
    return template.render({"blocks": page.body_blocks_for(audience), "page": page})


def page_fidelity(source_html: str, page) -> float:
    """The fidelity figure of ``page`` imported from ``source_html`` (the rendered post)."""
    return round(similarity(visible_words(source_html), visible_words(rendered_body(page))), 4)
