"""kramdown's attribute lists and its other curly-brace markup.

``{: .lead}`` on the line after a paragraph gives the paragraph that class, ``{: #id}``
after a heading its id, and ``*words*{: .note}`` the emphasis; kramdown removes them all
from the text. A class matters beyond looks: ``{: .notice}`` makes a notice of a
paragraph, as ``<p class="notice">`` does. On a code block ``{: .language-ruby}`` sets
its language.

Also read (and hidden, as kramdown hides them): attribute list definitions
``{:name: .class}``, ``{::comment}…{:/comment}``, ``{::options …/}``, end-of-block marks
(``^``) and abbreviation definitions (``*[HTML]: …``); ``{::nomarkdown}…{:/}`` is kept
as raw HTML.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

BLOCK_IAL = re.compile(r"^ {0,3}\{:(?!:)(?P<body>[^}]*)\}\s*$")
DEFINITION = re.compile(r"^ {0,3}\{:(?P<name>[\w-]+):(?P<body>[^}]*)\}\s*$")
EXTENSION = re.compile(r"^ {0,3}\{::(?P<name>\w+)(?P<body>[^}]*?)(?P<closed>/)?\}\s*$")
HIDDEN_LINE = re.compile(r"^ {0,3}(?:\^|\*\[[^\]]+\]:.*)\s*$")
SPAN_IAL = re.compile(r"\{:(?!:)(?P<body>[^}]*)\}")
ATTRIBUTE = re.compile(
    r"""(?P<cls>\.[\w-]+)|(?P<id>\#[\w-]+)|(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""
    r"""|(?P<ref>[\w-]+)"""
)
LEAVES = {"fence", "code_block", "html_block", "hr"}


def attributes_of(body: str, definitions: dict) -> dict:
    attributes: dict = {}
    for part in ATTRIBUTE.finditer(body):
        if part["cls"]:
            classes = attributes.get("class", "").split()
            attributes["class"] = " ".join([*classes, part["cls"][1:]])
        elif part["id"]:
            attributes["id"] = part["id"][1:]
        elif part["key"]:
            attributes[part["key"]] = part["dq"] if part["dq"] is not None else part["sq"]
        elif part["ref"] in definitions:
            for key, value in definitions[part["ref"]].items():
                if key == "class":
                    value = " ".join([*attributes.get("class", "").split(), value])
                attributes[key] = value
    return attributes


def kramdown_attributes(md: MarkdownIt):
    md.block.ruler.before(
        "table", "kramdown_ial", block_rule, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.inline.ruler.push("kramdown_span_ial", span_rule)
    md.core.ruler.after("block", "kramdown_apply_ial", apply_rule)
    md.core.ruler.after("inline", "kramdown_apply_span_ial", span_apply)


def block_rule(state, start, end, silent) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] : state.eMarks[start]]
    extension = EXTENSION.match(line)
    if extension and extension["name"] in ("comment", "nomarkdown") and not extension["closed"]:
        return extension_block(state, start, end, silent, extension["name"])
    if not (BLOCK_IAL.match(line) or DEFINITION.match(line) or extension):
        if not HIDDEN_LINE.match(line):
            return False
    if silent:
        return True
    token = state.push("kramdown_ial", "", 0)
    token.map = [start, start + 1]
    token.hidden = True
    definition = DEFINITION.match(line)
    if definition:
        definitions = state.env.setdefault("kramdown_definitions", {})
        definitions[definition["name"]] = attributes_of(definition["body"], definitions)
    elif BLOCK_IAL.match(line):
        token.meta = {"attributes": attributes_of(BLOCK_IAL.match(line)["body"], {})}
        token.meta["body"] = BLOCK_IAL.match(line)["body"]
    state.line = start + 1
    return True


def extension_block(state, start, end, silent, name) -> bool:
    """``{::comment}``/``{::nomarkdown}`` up to ``{:/comment}``, ``{:/nomarkdown}`` or ``{:/}``."""
    closing = re.compile(rf"^ {{0,3}}\{{:/(?:{name})?\}}\s*$")
    line = start + 1
    while line < end and not closing.match(state.src[state.bMarks[line] : state.eMarks[line]]):
        line += 1
    if silent:
        return True
    if name == "nomarkdown":
        token = state.push("html_block", "", 0)
        token.content = state.getLines(start + 1, line, state.blkIndent, True)
    state.line = min(line + 1, end)
    return True


def apply_rule(state):
    """Each block attribute list to the block just above it, else the one below."""
    tokens = state.tokens
    definitions = state.env.get("kramdown_definitions", {})
    for index, token in enumerate(tokens):
        if token.type != "kramdown_ial" or not token.meta:
            continue
        attributes = attributes_of(token.meta["body"], definitions)
        target = block_above(tokens, index) or block_below(tokens, index)
        if target is not None:
            apply_attributes(target, attributes)
    state.tokens = [token for token in tokens if token.type != "kramdown_ial"]


def block_above(tokens: list[Token], index: int) -> Token | None:
    """The block ending on the line just above the attribute list, at its level."""
    line, level = tokens[index].map[0], tokens[index].level
    for candidate in reversed(tokens[:index]):
        if candidate.level == level and candidate.nesting >= 0 and candidate.map:
            return candidate if candidate.map[1] == line else None
    return None


def block_below(tokens: list[Token], index: int) -> Token | None:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and (following.nesting == 1 or following.type in LEAVES):
        return following
    return None


def apply_attributes(target: Token, attributes: dict):
    for key, value in attributes.items():
        if key == "class" and target.type in ("fence", "code_block"):
            languages = [c[9:] for c in value.split() if c.startswith("language-")]
            if languages and not target.info.strip():
                target.info = languages[0]
                continue
        if key == "class" and target.attrGet("class"):
            value = f"{target.attrGet('class')} {value}"
        target.attrSet(key, value)


def span_rule(state, silent) -> bool:
    """``{: …}`` in text, kept as a token until emphasis is settled (:func:`span_apply`)."""
    if not state.src.startswith("{:", state.pos):
        return False
    match = SPAN_IAL.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("kramdown_span_ial", "", 0)
        token.content = match[0]
        token.meta = {"body": match["body"]}
    state.pos = match.end()
    return True


def span_apply(state):
    """Each span attribute list to the element just before it; elsewhere it is text."""
    definitions = state.env.get("kramdown_definitions", {})
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for index, token in enumerate(children):
            if token.type != "kramdown_span_ial":
                continue
            target = span_target(children, index)
            if target is None:
                token.type = "text"
                continue
            apply_attributes(target, attributes_of(token.meta["body"], definitions))
        block.children = [t for t in children if t.type != "kramdown_span_ial"]


def span_target(children: list[Token], index: int) -> Token | None:
    previous = children[index - 1] if index else None
    if previous is None:
        return None
    if previous.type in ("code_inline", "image"):
        return previous
    if previous.nesting == -1:
        depth = 0
        for candidate in reversed(children[:index]):
            depth += candidate.nesting
            if depth == 0:
                return candidate
    return None
