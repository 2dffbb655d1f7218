"""kramdown as Jekyll runs it (its default engine): GFM input, with kramdown's own rules.

markdown-it's CommonMark reading, changed where kramdown reads differently:

- HTML block elements end at their end tag, not at a blank line; ``markdown="1"``
  (``html_blocks``);
- attribute lists ``{: .class}``, ``{::comment}`` and friends (``attributes``);
- smart quotes and ``--``/``---``/``...``/``<<``/``>>`` as kramdown makes them
  (``typography``), from Jekyll's ``smart_quotes`` setting;
- footnotes and definition lists, written as kramdown writes them;
- header ids, GFM style (kramdown's own style with ``input: kramdown``);
- no bare-URL links (kramdown links only ``<https://…>``);
- with ``input: GFM``: ``~~strikethrough~~``, task lists (``- [x]``), and hard line
  breaks only where ``hard_wrap`` asks (Jekyll: off).
"""

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .attributes import kramdown_attributes
from .common import (
    add_heading_ids,
    gfm_id,
    kramdown_footnotes,
    kramdown_id,
    render_code_blocks,
    render_del,
)
from .html_blocks import kramdown_html_block
from .typography import kramdown_quote_names, kramdown_typography

# Jekyll's defaults for kramdown (Jekyll::Configuration::DEFAULTS["kramdown"]).
JEKYLL_DEFAULTS = {
    "auto_ids": True,
    "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    "input": "GFM",
    "hard_wrap": False,
    "parse_block_html": False,
}


def kramdown_parser(settings: dict) -> MarkdownIt:
    settings = {**JEKYLL_DEFAULTS, **(settings or {})}
    gfm = str(settings.get("input") or "GFM").lower() == "gfm"
    md = MarkdownIt("commonmark", {"html": True, "breaks": bool(settings["hard_wrap"])})
    md.enable("table")
    if gfm:
        md.enable("strikethrough")
        md.use(tasklists_plugin)
    md.block.ruler.at(
        "html_block",
        kramdown_html_block(bool(settings.get("parse_block_html"))),
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    kramdown_attributes(md)
    md.use(deflist_plugin)
    md.use(footnote_plugin)
    kramdown_footnotes(md)
    kramdown_typography(md, kramdown_quote_names(settings.get("smart_quotes")))
    if settings.get("auto_ids"):
        add_heading_ids(md, gfm_id if gfm else kramdown_id)
    render_code_blocks(md)
    render_del(md)
    return md
