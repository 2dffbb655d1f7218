"""What a reader gets from a post body: the words in order, and what they would miss.

Links (text and target), pictures and videos (with the words just before each, so that
one moved below its paragraph shows), headings, code (language, text, line numbers),
tables, list items, quotes, and Markdown left on the page as text. Read the same way
from Jekyll's HTML and from Folio's page, for :mod:`jekyll.reference` to compare.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from .fidelity import BLOCK_TAGS, INVISIBLE_TAGS
from .mapping.images import humanise_file_name

# Words before a picture that place it ("in place" means after the same words).
PLACE_WORDS = 3
# Line-number gutters: Rouge's (Jekyll) and Pygments' (Folio). Numbers, not text.
GUTTER_CLASSES = {"gutter", "lineno", "linenos", "linenodiv"}
NO_LANGUAGE = {"", "plaintext", "plain", "text", "txt"}
LITERAL_MARKDOWN = {
    "**": re.compile(r"\*\*"),
    "__": re.compile(r"(?<![\w_])__(?=\w)|(?<=\w)__(?![\w_])"),
    "](": re.compile(r"\]\s?\("),
    "![": re.compile(r"!\["),
    "##": re.compile(r"(?<!\S)#{2,6}(?=\S)"),
    "```": re.compile(r"```|~~~"),
    "~~": re.compile(r"~~"),
    "[^": re.compile(r"\[\^"),
    "{:": re.compile(r"\{:"),
}
VIDEO_ID = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?v=|shorts/)|youtu\.be/|"
    r"player\.vimeo\.com/video/|vimeo\.com/)(?P<id>[\w-]+)"
)


@dataclass(frozen=True)
class Media:
    kind: str  # "image" or "video"
    identity: str  # alt text or file name; a video's file or provider id
    before: tuple[str, ...]  # the words just before it


@dataclass(frozen=True)
class Code:
    language: str
    text: str
    line_numbers: bool


@dataclass
class BodyFacts:
    """What a reader gets from one post body."""

    words: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    code: list[Code] = field(default_factory=list)
    tables: list[tuple] = field(default_factory=list)
    lists: list[tuple] = field(default_factory=list)  # (kind of list, item text)
    quotes: list[str] = field(default_factory=list)
    literal_markdown: Counter = field(default_factory=Counter)


def body_facts(html: str) -> BodyFacts:
    soup = BeautifulSoup(html or "", "html.parser")
    facts = BodyFacts()
    pieces: list[str] = []
    prose: list[str] = []  # text outside code, for literal Markdown

    def words_so_far() -> tuple[str, ...]:
        return tuple("".join(pieces).split()[-PLACE_WORDS:])

    def walk(node, in_code: bool):
        for child in list(node.children):
            if isinstance(child, Comment | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                pieces.append(str(child))
                if not in_code:
                    prose.append(str(child))
                continue
            if child.name in INVISIBLE_TAGS or is_gutter(child):
                continue
            if child.name in ("img", "video", "iframe"):
                media = media_of(child, words_so_far())
                if media is not None:
                    facts.media.append(media)
                continue
            separate = child.name in BLOCK_TAGS
            if separate:
                pieces.append(" ")
                prose.append("\n")
            walk(child, in_code or child.name in ("pre", "code"))
            if separate:
                pieces.append(" ")
                prose.append("\n")

    walk(soup, False)
    facts.words = "".join(pieces).split()
    prose_text = "".join(prose)
    for mark, pattern in LITERAL_MARKDOWN.items():
        count = len(pattern.findall(prose_text))
        if count:
            facts.literal_markdown[mark] = count
    # A link inside a link (Redcarpet autolinks a URL inside raw HTML's <a>) is one link
    # to a reader: browsers never nest them.
    facts.links = [
        (link_text(a), a["href"].strip())
        for a in soup.find_all("a", href=True)
        if not a["href"].strip().startswith("#")
        and not inside_gutter(a)
        and a.find_parent("a", href=True) is None
    ]
    facts.headings = [text_of(h) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    facts.code = [code_of(pre) for pre in soup.find_all("pre") if is_code_block(pre)]
    facts.tables = [
        table_of(table)
        for table in soup.find_all("table")
        if not table.find_parent("pre") and not is_code_table(table)
    ]
    # Items in reading order, by kind of list: a list Folio splits around a picture it
    # held reads the same, its items in the same order.
    facts.lists = [
        (found.name, item)
        for found in soup.find_all(["ul", "ol", "dl"])
        for item in items_of(found)
    ]
    facts.quotes = [quote_of(quote) for quote in soup.find_all("blockquote")]
    return facts


def text_of(element: Tag) -> str:
    """The text a reader sees in ``element``: inline parts joined as they read, block
    parts and line breaks apart."""
    pieces = []
    for node in element.descendants:
        if isinstance(node, Comment | Doctype | ProcessingInstruction):
            continue
        if isinstance(node, NavigableString):
            if not any(p.name in INVISIBLE_TAGS for p in node.parents if isinstance(p, Tag)):
                pieces.append(str(node))
        elif node.name in BLOCK_TAGS:
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def link_text(link: Tag) -> str:
    text = text_of(link)
    if not text:
        picture = link.find("img")
        text = " ".join((picture.get("alt") or "").split()) if picture else ""
    return text


def is_gutter(element: Tag) -> bool:
    return bool(GUTTER_CLASSES & set(element.get("class") or []))


def inside_gutter(element: Tag) -> bool:
    return any(is_gutter(parent) for parent in element.parents if isinstance(parent, Tag))


def media_of(element: Tag, before: tuple[str, ...]) -> Media | None:
    if element.name == "img":
        # A picture without alt text is named by its file, as the import names it.
        alt = " ".join((element.get("alt") or "").split())
        return Media("image", alt or humanise_file_name(file_name(element.get("src", ""))), before)
    if element.name == "video":
        source = element.get("src") or next(
            (s.get("src") for s in element.find_all("source") if s.get("src")), ""
        )
        return Media("video", file_name(source), before)
    source = element.get("src") or element.get("data-src") or ""
    match = VIDEO_ID.search(source)
    return Media("video", match["id"] if match else source, before)


def file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def is_code_block(pre: Tag) -> bool:
    """An outermost ``<pre>`` (Rouge nests two inside one for line numbers)."""
    return pre.find_parent("pre") is None and not inside_gutter(pre) and not is_gutter(pre)


def is_code_table(table: Tag) -> bool:
    classes = set(table.get("class") or [])
    return bool(classes & {"rouge-table", "highlighttable"})


def code_of(pre: Tag) -> Code:
    numbered = (
        pre.has_attr("data-linenos")
        or pre.find(class_=lambda c: c in GUTTER_CLASSES) is not None
        or any(is_code_table(t) for t in pre.find_parents("table"))
    )
    body = pre.find("td", class_="code") or pre
    text = "".join(
        str(node)
        for node in body.find_all(string=True)
        if not inside_gutter(node.parent) and not is_gutter(node.parent)
    )
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return Code(language_of(pre), "\n".join(lines), numbered)


def language_of(pre: Tag) -> str:
    for element in [*pre.find_all("code", limit=1), pre, *pre.parents]:
        if not isinstance(element, Tag) or element.name == "[document]":
            break
        if element.get("data-lang"):
            return normal_language(element["data-lang"])
        for css_class in element.get("class") or []:
            if css_class.startswith("language-"):
                return normal_language(css_class.removeprefix("language-"))
        label = re.fullmatch(r"Code \((?P<language>[^)]*)\)", element.get("aria-label", ""))
        if label:
            return normal_language(label["language"])
    return ""


def normal_language(name: str) -> str:
    name = name.strip().lower()
    return "" if name in NO_LANGUAGE else name


def table_of(table: Tag) -> tuple:
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    return tuple(tuple(text_of(cell) for cell in row.find_all(["th", "td"])) for row in rows)


def items_of(found: Tag) -> tuple:
    items = found.find_all(["li", "dt", "dd"], recursive=False)
    texts = []
    for item in items:
        copy = BeautifulSoup(str(item), "html.parser")
        for nested in copy.find_all(["ul", "ol", "dl"]):
            nested.decompose()
        texts.append(text_of(copy))
    return tuple(texts)


def quote_of(quote: Tag) -> str:
    """A quote's text; Folio shows its attribution in the quote's figure caption."""
    text = text_of(quote)
    figure = quote.parent if isinstance(quote.parent, Tag) else None
    caption = figure.find("figcaption") if figure is not None and figure.name == "figure" else None
    return f"{text} {text_of(caption)}".strip() if caption else text
