"""Pieces the Markdown engines share: header ids, code blocks, footnotes, ``<del>``.

Each engine (``kramdown``, ``redcarpet``, ``commonmark``) is markdown-it-py configured
and extended to read Markdown as that engine does; what only changes how its HTML looks
(ids, footnote markup) is here, written as the engine writes it, so that the HTML Folio
maps is the HTML Jekyll would have produced.
"""

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

# A heading's text as an engine makes an id of it: what its inline children show.
TEXT_TOKENS = {"text", "code_inline", "text_special"}


def heading_text(inline: Token) -> str:
    return "".join(child.content for child in inline.children or () if child.type in TEXT_TOKENS)


def gfm_id(text: str) -> str:
    """kramdown's GFM-style id (``kramdown-parser-gfm``): lower case, word characters,
    spaces and hyphens kept, spaces made hyphens."""
    return re.sub(r"[^\w\- \t]", "", text.lower()).replace(" ", "-").replace("\t", "-")


def kramdown_id(text: str) -> str:
    """kramdown's own ``auto_ids``: from the first letter, ASCII letters, digits, spaces
    and hyphens, spaces made hyphens, lower case; "section" when nothing is left."""
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower()
    return text or "section"


REDCARPET_STRIPPED = set(" -&+$,/:;=?@\"#{}|^~[]`\\*()%.!'")


def redcarpet_id(text: str) -> str:
    """Redcarpet's ``with_toc_data`` anchor: ASCII letters and digits in lower case, a
    hyphen for each run of anything else (none at either end)."""
    pieces, stripped, inserted = [], False, 0
    for char in text:
        if not char.isascii() or char in REDCARPET_STRIPPED:
            if inserted and not stripped:
                pieces.append("-")
            stripped = True
        else:
            pieces.append(char.lower())
            stripped, inserted = False, inserted + 1
    if stripped and inserted:
        pieces.pop()
    return "".join(pieces)


def add_heading_ids(md: MarkdownIt, make_id, *, numbered_repeats: bool = True):
    """Give each heading without an id one made by ``make_id``; a repeated id gets
    ``-1``, ``-2``… as the engines number them."""

    def rule(state):
        used: dict[str, int] = {}
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type != "heading_open" or token.attrGet("id"):
                continue
            base = make_id(heading_text(tokens[index + 1]))
            if not base:
                continue
            count = used.get(base, -1) + 1
            used[base] = count
            token.attrSet("id", f"{base}-{count}" if count and numbered_repeats else base)

    md.core.ruler.push("heading_ids", rule)


def code_html(code: str, language: str, *, line_numbers: bool = False) -> str:
    """A code block as Folio's mapping reads it, whatever engine or tag made it."""
    language = (language or "").split()[0] if (language or "").split() else ""
    attribute = f' class="language-{escape(language)}"' if language else ""
    numbered = ' data-linenos="1"' if line_numbers else ""
    return f"<pre{numbered}><code{attribute}>{escape(code, quote=False)}</code></pre>\n"


def render_code_blocks(md: MarkdownIt):
    """Fenced and indented code as :func:`code_html` writes it (engines wrap it in
    Rouge's markup; what it holds is the same)."""

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        return code_html(token.content, token.info.strip())

    def code_block(self, tokens, idx, options, env):
        # An indented block has no language, unless an attribute list gave it one.
        return code_html(tokens[idx].content, tokens[idx].info.strip())

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", code_block)


def render_del(md: MarkdownIt):
    """Strikethrough as ``<del>``, as kramdown, Redcarpet and cmark-gfm write it."""

    def open_(self, tokens, idx, options, env):
        return "<del>"

    def close(self, tokens, idx, options, env):
        return "</del>"

    md.add_render_rule("s_open", open_)
    md.add_render_rule("s_close", close)


def footnote_number(token: Token) -> str:
    return str(token.meta["id"] + 1)


def kramdown_footnotes(md: MarkdownIt):
    """Footnotes as kramdown writes them: a superscript number, and a ``div.footnotes``
    list whose items end with a ↩ link back."""

    def ref(self, tokens, idx, options, env):
        token = tokens[idx]
        name = escape(token.meta.get("label") or footnote_number(token))
        number = footnote_number(token)
        return (
            f'<sup id="fnref:{name}" role="doc-noteref"><a href="#fn:{name}" '
            f'class="footnote" rel="footnote">{number}</a></sup>'
        )

    def block_open(self, tokens, idx, options, env):
        return '<div class="footnotes" role="doc-endnotes">\n<ol>\n'

    def block_close(self, tokens, idx, options, env):
        return "</ol>\n</div>\n"

    def item_open(self, tokens, idx, options, env):
        return f'<li id="fn:{escape(tokens[idx].meta.get("label") or "")}" role="doc-endnote">'

    def anchor(self, tokens, idx, options, env):
        name = escape(tokens[idx].meta.get("label") or "")
        return f' <a href="#fnref:{name}" class="reversefootnote" role="doc-backlink">\u21a9</a>'

    _set_footnote_rules(md, ref, block_open, block_close, item_open, anchor)


def cmark_footnotes(md: MarkdownIt):
    """Footnotes as cmark-gfm writes them: ``sup.footnote-ref`` numbers and a
    ``section.footnotes`` list ending each item with a ↩ link."""

    def ref(self, tokens, idx, options, env):
        number = footnote_number(tokens[idx])
        return (
            f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{number}">{number}</a></sup>'
        )

    def block_open(self, tokens, idx, options, env):
        return '<section class="footnotes">\n<ol>\n'

    def block_close(self, tokens, idx, options, env):
        return "</ol>\n</section>\n"

    def item_open(self, tokens, idx, options, env):
        return f'<li id="fn{footnote_number(tokens[idx])}">'

    def anchor(self, tokens, idx, options, env):
        number = footnote_number(tokens[idx])
        return f' <a href="#fnref{number}" class="footnote-backref">\u21a9</a>'

    _set_footnote_rules(md, ref, block_open, block_close, item_open, anchor)


def _set_footnote_rules(md, ref, block_open, block_close, item_open, anchor):
    md.add_render_rule("footnote_ref", ref)
    md.add_render_rule("footnote_block_open", block_open)
    md.add_render_rule("footnote_block_close", block_close)
    md.add_render_rule("footnote_open", item_open)
    md.add_render_rule("footnote_anchor", anchor)
