"""Expand a post's Liquid as Jekyll does, before its Markdown is rendered.

A real Liquid engine (python-liquid) with what Jekyll adds to it: its tags
(``liquid_tags``: ``highlight``, ``include``, ``link``, ``post_url``…), its filters
(``liquid_filters``), ``site``/``page`` as Jekyll fills them (``liquid_site``) and the
way it writes values out (``liquid_output``). The blog's own ``{% markdown %}`` block
is known too. As in Jekyll, ``{% raw %}`` is kept, unknown variables write nothing and
unknown filters are ignored; a tag of a site plugin writes nothing and is reported.

Bounded: a post's Liquid may write at most ``MAX_OUTPUT`` characters, run loops at most
``MAX_STEPS`` times in all, nest includes 30 deep. A post whose Liquid is wrong or goes
past a bound fails alone, with :class:`LiquidError` saying where.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import liquid.exceptions
from liquid import Environment, Mode
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT, Token

from jekyll.reading.source import JekyllSite

from .engines import DEFAULT_ENGINE
from .liquid_filters import jekyll_filters
from .liquid_output import (
    BUDGET,
    MAX_OUTPUT,
    MAX_STEPS,
    WARNINGS,
    Budget,
    JekyllOutput,
    LiquidBoundError,
)
from .liquid_site import SiteLiquid
from .liquid_tags import JEKYLL_TAGS, unknown_tag

__all__ = ["MAX_OUTPUT", "MAX_STEPS", "ExpandedBody", "LiquidError", "SiteLiquid", "expand_liquid"]

TAG_NAME = re.compile(r"{%-?\s*(\w+)")
FILTER_NAME = re.compile(r"\|\s*([A-Za-z_]\w*)")
LIQUID_MARKUP = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)


class LiquidError(ValueError):
    """The post's Liquid cannot be expanded; the message says where and why."""


@dataclass
class ExpandedBody:
    """The post's text after Liquid, ready for Markdown, and what was reported."""

    text: str
    warnings: list[str] = field(default_factory=list)


class JekyllEnvironment(Environment):
    """python-liquid set up as a Jekyll site's Liquid; one per site (``site``)."""

    # What variables write is counted exactly (``liquid_output``); the stream's own limit
    # also counts the post's text and what filters and tags write.
    output_stream_limit = 2 * MAX_OUTPUT
    loop_iteration_limit = MAX_STEPS
    local_namespace_limit = 10 * MAX_OUTPUT

    def __init__(self, site: SiteLiquid):
        self.site = site
        super().__init__(tolerance=Mode.STRICT, strict_filters=False)
        self.tags[TOKEN_OUTPUT] = JekyllOutput(self)
        for tag in JEKYLL_TAGS:
            self.add_tag(tag)
        for name, function in jekyll_filters(site.zone).items():
            self.add_filter(name, function)

    def learn_tags(self, source: str):
        """Register tags of site plugins the source uses, as tags that write nothing."""
        for name in set(TAG_NAME.findall(source)) - set(self.tags):
            if name.startswith("end") and name[3:] in self.tags:
                continue
            block = re.search(rf"{{%-?\s*end{re.escape(name)}\b", source) is not None
            self.add_tag(unknown_tag(name, block=block))

    def unknown_filters(self, source: str) -> list[str]:
        names = set()
        for markup in LIQUID_MARKUP.findall(source):
            names.update(FILTER_NAME.findall(markup))
        return sorted(names - set(self.filters))

    @lru_cache(maxsize=256)  # noqa: B019 (one environment per site, kept for an import)
    def expression(self, text: str):
        token = Token(TOKEN_EXPRESSION, text, 0, text)
        return FilteredExpression.parse(self, TokenStream(tokenize(text, token)))

    @lru_cache(maxsize=256)  # noqa: B019
    def boolean(self, text: str):
        token = Token(TOKEN_EXPRESSION, text, 0, text)
        return BooleanExpression.parse(self, TokenStream(tokenize(text, token)))

    def condition(self, text: str):
        """``where_exp``'s test: ``text`` with ``variable`` bound to each item."""
        expression = self.boolean(text)

        def test(context, variable, item) -> bool:
            with context.extend({variable: item}):
                return bool(expression.evaluate(context))

        return test

    def value(self, text: str):
        expression = self.expression(text)

        def evaluate(context, variable, item):
            with context.extend({variable: item}):
                return expression.evaluate(context)

        return evaluate

    def render_markup(self, markup: str, context) -> str:
        """A tag's markup with ``{{ … }}`` in it rendered (Jekyll's include and link)."""
        if "{{" not in markup:
            return markup
        buffer = context.get_buffer()
        self.from_string(markup).render_with_context(context, buffer)
        return buffer.getvalue()

    @lru_cache(maxsize=64)  # noqa: B019
    def included_template(self, path):
        return self.from_string(path.read_text(encoding="utf-8-sig"))


def expand_liquid(
    body: str,
    *,
    site_vars: dict | None = None,
    page_vars: dict | None = None,
    site: SiteLiquid | None = None,
    post_folder=None,
    markdown: bool = True,
) -> ExpandedBody:
    """``body`` with its Liquid expanded.

    ``site`` is the post's site (:class:`SiteLiquid`); without one, ``site_vars`` and
    ``page_vars`` are all ``site`` and ``page`` hold. ``markdown``: the post is Markdown
    (Jekyll's ``highlight`` then writes a line break around its HTML).
    """
    if site is None:
        site = standalone_site(site_vars or {})
    environment = site.environment
    result = ExpandedBody(text="")
    environment.learn_tags(body)
    for name in environment.unknown_filters(body):
        result.warnings.append(f"The Liquid filter {name!r} is not one Jekyll has; ignored.")
    site_variables = {**site.variables, **(site_vars or {})}
    globals_ = {
        "site": site_variables,
        "page": page_vars if page_vars is not None else {},
        "highlighter_prefix": "\n" if markdown else "",
        "folio post folder": str(post_folder) if post_folder else "",
        BUDGET: Budget(),
        WARNINGS: result.warnings,
    }
    try:
        result.text = environment.from_string(body).render(**globals_)
    except LiquidBoundError as error:
        raise LiquidError(str(error)) from error
    except liquid.exceptions.ResourceLimitError as error:
        raise LiquidError(bound_message(error)) from error
    except liquid.exceptions.LiquidError as error:
        raise LiquidError(f"its Liquid cannot be read: {error_text(error)}") from error
    except (ValueError, TypeError, RecursionError) as error:
        raise LiquidError(f"its Liquid cannot be run: {error}") from error
    return result


def standalone_site(site_vars: dict) -> SiteLiquid:
    """A site known only by its variables (no folder): for a body read on its own."""
    config = {key: value for key, value in site_vars.items() if isinstance(key, str)}
    return SiteLiquid(JekyllSite(root=Path("."), config=config), engine=DEFAULT_ENGINE)


def bound_message(error) -> str:
    kind = type(error).__name__
    if kind == "OutputStreamLimitError":
        return (
            f"its Liquid writes out more than {MAX_OUTPUT:,} characters; the post is not imported"
        )
    if kind == "LoopIterationLimitError":
        return f"its Liquid loops more than {MAX_STEPS:,} times; the post is not imported"
    if kind == "ContextDepthError":
        return "its Liquid includes files more than 30 deep (an include of itself?)"
    return f"its Liquid uses too much memory ({error_text(error)}); the post is not imported"


def error_text(error) -> str:
    message = error.args[0] if error.args else str(error)
    token = getattr(error, "token", None)
    if token is not None and getattr(token, "source", None) and token.start_index >= 0:
        line = token.source.count("\n", 0, token.start_index) + 1
        return f"{message} (line {line} of the post's text)"
    return str(message)
