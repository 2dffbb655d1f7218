"""Expand the Liquid a Jekyll post body uses, before its Markdown is rendered.

Only what the source blog needs is implemented, the way Jekyll does it:

- ``{{ site.x }}`` and ``{{ page.x }}`` from ``_config.yml`` and the front matter
  (unknown names become empty text, as in Liquid; filters are ignored), written out as
  Liquid writes values: a list as its items one after the other, a mapping as Ruby
  shows a hash, ``true``/``false`` in lower case;
- ``{% raw %}…{% endraw %}`` is kept literally;
- ``{% highlight lang %}…{% endhighlight %}`` becomes a fenced code block;
- ``{% markdown %}…{% endmarkdown %}`` (the blog's own plugin) is rendered as Markdown
  even inside an HTML ``<div>``, where CommonMark would leave it alone;
- ``{% comment %}`` is dropped; any other tag is dropped with a warning.

Rendered ``{% markdown %}`` HTML is not put back into the text directly: a blank line in
it would end the surrounding HTML block early. It is held as a fragment behind a
placeholder word that :func:`jekyll.rendering.markdown.render_body` swaps back.

A value can be far larger written out than in the source: a list that repeats itself
through YAML aliases, a long string used a thousand times. What the variables of one
post write is bounded (``MAX_OUTPUT`` characters, ``MAX_STEPS`` values visited, all
variables together); past that the post fails with :class:`LiquidError`.
"""

import json
import re
import textwrap
from dataclasses import dataclass, field

from .markdown import render_markdown

RAW_BLOCK = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.DOTALL)
COMMENT_BLOCK = re.compile(r"{%-?\s*comment\s*-?%}.*?{%-?\s*endcomment\s*-?%}", re.DOTALL)
HIGHLIGHT_BLOCK = re.compile(
    r"{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%}[ \t]*\n?(?P<code>.*?)"
    r"{%-?\s*endhighlight\s*-?%}",
    re.DOTALL,
)
MARKDOWN_BLOCK = re.compile(r"{%-?\s*markdown\s*-?%}(.*?){%-?\s*endmarkdown\s*-?%}", re.DOTALL)
VARIABLE = re.compile(r"{{-?\s*(?P<scope>site|page)\.(?P<name>[\w.-]+)\s*(?P<filters>\|[^}]*)?-?}}")
OTHER_OUTPUT = re.compile(r"{{.*?}}", re.DOTALL)
OTHER_TAG = re.compile(r"{%.*?%}", re.DOTALL)

MAX_OUTPUT = 1_000_000
MAX_STEPS = 100_000

RAW_PLACEHOLDER = "FOLIOLIQUIDRAW{}X"
FRAGMENT_PLACEHOLDER = "FOLIOLIQUIDHTML{}X"


class LiquidError(ValueError):
    """The post's Liquid cannot be expanded within the bounds; the message says where."""


@dataclass
class Budget:
    """What the variables of one post may still write (characters) and visit (values)."""

    characters: int = MAX_OUTPUT
    steps: int = MAX_STEPS


@dataclass
class ExpandedBody:
    """Markdown ready to render, plus the HTML fragments its placeholders stand for."""

    text: str
    fragments: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def expand_liquid(body: str, *, site_vars: dict, page_vars: dict) -> ExpandedBody:
    """Expand the Liquid in ``body``; ``site_vars``/``page_vars`` are ``site.*``/``page.*``."""
    result = ExpandedBody(text="")
    raw_texts = []

    def keep_raw(match):
        raw_texts.append(match[1])
        return RAW_PLACEHOLDER.format(len(raw_texts) - 1)

    def restore_raw(text):
        for number, raw in enumerate(raw_texts):
            text = text.replace(RAW_PLACEHOLDER.format(number), raw)
        return text

    text = RAW_BLOCK.sub(keep_raw, body)
    text = COMMENT_BLOCK.sub("", text)
    budget = Budget()
    text = VARIABLE.sub(
        lambda m: substitute(m, site_vars, page_vars, result.warnings, budget), text
    )
    text = HIGHLIGHT_BLOCK.sub(lambda m: fenced_code(m["lang"], restore_raw(m["code"])), text)

    def render_fragment(match):
        placeholder = FRAGMENT_PLACEHOLDER.format(len(result.fragments))
        markdown = textwrap.dedent(restore_raw(match[1])).strip("\n")
        result.fragments[placeholder] = render_markdown(markdown).strip()
        return placeholder

    text = MARKDOWN_BLOCK.sub(render_fragment, text)
    text = OTHER_TAG.sub(lambda m: drop_tag(m, result.warnings), text)
    for expression in dict.fromkeys(OTHER_OUTPUT.findall(text)):
        result.warnings.append(f"Liquid output {expression!r} is not supported; kept as text.")
    result.text = restore_raw(text)
    return result


def substitute(match, site_vars, page_vars, warnings, budget: Budget) -> str:
    """The text of one ``{{ site.x }}``/``{{ page.x }}``; unknown names give ''."""
    scope = site_vars if match["scope"] == "site" else page_vars
    value = scope
    for part in match["name"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None and match["name"] != "baseurl":
        warnings.append(f"{match[0]} is not defined; replaced by nothing.")
    if match["filters"]:
        warnings.append(f"Liquid filters are not supported; ignored in {match[0]}.")
    expression = "{{ " + f"{match['scope']}.{match['name']}" + " }}"
    return liquid_text(value, budget, expression)


def liquid_text(value, budget: Budget, expression: str) -> str:
    """``value`` written out as Liquid writes it, within ``budget``.

    Walked with a stack of its own rather than ``str()``: a value repeating itself
    through aliases is small in memory but huge written out, and the walk stops as soon
    as the budget is spent. Items are either values to write (a list is flattened, as
    Ruby's ``Array#join``) or, inside a mapping, values to show as Ruby's ``inspect``.
    """
    pieces = []
    stack = [(value, False)]
    while stack:
        item, inspected = stack.pop()
        budget.steps -= 1
        if budget.steps < 0:
            raise LiquidError(
                f"{expression} takes more than {MAX_STEPS:,} steps to write out (with the "
                "post's other variables); the post is not imported"
            )
        if isinstance(item, list | tuple) and not inspected:
            stack.extend((each, False) for each in reversed(item))
            continue
        if isinstance(item, list | tuple | dict):
            stack.extend(reversed(inspected_parts(item)))
            continue
        text = item if isinstance(item, Literal) else scalar_text(item, inspected)
        budget.characters -= len(text)
        if budget.characters < 0:
            raise LiquidError(
                f"{expression} writes out more than {MAX_OUTPUT:,} characters (with the "
                "post's other variables); the post is not imported"
            )
        pieces.append(text)
    return "".join(pieces)


class Literal(str):
    """Punctuation of a value shown as Ruby's ``inspect`` (``[``, ``=>``…), written as is."""


def inspected_parts(value) -> list:
    """A list or mapping as the items Ruby's ``inspect`` shows, punctuation included."""
    parts = [(Literal("[" if isinstance(value, list | tuple) else "{"), True)]
    items = value.items() if isinstance(value, dict) else ((None, each) for each in value)
    for number, (key, each) in enumerate(items):
        if number:
            parts.append((Literal(", "), True))
        if isinstance(value, dict):
            parts += [(key, True), (Literal("=>"), True)]
        parts.append((each, True))
    parts.append((Literal("]" if isinstance(value, list | tuple) else "}"), True))
    return parts


def scalar_text(value, inspected: bool) -> str:
    if value is None:
        return "nil" if inspected else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if inspected and isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def fenced_code(language: str, code: str) -> str:
    """A Markdown fenced code block; the fence is longer than any backtick run inside."""
    longest_run = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest_run + 1)
    return f"\n{fence}{language}\n{code.rstrip()}\n{fence}\n"


def drop_tag(match, warnings) -> str:
    tag = " ".join(match[0].split())
    if not re.match(r"{%-?\s*end", tag):
        warnings.append(f"Liquid tag {tag} is not supported; left out.")
    return ""
