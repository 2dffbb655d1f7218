"""Jekyll's own Liquid tags, and the blog's ``{% markdown %}``, for python-liquid.

- ``{% highlight lang [linenos] %}`` writes the HTML Jekyll writes (Rouge's markup,
  without its colours: Folio highlights code itself);
- ``{% include file.html key="value" key=variable %}`` renders ``_includes/file.html``
  with ``include.key``; ``{% include_relative %}`` a file beside the post;
- ``{% link path %}`` and ``{% post_url name %}`` give the URL Jekyll gives that page,
  file or post (``baseurl`` included, as Jekyll 4 does);
- ``{% markdown %}…{% endmarkdown %}`` renders its content with the site's engine;
- a tag Folio does not know (a site plugin's) writes nothing and is reported.

A link or include that names nothing in the site is reported and writes nothing: Jekyll
would stop the whole site there; an import goes on with a warning.
"""

import re
from html import escape
from pathlib import Path

from liquid.ast import Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG

from .liquid_output import WARNINGS

HIGHLIGHT_MARKUP = re.compile(
    r"^([a-zA-Z0-9.+#_-]+)((?:\s+\w+(?:=(?:\w+|\"(?:[0-9]+\s)*[0-9]+\"))?)*)$"
)
INCLUDE_PARAMETER = re.compile(
    r"([\w-]+)\s*=\s*(?:\"([^\"\\]*(?:\\.[^\"\\]*)*)\"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"
)
POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")
MAX_INCLUDE_BYTES = 1_000_000


def warn(context, message: str):
    warnings = context.globals.get(WARNINGS)
    if warnings is not None and message not in warnings:
        warnings.append(message)


def tag_markup(stream) -> str:
    """The text after the tag's name (the stream is left on it, or on the tag)."""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return stream.current.value
    return ""


class MarkupNode(Node):
    __slots__ = ("markup", "block")

    def __init__(self, token, markup: str, block=None):
        super().__init__(token)
        self.markup = markup.strip()
        self.block = block

    def __str__(self) -> str:
        return self.markup

    def body(self, context) -> str:
        buffer = context.get_buffer()
        self.block.render(context, buffer)
        return buffer.getvalue()


class MarkupTag(Tag):
    """A tag read by its raw markup; a block when ``end`` is set."""

    node_class = MarkupNode
    block = False

    def parse(self, stream):
        token = stream.current
        markup = tag_markup(stream)
        if not self.end:
            return self.node_class(token, markup)
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return self.node_class(token, markup, block)


# --- highlight and markdown -----------------------------------------------------------


class HighlightNode(MarkupNode):
    def render_to_output(self, context, buffer) -> int:
        match = HIGHLIGHT_MARKUP.match(self.markup)
        if match is None:
            raise ValueError(
                f"{{% highlight {self.markup} %}} is not valid: "
                "it reads {% highlight <lang> [linenos] %}"
            )
        language = match[1].lower()
        numbered = re.search(r"\blinenos\b", match[2] or "") is not None
        code = re.sub(r"\A[\r\n]+|[\r\n]+\Z", "", self.body(context))
        prefix = str(context.globals.get("highlighter_prefix") or "")
        return buffer.write(prefix + highlight_html(code, language, numbered) + prefix)


def highlight_html(code: str, language: str, numbered: bool) -> str:
    """What Jekyll's ``highlight`` tag writes (Rouge's structure, without its colours)."""
    escaped = escape(code, quote=False)
    if numbered:
        lines = code.count("\n") + 1
        numbers = "".join(f"{number}\n" for number in range(1, lines + 1))
        escaped = (
            '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
            f'<pre class="lineno">{numbers}</pre></td><td class="code"><pre>{escaped}\n'
            "</pre></td></tr></tbody></table>"
        )
    attributes = f'class="language-{language.replace("+", "-")}" data-lang="{language}"'
    return f'<figure class="highlight"><pre><code {attributes}>{escaped}</code></pre></figure>'


class HighlightTag(MarkupTag):
    name = "highlight"
    end = "endhighlight"
    block = True
    node_class = HighlightNode


class MarkdownNode(MarkupNode):
    def render_to_output(self, context, buffer) -> int:
        return buffer.write(context.env.site.engine.render(self.body(context)))


class MarkdownTag(MarkupTag):
    name = "markdown"
    end = "endmarkdown"
    block = True
    node_class = MarkdownNode


# --- includes -------------------------------------------------------------------------


class IncludeNode(MarkupNode):
    relative = False

    def render_to_output(self, context, buffer) -> int:
        markup = context.env.render_markup(self.markup, context)
        name, _, parameters = markup.strip().partition(" ")
        tag = "include_relative" if self.relative else "include"
        folder = context.env.site.include_folder(context, relative=self.relative)
        path = contained_file(folder, name) if folder else None
        if path is None:
            warn(context, f"{{% {tag} {name} %}}: no such file in the site; left out.")
            return 0
        values = {}
        for match in INCLUDE_PARAMETER.finditer(parameters):
            key, double, single, variable = match.groups()
            if variable is not None:
                values[key] = context.env.expression(variable).evaluate(context)
            else:
                values[key] = (double if double is not None else single).replace('\\"', '"')
        template = context.env.included_template(path)
        with context.extend({"include": values}):
            template.render_with_context(context, buffer)
        return 1


def contained_file(folder: Path, name: str) -> Path | None:
    """``name`` inside ``folder``: never outside it, nor through a symbolic link."""
    parts = Path(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts:
        return None
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            return None
    if not path.is_file() or path.stat().st_size > MAX_INCLUDE_BYTES:
        return None
    return path


class IncludeTag(MarkupTag):
    name = "include"
    node_class = IncludeNode


class IncludeRelativeNode(IncludeNode):
    relative = True


class IncludeRelativeTag(MarkupTag):
    name = "include_relative"
    node_class = IncludeRelativeNode


# --- links ----------------------------------------------------------------------------


class LinkNode(MarkupNode):
    def render_to_output(self, context, buffer) -> int:
        path = context.env.render_markup(self.markup, context).strip().lstrip("/")
        url = context.env.site.url_of_file(path)
        if url is None:
            warn(context, f"{{% link {path} %}}: no such page, post or file in the site; left out.")
            return 0
        return buffer.write(context.env.site.relative_url(url))


class LinkTag(MarkupTag):
    name = "link"
    node_class = LinkNode


class PostUrlNode(MarkupNode):
    def render_to_output(self, context, buffer) -> int:
        name = self.markup.strip()
        match = POST_NAME.match(name.lstrip("/"))
        url = context.env.site.url_of_post(match[1] or "", match[2], match[3]) if match else None
        if url is None:
            warn(context, f"{{% post_url {name} %}}: no such post in the site; left out.")
            return 0
        return buffer.write(context.env.site.relative_url(url))


class PostUrlTag(MarkupTag):
    name = "post_url"
    node_class = PostUrlNode


# --- tags of site plugins ---------------------------------------------------------------


class UnknownNode(MarkupNode):
    def render_to_output(self, context, buffer) -> int:
        name = self.token.value
        warn(
            context,
            f"{{% {name} %}} is a tag of a Jekyll plugin Folio does not run; left out.",
        )
        return 0


def unknown_tag(name: str, *, block: bool) -> type[MarkupTag]:
    return type(
        f"Unknown_{name}",
        (MarkupTag,),
        {"name": name, "end": f"end{name}" if block else "", "block": block,
         "node_class": UnknownNode},
    )  # fmt: skip


JEKYLL_TAGS = (HighlightTag, MarkdownTag, IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag)
