"""Redcarpet as Jekyll 3 ran it, with exactly the ``redcarpet.extensions`` a site lists.

Blocks are read as Redcarpet reads them (``redcarpet_blocks``); text inside them by
markdown-it with Redcarpet's inline rules:

- ``[text] (url)`` and ``[text]`` + newline + ``(url)`` are links (Redcarpet skips
  spaces and line breaks between the brackets and the parentheses);
- emphasis opens after a space and closes before one; with ``no_intra_emphasis`` it
  opens only after a space, ``>`` or ``(`` and never closes inside a word;
- ``superscript``: ``2^10`` and ``^(two words)``;
- ``autolink``: bare ``https://…``, ``www.…`` and e-mail addresses;
- ``strikethrough`` (``~~gone~~``), ``footnotes``, ``tables``, ``fenced_code_blocks``
  (Jekyll 3 turned fences on unless ``no_fenced_code_blocks`` is listed);
- render options Jekyll passed along with the extensions: ``hard_wrap``,
  ``escape_html``, ``filter_html``, ``with_toc_data`` (header ids).

Not read (their text shows as written): ``highlight`` (``==x==``), ``quote``,
``underline``, ``smart`` (SmartyPants).
"""

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline.state_inline import Delimiter

from .common import add_heading_ids, redcarpet_id, render_code_blocks, render_del
from .redcarpet_blocks import RedcarpetBlocks

SPACED_LINK = re.compile(r"\][ \n]+(?=[(\[])")


def redcarpet_parser(settings: dict) -> MarkdownIt:
    settings = settings if isinstance(settings, dict) else {}
    extensions = {str(name).strip() for name in settings.get("extensions") or ()}
    if "no_fenced_code_blocks" not in extensions:
        extensions.add("fenced_code_blocks")
    md = MarkdownIt(
        "commonmark",
        {"html": "escape_html" not in extensions, "breaks": "hard_wrap" in extensions},
    )
    blocks = RedcarpetBlocks(extensions)

    def block_rule(state):
        state.tokens.extend(blocks.tokens(state.src, state.env))

    md.core.ruler.at("block", block_rule)
    md.core.ruler.before("inline", "spaced_links", spaced_links)
    md.inline.ruler.at("emphasis", emphasis_rule("no_intra_emphasis" in extensions))
    if "strikethrough" in extensions:
        md.enable("strikethrough")
    if "superscript" in extensions:
        md.inline.ruler.before("emphasis", "superscript", superscript)
    if "autolink" in extensions:
        md.options["linkify"] = True
        md.enable("linkify")
    if "footnotes" in extensions:
        md.inline.ruler.before("link", "redcarpet_footnote", footnote_reference)
        md.core.ruler.push("redcarpet_footnotes", footnote_list)
    if "filter_html" in extensions:
        md.add_render_rule("html_block", lambda *args: "")
        md.add_render_rule("html_inline", lambda *args: "")
    if "with_toc_data" in extensions:
        add_heading_ids(md, redcarpet_id, numbered_repeats=False)
    render_code_blocks(md)
    render_del(md)
    return md


def spaced_links(state):
    """``[text] (url)`` and ``[text] [id]`` (a known id) read as ``[text](url)``."""
    references = state.env.get("references", {})
    for token in state.tokens:
        if token.type == "inline" and "]" in token.content:
            token.content = join_spaced_links(token.content, references)


def join_spaced_links(text: str, references: dict) -> str:
    pieces, pos, ticks = [], 0, 0
    for match in re.finditer(r"`+|\\.|\][ \n]+(?=[(\[])", text):
        token = match[0]
        if token.startswith("`"):
            ticks = 0 if ticks == len(token) else (ticks or len(token))
            continue
        if ticks or token.startswith("\\"):
            continue
        following = text[match.end() :]
        if following.startswith("["):
            close = following.find("]")
            label = following[1:close] if close > 0 else ""
            if normalizeReference(label or text[: match.start()].rsplit("[", 1)[-1]) not in (
                references
            ):
                continue
        pieces += [text[pos : match.start()], "]"]
        pos = match.end()
    return "".join(pieces) + text[pos:]


def emphasis_rule(no_intra_emphasis: bool):
    """``*``/``_`` delimiters with Redcarpet's rules for where they open and close."""

    def rule(state, silent):
        marker = state.src[state.pos]
        if silent or marker not in "*_":
            return False
        start = state.pos
        end = start
        while end < state.posMax and state.src[end] == marker:
            end += 1
        before = state.src[start - 1] if start > 0 else " "
        after = state.src[end] if end < state.posMax else " "
        can_open = after not in " \n"
        can_close = before not in " \n"
        if no_intra_emphasis:
            can_open = can_open and before in " \n>("
            can_close = can_close and not (after.isascii() and after.isalnum())
        for _ in range(end - start):
            token = state.push("text", "", 0)
            token.content = marker
            state.delimiters.append(
                Delimiter(ord(marker), end - start, len(state.tokens) - 1, -1, can_open, can_close)
            )
        state.pos = end
        return True

    return rule


def superscript(state, silent) -> bool:
    """``^word`` (up to the next space) and ``^(words)`` as ``<sup>``."""
    src, start = state.src, state.pos
    if src[start] != "^" or start + 1 >= state.posMax:
        return False
    if src[start + 1] == "(":
        close = src.find(")", start + 2, state.posMax)
        if close < 0:
            return False
        inner_start, inner_end, after = start + 2, close, close + 1
    else:
        inner_start = inner_end = start + 1
        while inner_end < state.posMax and src[inner_end] not in " \n":
            inner_end += 1
        after = inner_end
    if inner_end == inner_start:
        return False
    if not silent:
        # Read apart: markdown-it's text rule may run past a ``posMax`` that is not
        # at a character it stops at (a space is not one).
        inner = state.md.inline.parse(src[inner_start:inner_end], state.md, state.env, [])
        state.push("sup_open", "sup", 1)
        state.tokens.extend(inner)
        state.push("sup_close", "sup", -1)
    state.pos = after
    return True


def footnote_reference(state, silent) -> bool:
    """``[^id]`` for a defined footnote: its number, counted in order of first use."""
    match = re.match(r"\[\^([^\]\n]+)\]", state.src[state.pos : state.posMax])
    footnotes = state.env.get("redcarpet_footnotes", {})
    if not match or match[1] not in footnotes:
        return False
    if not silent:
        used = state.env.setdefault("redcarpet_footnotes_used", [])
        if match[1] not in used:
            used.append(match[1])
        number = used.index(match[1]) + 1
        token = state.push("html_inline", "", 0)
        token.content = f'<sup id="fnref{number}"><a href="#fn{number}">{number}</a></sup>'
    state.pos += len(match[0])
    return True


def footnote_list(state):
    """The footnotes used, numbered, each ending with a ↩ link back (Redcarpet's markup)."""
    used = state.env.get("redcarpet_footnotes_used", [])
    if not used:
        return
    footnotes = state.env["redcarpet_footnotes"]
    items = []
    for number, name in enumerate(used, start=1):
        html = state.md.render(footnotes[name], {"references": state.env.get("references", {})})
        back = f'&nbsp;<a href="#fnref{number}">&#8617;</a>'
        html = html[:-5] + back + "</p>\n" if html.endswith("</p>\n") else html + back
        items.append(f'<li id="fn{number}">\n{html}</li>\n')
    token = state.Token("html_block", "", 0)
    token.content = '<div class="footnotes">\n<hr>\n<ol>\n' + "".join(items) + "</ol>\n</div>\n"
    state.tokens.append(token)
