"""Render a post's Markdown to HTML, close to what the source blog's Jekyll produced.

markdown-it-py's CommonMark parser, plus GitHub-style tables and strikethrough,
footnotes, bare-URL links and raw HTML (the blog mixes HTML into its Markdown).
"""

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False})
    parser.enable(["table", "strikethrough", "linkify"])
    return parser.use(footnote_plugin)


def render_markdown(text: str) -> str:
    """HTML for ``text``."""
    return markdown_parser().render(separate_reference_definitions(text))


def render_body(text: str, fragments: dict[str, str] | None = None) -> str:
    """HTML for a post body, with pre-rendered HTML ``fragments`` put back in place."""
    html = render_markdown(text)
    for placeholder, fragment in (fragments or {}).items():
        # A placeholder alone in a Markdown paragraph was wrapped in <p>; the fragment
        # brings its own block markup, so the wrapper goes.
        html = html.replace(f"<p>{placeholder}</p>", fragment).replace(placeholder, fragment)
    return html


def separate_reference_definitions(text: str) -> str:
    """Put a blank line before reference-link definitions that follow text directly.

    kramdown (Jekyll's default) reads ``[id]: url`` as a definition anywhere; in
    CommonMark a definition cannot interrupt a paragraph, so it would show as text.
    """
    lines = text.split("\n")
    result = []
    fence = None
    for line in lines:
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening[1][0] * len(opening[1])
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif (
            fence is None
            and REFERENCE_DEFINITION.match(line)
            and result
            and result[-1].strip()
            and not REFERENCE_DEFINITION.match(result[-1])
        ):
            result.append("")
        result.append(line)
    return "\n".join(result)
