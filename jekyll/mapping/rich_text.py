"""Turn rendered HTML into valid Wagtail rich text (the editor's database format).

Wagtail's rich text is a small dialect: ``<p>``, ``<ul>/<ol>/<li>``, ``<hr/>``,
``<blockquote>``, and inside text only ``<b>``, ``<i>``, ``<s>``, ``<code>``,
``<sup>``, ``<sub>``, ``<br/>`` and ``<a href>``. Anything else must go, or the editor
would show (and later drop) what readers see. ``<strong>``/``<em>`` become ``<b>``/``<i>``,
unknown inline tags are unwrapped, dangerous ones removed and counted in ``removed``.
"""

import re
from collections import Counter
from html import escape
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

INLINE_TAGS = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "s": "s", "del": "s", "strike": "s",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code", "sup": "sup", "sub": "sub",
}  # fmt: skip
FEATURE_OF_TAG = {
    "b": "bold", "i": "italic", "s": "strikethrough", "code": "code", "sup": "superscript",
    "sub": "subscript", "a": "link", "ul": "ul", "ol": "ol", "hr": "hr",
    "blockquote": "blockquote",
}  # fmt: skip
# Elements whose content is not text a reader should see in a paragraph.
REMOVED_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "input",
    "button", "select", "textarea", "option", "svg", "video", "audio", "source", "canvas",
    "link", "meta", "head", "title",
}  # fmt: skip
SAFE_LINK_SCHEMES = {"", "http", "https", "mailto", "tel"}
SOURCE_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
# Two runs of one style side by side ("<i>a</i><i>b</i>", as Redcarpet writes for
# "***a ***b") are one run to readers, and Wagtail's editor saves them as one: so are we.
ADJACENT_RUNS = re.compile(r"</(b|i|s|code|sup|sub)><\1>")
# Attributes worth telling an editor about when they are dropped.
REPORTED_ATTRIBUTES = {"style"}


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


class RichTextWriter:
    """Writes Wagtail rich text for a set of editor ``features`` (as in ``RichTextBlock``)."""

    def __init__(self, features, removed: Counter | None = None):
        self.features = set(features)
        self.removed = removed if removed is not None else Counter()

    def allows(self, tag: str) -> bool:
        return FEATURE_OF_TAG.get(tag) in self.features

    # --- blocks ---------------------------------------------------------------------

    def paragraph(self, nodes) -> str:
        """A ``<p>`` of the inline content of ``nodes`` ('' when it has no text)."""
        inline = strip_breaks(self.inline(nodes))
        return f"<p>{inline}</p>" if inline else ""

    def paragraphs_of(self, element: Tag) -> str:
        """Paragraphs for a block element that may hold several (``<p>``, ``<div>``, …)."""
        parts, run = [], []
        for child in element.children:
            if isinstance(child, Tag) and child.name in ("p", "div", "ul", "ol", "blockquote"):
                parts.append(self.paragraph(run))
                run = []
                parts.append(self.block(child))
            else:
                run.append(child)
        parts.append(self.paragraph(run))
        return "".join(parts)

    def block(self, element: Tag) -> str:
        """Rich text for one block-level element of a paragraph block."""
        if element.name in ("ul", "ol"):
            return self.list(element)
        if element.name == "hr":
            return "<hr/>" if self.allows("hr") else ""
        if element.name == "blockquote":
            return self.blockquote(element)
        if element.name in ("p", "div"):
            if element.find(["p", "div", "ul", "ol", "blockquote"]):
                return self.paragraphs_of(element)
            return self.paragraph(element.children)
        return self.paragraph([element])

    def list(self, element: Tag) -> str:
        """A list, nested lists kept; item paragraphs joined by line breaks."""
        items = []
        for item in element.find_all("li", recursive=False):
            text, nested, run = [], [], []
            for child in item.children:
                if isinstance(child, Tag) and child.name in (
                    "ul",
                    "ol",
                    "p",
                    "div",
                    "blockquote",
                    "pre",
                ):
                    # Inline content next to a block is one line of the item, not one per node.
                    text.append(self.inline(run))
                    run = []
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    nested.append(self.list(child))
                elif isinstance(child, Tag) and child.name in ("p", "div", "blockquote", "pre"):
                    text.append(strip_breaks(self.inline(child.children)))
                else:
                    run.append(child)
            text.append(self.inline(run))
            body = "<br/>".join(strip_breaks(part) for part in text if strip_breaks(part))
            items.append((body, "".join(nested)))
        if not self.allows(element.name):
            # Without list features (e.g. a notice), each item becomes a paragraph.
            return "".join(f"<p>{body}</p>" for body, _ in items if body)
        rendered = "".join(f"<li>{body}{nested}</li>" for body, nested in items if body or nested)
        if not rendered:
            return ""
        # A numbered list that goes on from an earlier one (cut at a picture: splitting).
        start = element.get("start", "") if element.name == "ol" else ""
        opening = f'<ol start="{int(start)}">' if start.isdigit() and int(start) > 1 else ""
        return f"{opening or f'<{element.name}>'}{rendered}</{element.name}>"

    def blockquote(self, element: Tag) -> str:
        """One quote, its paragraphs apart by a blank line: a Draftail quote is one block
        of text, which keeps line breaks (one quote per paragraph would split it)."""
        if not self.allows("blockquote"):
            return self.paragraphs_of(element)
        paragraphs = [strip_breaks(self.inline(part)) for part in split_paragraphs(element)]
        inline = "<br/><br/>".join(paragraph for paragraph in paragraphs if paragraph)
        return f"<blockquote>{inline}</blockquote>" if inline else ""

    # --- inline ---------------------------------------------------------------------

    def inline(self, nodes) -> str:
        return ADJACENT_RUNS.sub("", "".join(self.inline_node(node) for node in nodes))

    def inline_node(self, node) -> str:
        if isinstance(node, Comment | Doctype | ProcessingInstruction):
            return ""
        if isinstance(node, NavigableString):
            # A line break in the source is a space to readers (and to Wagtail's editor).
            return escape(SOURCE_LINE_BREAK.sub(" ", str(node)), quote=False)
        if not isinstance(node, Tag):
            return ""
        self.note_dropped_attributes(node)
        name = node.name
        if name in REMOVED_TAGS:
            self.removed[f"<{name}>"] += 1
            return ""
        if name == "img":
            # Images become image blocks; callers take them out before this point.
            return ""
        if name == "br":
            return "<br/>"
        inner = self.inline(node.children)
        if name == "a":
            return self.link(node, inner)
        if name in INLINE_TAGS:
            tag = INLINE_TAGS[name]
            if self.allows(tag) and inner.strip():
                return f"<{tag}>{inner}</{tag}>"
            return inner
        if name in ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            # Block content squeezed into a line: keep the words apart.
            return f"{inner}<br/>" if inner.strip() else ""
        return inner

    def link(self, node: Tag, inner: str) -> str:
        href = (node.get("href") or "").strip()
        if not href or not self.allows("a"):
            return inner
        if urlsplit(href).scheme.lower() not in SAFE_LINK_SCHEMES:
            self.removed[f"{urlsplit(href).scheme}: link"] += 1
            return inner
        if not inner.strip():
            return inner
        return f'<a href="{escape(href)}">{inner}</a>'

    def note_dropped_attributes(self, node: Tag):
        for attribute in node.attrs:
            if attribute.lower().startswith("on") or attribute.lower() in REPORTED_ATTRIBUTES:
                self.removed[f"{attribute.lower()}= attribute"] += 1


def split_paragraphs(element: Tag) -> list[list]:
    """The children of ``element`` grouped into paragraphs (``<p>`` or runs of inline nodes)."""
    groups, run = [], []
    for child in element.children:
        if isinstance(child, Tag) and child.name in ("p", "div", "blockquote", "ul", "ol", "pre"):
            if run:
                groups.append(run)
                run = []
            if child.name in ("p", "pre"):
                groups.append(list(child.children))
            else:
                groups.extend(split_paragraphs(child))
        else:
            run.append(child)
    if run:
        groups.append(run)
    return groups


def strip_breaks(html: str) -> str:
    """``html`` without surrounding whitespace and line breaks."""
    html = html.strip()
    while html.startswith("<br/>"):
        html = html[len("<br/>") :].lstrip()
    while html.endswith("<br/>"):
        html = html[: -len("<br/>")].rstrip()
    return html


# Elements that end a line in a teaser written as HTML.
TEASER_LINE_ENDS = {"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"}


def teaser_text(value: str) -> str:
    """A teaser (``index-intro``, ``excerpt``…) as the text a reader saw: Jekyll's layouts
    print it as HTML, so ``<br/>`` is a line break, tags are markup and ``&amp;`` is "&".
    Folio's teasers are text (cards, feeds and the API show them as such), with line
    breaks kept."""
    if "<" not in value and "&" not in value:
        return value
    lines, line = [], []
    for node in soup_of(value).descendants:
        if isinstance(node, Tag) and node.name in TEASER_LINE_ENDS:
            lines.append("".join(line))
            line = []
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            line.append(str(node))
    lines.append("".join(line))
    return "\n".join(" ".join(text.split()) for text in lines if text.strip())
