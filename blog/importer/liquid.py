"""Expand the Liquid a Jekyll post body uses, before its Markdown is rendered.

Only what the source blog needs is implemented, the way Jekyll does it:

- ``{{ site.x }}`` and ``{{ page.x }}`` from ``_config.yml`` and the front matter
  (unknown names become empty text, as in Liquid; filters are ignored);
- ``{% raw %}…{% endraw %}`` is kept literally;
- ``{% highlight lang %}…{% endhighlight %}`` becomes a fenced code block;
- ``{% markdown %}…{% endmarkdown %}`` (the blog's own plugin) is rendered as Markdown
  even inside an HTML ``<div>``, where CommonMark would leave it alone;
- ``{% comment %}`` is dropped; any other tag is dropped with a warning.

Rendered ``{% markdown %}`` HTML is not put back into the text directly: a blank line in
it would end the surrounding HTML block early. It is held as a fragment behind a
placeholder word that :func:`blog.importer.markdown.render_body` swaps back.
"""

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

RAW_PLACEHOLDER = "FOLIOLIQUIDRAW{}X"
FRAGMENT_PLACEHOLDER = "FOLIOLIQUIDHTML{}X"


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
    text = VARIABLE.sub(lambda m: substitute(m, site_vars, page_vars, result.warnings), text)
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


def substitute(match, site_vars, page_vars, warnings) -> str:
    """The text of one ``{{ site.x }}``/``{{ page.x }}``; unknown names give ''."""
    scope = site_vars if match["scope"] == "site" else page_vars
    value = scope
    for part in match["name"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None and match["name"] != "baseurl":
        warnings.append(f"{match[0]} is not defined; replaced by nothing.")
    if match["filters"]:
        warnings.append(f"Liquid filters are not supported; ignored in {match[0]}.")
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join(str(item) for item in value)
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
