"""Typographic quotes and dashes, written as kramdown and cmark-gfm write them.

markdown-it's own ``typographer`` is close to neither: it also makes ``(c)`` a ©, and it
pairs quotes where kramdown decides each quote from the characters around it. These
rules are kramdown's (``parser/kramdown/smart_quotes.rb`` and ``typographic_symbol.rb``)
and cmark's (``--`` en dash, ``---`` em dash, ``...`` ellipsis, quotes paired).
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import smartquotes

# kramdown's rules, tried in order where a quote (and the character before it) starts.
# Ruby's \w, \s and \b are ASCII-only: re.ASCII. A number names the group written out
# as it is; a name ending in a number is a quote of the kind that group holds.
SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"
QUOTE_RULES = [
    (r"""(["'])(?=[_*]{1,2}\S)""", ["lquote1"]),
    (rf"""(["'])(?={SQ_PUNCT}(?!\.\.)\B)""", ["rquote1"]),
    (r"""(\s?)"'(?=\w)""", [1, "ldquo", "lsquo"]),
    (r"""(\s?)'"(?=\w)""", [1, "lsquo", "ldquo"]),
    (r"""(\s?)'(?=\d\ds)""", [1, "rsquo"]),
    (r"""(\s)(["'])(?=\w)""", [1, "lquote2"]),
    (rf"""({SQ_CLOSE})(["'])""", [1, "rquote2"]),
    (r"""(["'])(?=\s|s\b|$)""", ["rquote1"]),
    (r"""(.?)'""", [1, "lsquo"]),
    (r"""(.?)\"""", [1, "ldquo"]),
]
QUOTE_RULES = [
    (re.compile(pattern, re.ASCII | re.MULTILINE | re.DOTALL), steps)
    for pattern, steps in QUOTE_RULES
]
QUOTE_START = re.compile(r"""[^\\]?["']""")
SYMBOLS = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}
SYMBOL = re.compile(r"---|--|\.\.\.")
KRAMDOWN_ENTITIES = {"lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d"}
PLAIN_ENTITIES = {"apos": "'", "quot": '"', **KRAMDOWN_ENTITIES}


def kramdown_quote_names(setting) -> list[str]:
    """kramdown's ``smart_quotes`` option: four entity names (left and right single,
    left and right double), as a list or a comma-separated string."""
    names = setting if isinstance(setting, list) else str(setting or "").split(",")
    names = [str(name).strip() for name in names]
    if len(names) != 4 or not all(name in PLAIN_ENTITIES for name in names):
        names = ["lsquo", "rsquo", "ldquo", "rdquo"]
    return names


def kramdown_text(text: str, quotes: list[str]) -> str:
    """``text`` with kramdown's typographic symbols and smart quotes."""
    characters = dict(zip(("lsquo", "rsquo", "ldquo", "rdquo"), quotes, strict=True))
    pieces, pos = [], 0
    while pos < len(text):
        quote = QUOTE_START.search(text, pos)
        symbol = SYMBOL.search(text, pos)
        if symbol and (quote is None or symbol.start() < quote.start() + len(quote[0]) - 1):
            pieces += [text[pos : symbol.start()], SYMBOLS[symbol[0]]]
            pos = symbol.end()
            continue
        if quote is None:
            pieces.append(text[pos:])
            break
        pieces.append(text[pos : quote.start()])
        # The last rules match any quote: one of them always applies.
        match, steps = next(
            (found, steps)
            for rule, steps in QUOTE_RULES
            if (found := rule.match(text, quote.start()))
        )
        for step in steps:
            if isinstance(step, int):
                pieces.append(match[step])
                continue
            if step[-1].isdigit():
                double = match[int(step[-1])] == '"'
                step = ("ld" if double else "ls") if step[0] == "l" else ("rd" if double else "rs")
                step += "quo"
            pieces.append(PLAIN_ENTITIES[characters[step]])
        pos = match.end()
    return "".join(pieces)


def kramdown_typography(md: MarkdownIt, quotes: list[str]):
    """kramdown's smart quotes and symbols in text (never in code), and ``<<``/``>>``
    guillemets, read before raw HTML as kramdown reads them."""

    def core_rule(state):
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            run: list = []
            for child in [*block.children, None]:
                if child is not None and child.type in ("text", "softbreak"):
                    run.append(child)
                    continue
                rewrite_run(run, quotes)
                run = []

    def guillemets(state, silent):
        pair = state.src[state.pos : state.pos + 2]
        if pair not in ("<<", ">>"):
            return False
        if not silent:
            token = state.push("text", "", 0)
            token.content = "\u00ab" if pair == "<<" else "\u00bb"
        state.pos += 2
        return True

    md.core.ruler.at("smartquotes", core_rule)
    md.enable("smartquotes")
    md.inline.ruler.before("html_inline", "guillemets", guillemets)


def rewrite_run(run: list, quotes: list[str]):
    """Typography over a run of text tokens and line breaks, read as one text."""
    if not any(token.type == "text" for token in run):
        return
    joined = "".join("\n" if token.type == "softbreak" else token.content for token in run)
    lines = kramdown_text(joined, quotes).split("\n")
    # Emphasis is settled by now, so the text of a line can sit in its first token.
    line, first = 0, True
    for token in run:
        if token.type == "softbreak":
            line, first = line + 1, True
        else:
            token.content = lines[line] if first else ""
            first = False


def cmark_smart(md: MarkdownIt):
    """cmark's SMART option: quotes paired (as markdown-it pairs them), ``--``, ``---``
    and ``...`` made dashes and an ellipsis; nothing else."""

    def symbols(state):
        for block in state.tokens:
            if block.type == "inline":
                for child in block.children or ():
                    if child.type == "text":
                        child.content = cmark_dashes(child.content)

    def quotes(state):
        smartquotes(state)
        # cmark makes a quote it cannot pair a right single quote (an apostrophe), or a
        # double quote facing the way it could close or open.
        for block in state.tokens:
            if block.type == "inline":
                for child in block.children or ():
                    if child.type == "text" and ("'" in child.content or '"' in child.content):
                        child.content = UNPAIRED_DOUBLE.sub(
                            lambda m: m[1] + ("\u201d" if m[1] else "\u201c"), child.content
                        ).replace("'", "\u2019")

    md.options["typographer"] = True
    md.options["quotes"] = "\u201c\u201d\u2018\u2019"
    md.core.ruler.at("replacements", symbols)
    md.core.ruler.at("smartquotes", quotes)
    md.enable(["replacements", "smartquotes"])


UNPAIRED_DOUBLE = re.compile(r'(\S?)"')


def cmark_dashes(text: str) -> str:
    """cmark's dashes: a run of hyphens is split into em dashes, then en dashes, as
    evenly as cmark splits it."""
    text = text.replace("...", "\u2026")

    def dashes(match):
        count = len(match[0])
        if count == 1:
            return "-"
        if count % 3 == 0:
            return "\u2014" * (count // 3)
        if count % 2 == 0:
            return "\u2013" * (count // 2)
        if count % 3 == 2:
            return "\u2014" * ((count - 2) // 3) + "\u2013"
        return "\u2014" * ((count - 4) // 3) + "\u2013" * 2

    return re.sub(r"-+", dashes, text)
