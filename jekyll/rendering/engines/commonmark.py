"""CommonMark as jekyll-commonmark (and GitHub Pages' CommonMarkGhPages) runs it.

markdown-it is CommonMark itself; the site's ``commonmark`` settings choose what cmark-gfm
adds: ``extensions`` (``table``, ``strikethrough``, ``autolink``, ``tagfilter``) and
``options`` (``SMART``, ``FOOTNOTES``, ``HARDBREAKS``, ``NOBREAKS``, ``UNSAFE``). Without
``UNSAFE`` cmark leaves raw HTML out, and so does this.
"""

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .common import cmark_footnotes, render_code_blocks, render_del
from .typography import cmark_smart

# GFM's tagfilter: these tags are written as text.
FILTERED_TAGS = re.compile(
    r"<(?=/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)\b)",
    re.IGNORECASE,
)
OMITTED = "<!-- raw HTML omitted -->"


def commonmark_parser(settings: dict) -> MarkdownIt:
    settings = settings if isinstance(settings, dict) else {}
    options = {str(option).upper() for option in settings.get("options") or ()}
    extensions = {str(extension).lower() for extension in settings.get("extensions") or ()}
    md = MarkdownIt("commonmark", {"html": True, "breaks": "HARDBREAKS" in options})
    if "table" in extensions:
        md.enable("table")
    if "strikethrough" in extensions:
        md.enable("strikethrough")
    if "autolink" in extensions:
        md.options["linkify"] = True
        md.enable("linkify")
    if "FOOTNOTES" in options:
        md.use(footnote_plugin)
        cmark_footnotes(md)
    if "SMART" in options:
        cmark_smart(md)
    if "NOBREAKS" in options:
        md.add_render_rule("softbreak", lambda self, tokens, idx, options, env: " ")
    if "UNSAFE" not in options:
        omit = lambda self, tokens, idx, options, env: (  # noqa: E731
            OMITTED + ("\n" if tokens[idx].block else "")
        )
        md.add_render_rule("html_block", omit)
        md.add_render_rule("html_inline", omit)
    elif "tagfilter" in extensions:
        md.add_render_rule("html_block", filtered_html)
        md.add_render_rule("html_inline", filtered_html)
    render_code_blocks(md)
    render_del(md)
    return md


def filtered_html(self, tokens, idx, options, env):
    return FILTERED_TAGS.sub("&lt;", tokens[idx].content)
