"""Redcarpet's line tests (``markdown.c``): what a line of a document starts, for
``redcarpet_blocks``. Positions are indexes into the document's text; a line ends after
its newline."""

from markdown_it.common.utils import normalizeReference

# Redcarpet 3.5's block-level HTML elements (its html_blocks.h; <center> is not one).
BLOCK_TAGS = set(
    "abbr address article aside audio blockquote canvas dd del details div dl "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr iframe ins "
    "math nav noscript ol output p pre script section style summary table tfoot ul video".split()
)


def blank_length(data: str, pos: int) -> int:
    """The length of the blank line at ``pos`` (newline included), 0 if it is not blank."""
    i = pos
    while i < len(data) and data[i] != "\n":
        if data[i] != " ":
            return 0
        i += 1
    return i - pos + 1


def line_end(data: str, pos: int) -> int:
    """Where the line at ``pos`` ends, after its newline."""
    newline = data.find("\n", pos)
    return len(data) if newline < 0 else newline + 1


def indentation(data: str, pos: int, most: int = 3) -> int:
    i = 0
    while i < most and pos + i < len(data) and data[pos + i] == " ":
        i += 1
    return i


def is_hrule(data: str, pos: int) -> bool:
    i = pos + indentation(data, pos)
    if i + 2 >= len(data) or data[i] not in "*-_":
        return False
    mark, count = data[i], 0
    while i < len(data) and data[i] != "\n":
        if data[i] == mark:
            count += 1
        elif data[i] != " ":
            return False
        i += 1
    return count >= 3


def headerline_level(data: str, pos: int) -> int:
    """1 or 2 when the line at ``pos`` underlines a heading (``===`` or ``---``)."""
    if pos >= len(data) or data[pos] not in "=-":
        return 0
    mark, i = data[pos], pos
    while i < len(data) and data[i] == mark:
        i += 1
    while i < len(data) and data[i] == " ":
        i += 1
    if i < len(data) and data[i] != "\n":
        return 0
    return 1 if mark == "=" else 2


def next_is_headerline(data: str, pos: int) -> bool:
    following = line_end(data, pos)
    return following < len(data) and bool(headerline_level(data, following))


def quote_prefix(data: str, pos: int) -> int:
    i = indentation(data, pos)
    if pos + i < len(data) and data[pos + i] == ">":
        return i + 2 if pos + i + 1 < len(data) and data[pos + i + 1] == " " else i + 1
    return 0


def code_prefix(data: str, pos: int) -> int:
    return 4 if data.startswith("    ", pos) and pos + 4 < len(data) else 0


def ordered_prefix(data: str, pos: int) -> int:
    i = pos + indentation(data, pos)
    digits = i
    while i < len(data) and data[i].isascii() and data[i].isdigit():
        i += 1
    if i == digits or not data.startswith(". ", i) or next_is_headerline(data, i):
        return 0
    return i + 2 - pos


def bullet_prefix(data: str, pos: int) -> int:
    i = pos + indentation(data, pos)
    if i + 1 >= len(data) or data[i] not in "*+-" or data[i + 1] != " ":
        return 0
    if next_is_headerline(data, i):
        return 0
    return i + 2 - pos


def code_fence(data: str, pos: int, opening: str = "") -> tuple[int, str, str] | None:
    """(length of the fence line, its fence, its language) for a fence line at ``pos``;
    a closing fence (``opening`` given) must repeat the opening one and name no language."""
    i = pos + indentation(data, pos)
    if i + 2 >= len(data) or data[i] not in "`~":
        return None
    mark = opening[0] if opening else data[i]
    start = i
    while i < len(data) and data[i] == mark:
        i += 1
    fence = data[start:i]
    if len(fence) < max(3, len(opening)):
        return None
    while i < len(data) and data[i] == " ":
        i += 1
    language_start = i
    if i < len(data) and data[i] == "{":
        close = data.find("}", i)
        if close < 0 or "\n" in data[i:close]:
            return None
        language = data[i + 1 : close].strip()
        i = close + 1
    else:
        while i < len(data) and data[i] not in " \n":
            i += 1
        language = data[language_start:i]
    if opening and language:
        return None
    end = line_end(data, i)
    if data[i:end].strip():
        return None
    return end - pos, fence, language


def html_end(data: str, pos: int, tag: str, *, start_of_line: bool) -> int:
    """The end of an HTML block opened by ``tag`` at ``pos``: after a matching end tag
    that ends its line (``htmlblock_end``), and after one blank line following it."""
    closing = f"</{tag}>"
    first_line_end = line_end(data, pos)
    i = pos
    while True:
        i = data.find("</", i + 1)
        if i < 0:
            return 0
        if start_of_line and i >= first_line_end and data[i - 1] != "\n":
            continue
        if data[i : i + len(closing)].lower() != closing:
            continue
        after = i + len(closing)
        blank = blank_length(data, after) if after < len(data) else 0
        if after < len(data) and not blank:
            continue
        after += blank
        return after + (blank_length(data, after) if after < len(data) else 0)


def table_alignments(underline: str, columns: int) -> list[str] | None:
    """The columns' alignments from a table's second line, or None if it is not one."""
    cells = underline[1:] if underline.startswith("|") else underline
    alignments, i = [], 0
    for _ in range(columns):
        if i >= len(cells):
            break
        while i < len(cells) and cells[i] == " ":
            i += 1
        left = i < len(cells) and cells[i] == ":"
        dashes = int(left)
        i += left
        while i < len(cells) and cells[i] == "-":
            i, dashes = i + 1, dashes + 1
        right = i < len(cells) and cells[i] == ":"
        dashes += right
        i += right
        while i < len(cells) and cells[i] == " ":
            i += 1
        if (i < len(cells) and cells[i] not in "|+") or dashes < 1:
            return None
        i += 1
        alignments.append(
            "center" if left and right else "left" if left else "right" if right else ""
        )
    return alignments if len(alignments) == columns else None


def reference_definition(line: str, references: dict) -> bool:
    """A ``[id]: url "title"`` line (``is_ref``), recorded as markdown-it records them."""
    indent = indentation(line, 0)
    if line.startswith("    ") or not line.startswith("[", indent):
        return False
    close = line.find("]", indent)
    if close < 0 or not line.startswith(":", close + 1):
        return False
    label = line[indent + 1 : close]
    rest = line[close + 2 :].strip(" \t")
    if not rest:
        return False
    url, _, title = rest.partition(" ")
    url = url[1:-1] if url.startswith("<") and url.endswith(">") else url
    title = title.strip()
    if title and not (title[0] in "\"'(" and title[-1] in "\"')"):
        return False
    key = normalizeReference(label)
    if url and key not in references:
        references[key] = {"href": url, "title": title[1:-1] if title else ""}
    return bool(url)


def footnote_definition(lines: list[str], index: int, footnotes: dict) -> int:
    """With the ``footnotes`` extension, a ``[^id]: text`` definition and its indented
    lines; how many lines it takes (0 if none starts here)."""
    line = lines[index]
    indent = indentation(line, 0)
    if not line.startswith("[^", indent):
        return 0
    close = line.find("]:", indent)
    if close < 0:
        return 0
    content, taken = [line[close + 2 :].lstrip(" ")], 1
    while index + taken < len(lines):
        following = lines[index + taken]
        if following.strip() and not following.startswith(" "):
            break
        content.append(following.strip() if following.strip() else "")
        taken += 1
    footnotes.setdefault(line[indent + 2 : close], "\n".join(content).strip() + "\n")
    return taken
