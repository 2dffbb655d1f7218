"""Render a post's Markdown to HTML with the engine its site names, as Jekyll did.

The engines live in ``engines/``: kramdown (Jekyll's default), Redcarpet and CommonMark,
each read from the site's ``_config.yml`` (:func:`engine_for`).
"""

from .engines import DEFAULT_ENGINE, MarkdownEngine, engine_for

__all__ = ["DEFAULT_ENGINE", "MarkdownEngine", "engine_for", "render_markdown"]


def render_markdown(text: str, engine: MarkdownEngine = DEFAULT_ENGINE) -> str:
    """HTML for ``text`` read by ``engine`` (kramdown with Jekyll's settings by default)."""
    return engine.render(text)
