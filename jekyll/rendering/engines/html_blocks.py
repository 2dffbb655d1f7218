"""HTML blocks as kramdown reads them.

CommonMark ends most HTML blocks at the first blank line and lets a tag line swallow the
Markdown under it; kramdown reads an HTML block element to its matching end tag (blank
lines and all) and goes on with Markdown on the next line. So a post written for Jekyll::

    <p class="notice">A notice.</p>
    **Bold right after it**

shows bold text under the notice, and a ``<div>`` with blank lines inside stays one
block. Its content is raw HTML unless the element says ``markdown="1"`` (kramdown's
``parse_block_html`` option turns that on for every element).
"""

import re

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

# kramdown's lists (parser/html.rb): span elements never start an HTML block; these
# elements have block content, parsed as Markdown when asked to; these have no body.
SPAN_ELEMENTS = set(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label "
    "mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
BLOCK_CONTENT = set(
    "address applet article aside blockquote body dd details div dl fieldset figure "
    "figcaption footer form header hgroup iframe li main map menu nav noscript object "
    "section summary td".split()
)
SPAN_CONTENT = set(
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins "
    "label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th "
    "tt".split()
)
VOID_ELEMENTS = set(
    "area base br col command embed hr img input keygen link meta param source track wbr".split()
)
OPENING_TAG = re.compile(
    r"<(?P<name>[A-Za-z][\w:.-]*)(?P<attributes>(?:\s+[^\s=>/]+(?:\s*=\s*"
    r"(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(?P<closed>/?)>",
    re.DOTALL,
)
MARKDOWN_ATTRIBUTE = re.compile(
    r"""\s+markdown\s*=\s*(?P<quote>["']?)(?P<value>[^"'\s>]*)(?P=quote)""", re.IGNORECASE
)


def kramdown_html_block(parse_block_html: bool = False):
    """The block rule; ``parse_block_html`` is kramdown's option of that name."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        begin = state.bMarks[start] + state.tShift[start]
        limit = state.eMarks[end - 1] if end > start else state.eMarks[start]
        src = state.src
        if not src.startswith("<", begin):
            return False
        if src.startswith("<!--", begin):
            close = src.find("-->", begin, limit)
            if close < 0:
                return False
            return emit_raw(state, start, end, silent, begin, close + 3)
        opening = OPENING_TAG.match(src, begin)
        if opening is None or opening["name"].lower() in SPAN_ELEMENTS:
            return False
        if silent:
            return True
        name = opening["name"].lower()
        if opening["closed"] or name in VOID_ELEMENTS:
            return emit_raw(state, start, end, silent, begin, opening.end())
        close = matching_end(src, name, opening.end(), limit)
        model = content_model(name, opening["attributes"], parse_block_html)
        if model == "raw" or close is None:
            return emit_raw(state, start, end, silent, begin, close[1] if close else limit, opening)
        return emit_parsed(state, start, end, model, opening, close)

    return rule


def content_model(name: str, attributes: str, parse_block_html: bool) -> str:
    """ "block", "span" or "raw": how kramdown reads the element's content."""
    natural = "block" if name in BLOCK_CONTENT else "span" if name in SPAN_CONTENT else "raw"
    model = natural if parse_block_html else "raw"
    asked = MARKDOWN_ATTRIBUTE.search(attributes or "")
    if asked:
        value = asked["value"]
        model = {"0": "raw", "1": natural, "block": "block", "span": "span"}.get(value, model)
    return model


def matching_end(src: str, name: str, pos: int, limit: int) -> tuple[int, int] | None:
    """Where the end tag matching an element opened before ``pos`` starts and ends."""
    tags = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(src, pos, limit):
        if tag[1]:
            depth -= 1
        elif not tag[2]:
            depth += 1
        if depth == 0:
            return tag.start(), tag.end()
    return None


def line_after(state: StateBlock, start: int, end: int, pos: int) -> int:
    """The first line starting after ``pos`` (the block ends on the line holding it)."""
    line = start
    while line < end and state.bMarks[line] < pos:
        line += 1
    return line if state.bMarks[line - 1] < pos else line + 1


def without_markdown_attribute(tag: str) -> str:
    return MARKDOWN_ATTRIBUTE.sub("", tag, count=1)


def emit_raw(state, start, end, silent, begin, stop, opening=None) -> bool:
    if silent:
        return True
    next_line = line_after(state, start, end, stop)
    token = state.push("html_block", "", 0)
    token.map = [start, next_line]
    content = state.getLines(start, next_line, state.blkIndent, True)
    if opening is not None:
        content = content.replace(opening[0], without_markdown_attribute(opening[0]), 1)
    token.content = content
    state.line = next_line
    return True


def emit_parsed(state, start, end, model, opening, close) -> bool:
    """The element's tags as HTML, its content read as Markdown blocks or text."""
    src = state.src
    next_line = line_after(state, start, end, close[1])
    inner = src[opening.end() : close[0]]
    first = state.push("html_block", "", 0)
    first.content = without_markdown_attribute(opening[0]) + "\n"
    first.map = [start, next_line]
    if model == "block":
        tokens: list[Token] = []
        state.md.block.parse(inner.strip("\n") + "\n", state.md, state.env, tokens)
        state.tokens.extend(tokens)
    else:
        state.push("paragraph_open", "p", 1).hidden = True
        inline = state.push("inline", "", 0)
        inline.content = inner.strip()
        inline.children = []
        state.push("paragraph_close", "p", -1).hidden = True
    last = state.push("html_block", "", 0)
    last.content = src[close[0] : close[1]] + src[close[1] : state.eMarks[next_line - 1]] + "\n"
    state.line = next_line
    return True
