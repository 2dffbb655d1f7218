"""Body blocks back to the Markdown (and HTML) a Jekyll post of the source blog is made of.

The inverse of the importer's mapping (see "Jekyll import" in DESIGN.md): rich text becomes
Markdown paragraphs, lists, quotes and emphasis; notices become ``<p class="notice">``;
guests-only calls to action become ``<div class="guest-only">{% markdown %}…{% endmarkdown %}</div>``;
raw HTML stays as it is. Pure functions: images and page links are named by the callables
the caller passes, so nothing here touches the database or the file system.
"""

import re
import unicodedata
from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag
from wagtail.rich_text import RichText

# What Markdown would read as syntax inside text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])(?=\s|$)")
INLINE_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~"}
BLANK_LINES = re.compile(r"\n\s*\n")
LIQUID_MARKUP = re.compile(r"{{|{%")
# The dialect written here, as the exported _config.yml names it: CommonMark with tables,
# strikethrough, footnotes and raw HTML (GitHub Pages' CommonMarkGhPages reads it so; an
# import reads it back with the same rules).
MARKDOWN_SETTINGS = {
    "markdown": "CommonMarkGhPages",
    "commonmark": {
        "options": ["UNSAFE", "FOOTNOTES"],
        "extensions": ["table", "strikethrough", "autolink"],
    },
}


class MarkdownWriter:
    """Writes one post body; ``image_url(image)`` names an image's file on the new site,
    ``page_url(page_id)`` the address a page link becomes, ``file_url(document)`` a
    document's (a video's) file."""

    def __init__(
        self,
        image_url: Callable,
        page_url: Callable[[str], str],
        file_url: Callable = lambda document: document.file.url,
    ):
        self.image_url = image_url
        self.page_url = page_url
        self.file_url = file_url
        self.warnings: list[str] = []

    def body(self, blocks) -> str:
        parts = [self.block(block.block_type, block.value) for block in blocks]
        return "\n\n".join(part.strip("\n") for part in parts if part and part.strip()) + "\n"

    def block(self, block_type: str, value) -> str:
        method = getattr(self, f"block_{block_type}", None)
        if method is None:
            self.warnings.append(f"A {block_type} block has no Jekyll form; left out.")
            return ""
        return method(value)

    # --- blocks ---------------------------------------------------------------------

    def block_paragraph(self, value) -> str:
        return self.rich_text(value)

    def block_heading(self, value) -> str:
        from blog.blocks import heading_parts

        level = {"h2": 2, "h3": 3, "h4": 4}.get(value["level"], 2)
        parts = heading_parts(value)
        text = escape_text(parts["before"])
        if parts["link"]:
            text += f"[{escape_text(parts['linked'])}]({link_target(parts['link'])})"
            text += escape_text(parts["after"])
        return f"{'#' * level} {text}"

    def block_image(self, value) -> str:
        source = self.image_url(value["image"]) if value.get("image") else value["external_url"]
        if not source:
            return ""
        alt = value.get("alt") or ""
        if value.get("caption"):
            picture = f'<img src="{html_attr(source)}" alt="{html_attr(alt)}">'
            if value.get("link"):
                picture = f'<a href="{html_attr(value["link"])}">{picture}</a>'
            return (
                f"<figure>{picture}<figcaption>{html_text(value['caption'])}</figcaption></figure>"
            )
        picture = f"![{escape_text(alt)}]({link_target(source)})"
        return f"[{picture}]({link_target(value['link'])})" if value.get("link") else picture

    def block_quote(self, value) -> str:
        # The text is one paragraph with its line breaks (the importer reads a last
        # paragraph starting with a dash as the attribution, so only that may be one).
        lines = [escape_text(line) for line in value["text"].strip("\n").split("\n")]
        quote = "> " + "<br>".join(lines)
        if value.get("attribution"):
            quote += f"\n>\n> — {escape_text(value['attribution'])}"
        return quote

    def block_code(self, value) -> str:
        code = value["code"]
        if value.get("line_numbers"):
            # Only Jekyll's highlight tag numbers lines.
            language = (value.get("language") or "text").split()[0]
            return f"{{% highlight {language} linenos %}}\n{protect_liquid(code)}\n{{% endhighlight %}}"
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}{value.get('language') or ''}\n{protect_liquid(code)}\n{fence}"

    def block_table(self, value) -> str:
        rows = [[cell or "" for cell in row] for row in value.get("data") or []]
        if not rows:
            return ""
        if not value.get("first_row_is_table_header") or value.get("table_caption"):
            return html_table(rows, value)
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]

        def line(cells):
            return "| " + " | ".join(escape_text(" ".join(c.split())) for c in cells) + " |"

        return "\n".join([line(rows[0]), "|" + "---|" * width, *map(line, rows[1:])])

    def block_embed(self, value) -> str:
        from blog.video_blocks import video_player

        url = getattr(value["embed"], "url", "") or ""
        caption = f"\n\n{escape_text(value['caption'])}" if value.get("caption") else ""
        player = video_player(url)
        if player is not None:
            # As the source blogs embed their videos (the importer reads it back).
            embed = {
                "YouTube": "https://www.youtube.com/embed/",
                "Vimeo": "https://player.vimeo.com/video/",
            }
            src = embed[player["provider"]] + player["id"]
            return f'<iframe src="{html_attr(src)}" allowfullscreen></iframe>{caption}'
        return f"<{url}>{caption}" if url else ""

    def block_video(self, value) -> str:
        document = value.get("file")
        source = self.file_url(document) if document is not None else value.get("external_url")
        if not source:
            return ""
        poster = (
            f' poster="{html_attr(self.image_url(value["poster"]))}"' if value.get("poster") else ""
        )
        title = f' title="{html_attr(value["caption"])}"' if value.get("caption") else ""
        return f'<video controls src="{html_attr(source)}"{poster}{title}></video>'

    def block_notice(self, value) -> str:
        style = value.get("style") or "info"
        css = "notice" if style == "info" else f"notice notice--{style}"
        inner = self.inline_html(value["text"])
        return f'<p class="{css}">{inner}</p>'

    def block_call_to_action(self, value) -> str:
        from blog.call_to_action_block import resolved_call_to_action, snippet_call_to_action

        snippet = value.get("snippet")
        # Drafts are exported too (posts.py), so a snippet not yet published is as well.
        cta = (
            snippet_call_to_action(snippet)
            if snippet is not None
            else resolved_call_to_action(value)
        )
        picture = ""
        source = self.image_url(cta["image"]) if cta["image"] is not None else ""
        source = source or cta.get("external_image_url") or ""
        if source and cta["url"]:
            image = link_target(source)
            picture = f"[![{escape_text(cta['image_alt'])}]({image})]({link_target(cta['url'])})"
        text = self.rich_text(cta["text"]) if cta["text"] else ""
        if cta["style"] == "image" and picture:
            # An image link alone: the importer reads it back as one.
            parts = [picture]
        else:
            parts = []
            if cta["heading"] and cta["heading"] != cta["image_alt"]:
                parts.append(f"### {escape_text(cta['heading'])}")
            if picture:
                parts.insert(0, picture)
            elif cta["url"]:
                # The importer takes the banner's first link as its button.
                label = escape_text(cta["button_label"] or "Get started")
                parts.append(f"[{label}]({link_target(cta['url'])})")
            if text:
                parts.append(text)
        markdown = "\n\n".join(parts)
        if cta["audience"] == "guests":
            return (
                f'<div class="guest-only">{{% markdown %}}\n{markdown}\n{{% endmarkdown %}}</div>'
            )
        self.warnings.append(
            f"A call to action for {cta['audience']} has no Jekyll form; kept as text for everyone."
        )
        return markdown

    def block_raw_html(self, value) -> str:
        html = str(value).strip()
        # A blank line would end the HTML block in Markdown; <pre> content is left alone.
        if "<pre" not in html:
            html = BLANK_LINES.sub("\n", html)
        return protect_liquid(html)

    # --- rich text ------------------------------------------------------------------

    def rich_text(self, value) -> str:
        soup = BeautifulSoup(rich_text_source(value), "html.parser")
        return "\n\n".join(
            part for part in (self.block_element(node) for node in soup.children) if part
        )

    def block_element(self, node, depth: int = 0) -> str:
        if isinstance(node, NavigableString):
            return escape_text(str(node)).strip()
        if not isinstance(node, Tag):
            return ""
        if node.name in ("ul", "ol"):
            return self.list(node, depth)
        if node.name == "hr":
            return "* * *"
        if node.name == "blockquote":
            return "\n".join(f"> {line}" for line in self.inline(node.children).split("\n"))
        return protect_line_starts(self.inline(node.children).strip())

    def list(self, element: Tag, depth: int) -> str:
        lines = []
        start = int(element.get("start") or 1) if str(element.get("start") or 1).isdigit() else 1
        for number, item in enumerate(element.find_all("li", recursive=False), start=start):
            marker = f"{number}." if element.name == "ol" else "-"
            indent = " " * (depth * 4)
            text, nested = [], []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    nested.append(self.list(child, depth + 1))
                else:
                    text.append(self.inline([child]))
            body = "".join(text).strip().replace("\n", "\n" + indent + "    ")
            lines.append(f"{indent}{marker} {protect_line_starts(body)}".rstrip())
            lines += nested
        return "\n".join(lines)

    def inline(self, nodes) -> str:
        return "".join(self.inline_node(node) for node in nodes)

    def inline_node(self, node) -> str:
        if isinstance(node, NavigableString):
            return escape_text(" ".join(str(node).split("\n")))
        if not isinstance(node, Tag):
            return ""
        if node.name == "br":
            return "<br>\n"
        inner = self.inline(node.children)
        if not inner.strip():
            return inner
        if node.name == "a":
            href = self.href(node)
            return f"[{inner}]({link_target(href)})" if href else inner
        if node.name in INLINE_MARKS:
            mark = INLINE_MARKS[node.name]
            lead, core, trail = split_space(inner)
            if core and (is_punctuation(core[0]) or is_punctuation(core[-1])):
                # CommonMark reads ``*. x*`` as text: such a span is written as HTML.
                return f"{lead}<{node.name}>{core}</{node.name}>{trail}"
            return f"{lead}{mark}{core}{mark}{trail}"
        if node.name == "code":
            text = node.get_text()
            ticks = "``" if "`" in text else "`"
            return f"{ticks}{protect_liquid(text)}{ticks}"
        if node.name in ("sup", "sub"):
            return f"<{node.name}>{inner}</{node.name}>"
        return inner

    def inline_html(self, value) -> str:
        """Rich text as inline HTML (inside ``<p class="notice">``), page links made URLs."""
        soup = BeautifulSoup(rich_text_source(value), "html.parser")
        for link in soup.find_all("a"):
            href = self.href(link)
            link.attrs = {"href": href} if href else {}
        paragraphs = soup.find_all("p", recursive=False)
        if paragraphs:
            return protect_liquid("<br>".join(p.decode_contents() for p in paragraphs))
        return protect_liquid(soup.decode())

    def href(self, link: Tag) -> str:
        if link.get("linktype") == "page":
            return self.page_url(link.get("id", ""))
        if link.get("linktype"):
            self.warnings.append(f"A {link['linktype']} link has no Jekyll form; kept its text.")
            return ""
        return link.get("href", "")


def rich_text_source(value) -> str:
    return value.source if isinstance(value, RichText) else str(value or "")


def escape_text(text: str) -> str:
    return protect_liquid(MARKDOWN_SPECIAL.sub(r"\\\1", text))


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P") or char in "*_~`"


def protect_liquid(text: str) -> str:
    """Text that Jekyll's Liquid leaves as it is: ``{{`` and ``{%`` inside ``{% raw %}``."""
    return LIQUID_MARKUP.sub(lambda match: f"{{% raw %}}{match[0]}{{% endraw %}}", text)


def protect_line_starts(text: str) -> str:
    """Escape what would make a line a heading, list item or quote."""
    return "\n".join(LINE_START_SPECIAL.sub(r"\1\\\2", line) for line in text.split("\n"))


def split_space(text: str) -> tuple[str, str, str]:
    """Emphasis marks must touch the words: move surrounding spaces outside them."""
    core = text.strip()
    start = text.index(core[0]) if core else 0
    return text[:start], core, text[start + len(core) :]


def link_target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def html_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def html_table(rows: list[list[str]], value: dict) -> str:
    header = bool(value.get("first_row_is_table_header"))
    parts = ["<table>"]
    if value.get("table_caption"):
        parts.append(f"<caption>{html_text(value['table_caption'])}</caption>")
    for number, row in enumerate(rows):
        cell = "th" if header and number == 0 else "td"
        parts.append("<tr>" + "".join(f"<{cell}>{html_text(c)}</{cell}>" for c in row) + "</tr>")
    parts.append("</table>")
    return "\n".join(parts)
