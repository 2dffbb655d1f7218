"""Values of single body blocks, each made from one HTML element (pure functions).

The shapes are those of :mod:`blog.blocks` (and ``wagtail.contrib.table_block``) in
their raw, JSON-like form.
"""

import re

from bs4 import NavigableString, Tag

from .rich_text import RichTextWriter, split_paragraphs, strip_breaks

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
NOTICE_FEATURES = ["bold", "italic", "link", "code"]
CALL_TO_ACTION_FEATURES = ["bold", "italic", "link"]
NOTICE_STYLES = {"warning": "warning", "danger": "warning", "success": "success", "tip": "tip"}
# The dash the quote block shows its attribution after: a last line written with another
# ("-- Name", "~ Name") stays the quote's own text, as readers saw it.
ATTRIBUTION_DASH = re.compile(r"^\s*—\s*")


def plain_text(nodes) -> str:
    """The text of ``nodes``: line breaks kept, other whitespace collapsed."""
    parts = []
    for node in nodes:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                parts.append("\n")
            else:
                parts.append(plain_text(node.children))
    lines = "".join(parts).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def one_line(nodes) -> str:
    return " ".join(plain_text(nodes).split())


def heading_value(element: Tag) -> dict | None:
    """h2–h4 stay; h1 (the post title's level) becomes h2, h5/h6 become h4. (Its link is
    added by the mapper: ``links.heading_link``.)"""
    text = one_line(element.children)
    if not text:
        return None
    return {"text": text[:255], "level": HEADING_LEVELS[element.name]}


def code_value(element: Tag) -> dict | None:
    """A ``<pre>``; the language comes from a ``language-xxx`` class (Markdown's fences),
    line numbers from ``data-linenos`` (``{% highlight x linenos %}``)."""
    code = element.get_text()
    if code.endswith("\n"):
        code = code[:-1]
    if not code.strip():
        return None
    language = ""
    for tag in [element.find("code"), element]:
        for css_class in (tag.get("class") or []) if tag else []:
            if css_class.startswith(("language-", "lang-")):
                language = css_class.split("-", 1)[1]
                break
        if language:
            break
    value = {"language": language[:40], "code": code}
    if element.has_attr("data-linenos"):  # as the rendering marks Jekyll's linenos
        value["line_numbers"] = True
    return value


def table_value(element: Tag) -> tuple[dict, str]:
    """A table block value, and a note on what its cells could not keep ('' if nothing)."""
    rows = [row for row in element.find_all("tr") if row.find_parent("table") is element]
    data = [[one_line(cell.children) for cell in row.find_all(["th", "td"])] for row in rows]
    width = max((len(row) for row in data), default=0)
    data = [row + [""] * (width - len(row)) for row in data]
    first_row = rows[0].find_all(["th", "td"]) if rows else []
    has_header = element.find("thead") is not None or (
        bool(first_row) and all(cell.name == "th" for cell in first_row)
    )
    caption = element.find("caption")
    lost = []
    if any(cell.find("a", href=True) for row in rows for cell in row.find_all(["th", "td"])):
        lost.append("links")
    if element.find("img"):
        lost.append("images")
    return (
        {
            "data": data,
            "first_row_is_table_header": has_header,
            "first_col_is_header": False,
            "table_header_choice": "row" if has_header else "neither",
            "table_caption": one_line([caption]) if caption else "",
        },
        " and ".join(lost),
    )


def quote_value(element: Tag) -> dict | None:
    """A plain-text quote; a ``<cite>``/``<footer>`` or a final '— Name' line is the attribution."""
    attribution = ""
    credit = element.find(["cite", "footer"])
    if credit is not None:
        attribution = one_line([credit])
        credit.decompose()
    paragraphs = [plain_text(group) for group in split_paragraphs(element)]
    paragraphs = [text for text in paragraphs if text]
    if not attribution and len(paragraphs) > 1 and ATTRIBUTION_DASH.match(paragraphs[-1]):
        attribution = ATTRIBUTION_DASH.sub("", paragraphs.pop())
    if not paragraphs:
        return None
    return {"text": "\n\n".join(paragraphs), "attribution": attribution[:255]}


def notice_value(element: Tag, classes: set[str], removed) -> dict | None:
    """``<p class="notice">`` (or ``notice--warning`` etc.) with its links and emphasis."""
    style = "info"
    for css_class in classes:
        style = NOTICE_STYLES.get(css_class.removeprefix("notice--"), style)
    writer = RichTextWriter(NOTICE_FEATURES, removed)
    text = (
        writer.paragraphs_of(element) if element.name != "p" else writer.paragraph(element.children)
    )
    if not text:
        return None
    return {"style": style, "text": text}


def call_to_action_value(
    element: Tag, *, link: Tag, url: str, image, removed, external_image_url: str = ""
) -> dict:
    """The guests-only block: an image link alone stays an image link (style "image",
    no words of its own); otherwise a banner whose link is the button, its heading the
    block's heading (the image's alt is the image's, never repeated as words).

    ``url`` is the link as written in the post; it is kept exactly (tracking links).
    """
    picture = element.find("img")
    image_alt = " ".join((picture.get("alt") or "").split()) if picture else ""
    link_text = one_line(link.children)
    heading_element = element.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    heading = one_line([heading_element]) if heading_element else ""
    if heading_element is not None:
        heading_element.decompose()
    link.decompose()
    for found in element.find_all("img"):
        found.decompose()
    text = strip_breaks(RichTextWriter(CALL_TO_ACTION_FEATURES, removed).paragraphs_of(element))
    has_picture = image is not None or bool(external_image_url)
    image_link = has_picture and not (heading or text or link_text)
    return {
        "snippet": None,
        "heading": heading[:255],
        "text": text,
        "image": image,
        "external_image_url": external_image_url,
        "image_alt": image_alt[:255],
        "button_label": "" if image_link else (link_text or image_alt or "Get started")[:80],
        "url": url,
        "audience": "guests",
        "style": "image" if image_link else "banner",
    }
