"""The Markdown engines a Jekyll site may name in ``_config.yml``, read as Jekyll reads them.

``markdown: kramdown`` (Jekyll's default), ``markdown: redcarpet`` (Jekyll 3) and
``markdown: CommonMark``/``CommonMarkGhPages`` (jekyll-commonmark, GitHub Pages), each
with the settings the site gives it (``kramdown:``, ``redcarpet:``, ``commonmark:``).
Another name is read with kramdown's rules, and the import says so.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from .commonmark import commonmark_parser
from .kramdown import kramdown_parser
from .redcarpet import redcarpet_parser

BUILDERS = {
    "kramdown": kramdown_parser,
    "redcarpet": redcarpet_parser,
    "commonmark": commonmark_parser,
}
NAMES = {"kramdown": "kramdown", "redcarpet": "redcarpet", "commonmark": "commonmark",
         "commonmarkghpages": "commonmark"}  # fmt: skip


@dataclass(frozen=True)
class MarkdownEngine:
    """An engine and its settings, as the site's ``_config.yml`` gives them."""

    name: str = "kramdown"
    settings: str = "{}"  # JSON, so that engines compare and cache by value
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def parser(self) -> MarkdownIt:
        return parser_for(self.name, self.settings)

    def render(self, text: str) -> str:
        return self.parser.render(text)

    @property
    def omits_raw_html(self) -> bool:
        return self.name == "commonmark" and "UNSAFE" not in self.settings.upper()


def engine_for(config: dict) -> MarkdownEngine:
    """The engine ``config`` (a site's ``_config.yml``) names, with its settings."""
    config = config if isinstance(config, dict) else {}
    named = str(config.get("markdown") or "kramdown").strip()
    name = NAMES.get(named.lower().replace("-", "").replace("_", ""))
    warnings = ()
    if name is None:
        warnings = (
            f"_config.yml names the Markdown engine {named!r}, which Folio does not know "
            "(it knows kramdown, redcarpet, CommonMark and CommonMarkGhPages); the posts "
            "are read with kramdown's rules, Jekyll's default.",
        )
        name = "kramdown"
    settings = config.get(name if name != "commonmark" else "commonmark")
    return MarkdownEngine(
        name=name,
        settings=json.dumps(
            settings if isinstance(settings, dict) else {}, sort_keys=True, default=str
        ),
        warnings=warnings,
    )


@lru_cache(maxsize=16)
def parser_for(name: str, settings: str) -> MarkdownIt:
    return BUILDERS[name](json.loads(settings))


DEFAULT_ENGINE = MarkdownEngine()
