"""Redcarpet as Jekyll 3 ran it, with exactly the ``redcarpet.extensions`` a site lists.

Blocks are read as Redcarpet reads them (``redcarpet_blocks``); text inside them by
markdown-it with Redcarpet's inline rules:

- ``[text] (url)`` and ``[text]`` + newline + ``(url)`` are links (Redcarpet skips
  spaces and line breaks between the brackets and the parentheses), and so is
  ``[text](a URL with spaces)``;
- emphasis found as Redcarpet finds it (``redcarpet_emphasis``); with
  ``no_intra_emphasis`` never inside a word;
- ``superscript``: ``2^10`` and ``^(two words)``;
- ``autolink``: bare ``https://…``, ``www.…`` and e-mail addresses;
- ``strikethrough`` (``~~gone~~``), ``footnotes``, ``tables``, ``fenced_code_blocks``
  (Jekyll 3 turned fences on unless ``no_fenced_code_blocks`` is listed);
- render options Jekyll passed along with the extensions: ``hard_wrap``,
  ``escape_html``, ``filter_html``, ``with_toc_data`` (header ids).

- ``highlight`` (``==x==``) and ``underline`` (``_x_``).

Not read (their text shows as written): ``quote`` and ``smart`` (SmartyPants).
"""

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from .common import add_heading_ids, redcarpet_id, render_code_blocks, render_del
from .redcarpet_blocks import RedcarpetBlocks
from .redcarpet_emphasis import redcarpet_emphasis


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
    redcarpet_emphasis(md, extensions)
    md.inline.ruler.at("escape", escape)
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
    """Links as Redcarpet reads them, rewritten in CommonMark's syntax before markdown-it
    reads the text: ``[text] (url)`` and ``[text]`` + newline + ``(url)``, a URL with
    spaces in it (``[a](my page)``), and ``[text] [id]`` for a known id."""
    references = state.env.get("references", {})
    for token in state.tokens:
        if token.type == "inline" and "]" in token.content:
            token.content = redcarpet_links(token.content, references)


def redcarpet_links(text: str, references: dict) -> str:
    pieces, pos, ticks = [], 0, 0
    for match in re.finditer(r"`+|\\.|\][ \n]*(?=[(\[])", text):
        token = match[0]
        if token.startswith("`"):
            ticks = 0 if ticks == len(token) else (ticks or len(token))
            continue
        if ticks or token.startswith("\\") or match.start() < pos:
            continue
        if text.startswith("(", match.end()):
            target = inline_target(text, match.end())
            if target is None:
                continue
            destination, title, end = target
            written = f"<{destination}>" if " " in destination else destination
            if title is not None:
                written += ' "' + title.replace('"', '\\"') + '"'
            pieces += [text[pos : match.start()], f"]({written})"]
            pos = end
            continue
        close = text.find("]", match.end())
        label = text[match.end() + 1 : close] if close > 0 else ""
        own = text[: match.start()].rsplit("[", 1)[-1]
        if close > 0 and normalizeReference(label or own) in references:
            pieces += [text[pos : match.start()], "]"]
            pos = match.end()
    return "".join(pieces) + text[pos:]


def inline_target(text: str, start: int) -> tuple[str, str | None, int] | None:
    """The destination and title of an inline link whose ``(`` is at ``start``, read as
    Redcarpet's ``char_link`` reads them, and where the link ends; None if unclosed."""
    i = start + 1
    while i < len(text) and text[i] in " \n":
        i += 1
    begin, depth = i, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "(":
            depth, i = depth + 1, i + 1
        elif text[i] == ")":
            if depth == 0:
                break
            depth, i = depth - 1, i + 1
        elif text[i] in "'\"" and text[i - 1] in " \n":
            break
        else:
            i += 1
    if i >= len(text):
        return None
    end, title = i, None
    if text[i] in "'\"":
        quote, i, in_title = text[i], i + 1, True
        title_start = i
        while i < len(text):
            if text[i] == "\\":
                i += 2
            elif text[i] == quote:
                in_title, i = False, i + 1
            elif text[i] == ")" and not in_title:
                break
            else:
                i += 1
        if i >= len(text):
            return None
        closing = text[title_start:i].rstrip(" \n")
        if closing.endswith(("'", '"')):
            title = closing[:-1]
        else:
            end = i
    destination = text[begin:end].strip(" \n")
    destination = destination.removeprefix("<").removesuffix(">")
    return destination.replace("<", "%3C").replace(">", "%3E"), title, i + 1


# What a backslash escapes in Redcarpet (char_escape); before anything else, a line end
# included, the backslash stays.
ESCAPED = set("\\`*_{}[]()#+-.!:|&<>^~=")


def escape(state, silent) -> bool:
    if state.src[state.pos] != "\\":
        return False
    following = state.src[state.pos + 1 : state.pos + 2]
    if following not in ESCAPED or not following:
        return False
    if not silent:
        token = state.push("text_special", "", 0)
        token.content, token.markup, token.info = following, "\\" + following, "escape"
    state.pos += 2
    return True


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
    token = Token("html_block", "", 0)
    token.content = '<div class="footnotes">\n<hr>\n<ol>\n' + "".join(items) + "</ol>\n</div>\n"
    state.tokens.append(token)
