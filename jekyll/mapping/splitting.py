"""Cut a paragraph, list or quote at the pictures and players inside it.

Wagtail's rich text holds no pictures or players, so each becomes a block of its own.
To keep it where the reader saw it, the text around it is cut in two there: the words
before stay before, the words after come after, each part keeping its lists and quote
around it. A numbered list cut between its steps goes on with the next number
(``<ol start="3">``), so the steps of a how-to keep their numbers around their
screenshots. Pure functions on BeautifulSoup trees; the element given is left as it was.
"""

import copy
from dataclasses import dataclass

from bs4 import Tag

EMBEDDED_TAGS = ["img", "iframe", "video", "audio"]
CUT_MARK = "data-folio-cut"


@dataclass(frozen=True)
class Embedded:
    """A picture or player cut out of text; ``link`` is the address of a link that held
    only the picture (it goes with the picture)."""

    element: Tag
    link: str = ""


def split_at_embedded(element: Tag, also=()) -> list[Tag | Embedded]:
    """``element``'s parts in reading order: copies of it holding the text between the
    pictures and players (and elements named in ``also``), and those (:class:`Embedded`).
    Parts without text are left out."""
    parts = []
    rest = copy.copy(element)
    while (found := rest.find([*EMBEDDED_TAGS, *also])) is not None:
        unit = embedded_unit(found, rest)
        before, after = cut(rest, unit)
        parts += [before, Embedded(found, unit["href"] if unit is not found else "")]
        rest = after
    parts.append(rest)
    return [part for part in parts if not (isinstance(part, Tag) and is_empty(part))]


def embedded_unit(found: Tag, root: Tag) -> Tag:
    """What is cut out for ``found``: the link around a picture when it holds nothing else."""
    if found.name != "img":
        return found
    link = found.find_parent("a")
    if (
        link is not None
        and link.get("href")
        and root in link.parents
        and not link.get_text(strip=True)
        and len(link.find_all(EMBEDDED_TAGS)) == 1
    ):
        return link
    return found


def cut(root: Tag, unit: Tag) -> tuple[Tag, Tag]:
    """Copies of ``root``: what comes before ``unit``, and what comes after it."""
    unit[CUT_MARK] = ""
    before, after = copy.copy(root), copy.copy(root)
    del unit[CUT_MARK]
    before_path = path_to_mark(before)
    after_path = path_to_mark(after)
    for node in before_path:
        for sibling in list(node.next_siblings):
            sibling.extract()
    for node in after_path:
        for sibling in list(node.previous_siblings):
            sibling.extract()
    before_path[0].extract()
    after_path[0].extract()
    continue_numbering(before_path[1:], after_path[1:])
    for path in (before_path[1:], after_path[1:]):
        for node in path:
            if node is not before and node is not after and is_empty(node):
                node.extract()
    return before, after


def path_to_mark(root: Tag) -> list[Tag]:
    """The marked node and its ancestors up to (not including) ``root``'s parent."""
    marked = root.find(attrs={CUT_MARK: True})
    del marked[CUT_MARK]
    path = [marked]
    while path[-1] is not root:
        path.append(path[-1].parent)
    return path


def continue_numbering(before_path: list[Tag], after_path: list[Tag]):
    """Give each numbered list the cut went through the number its next item had."""
    for depth, (before_node, after_node) in enumerate(zip(before_path, after_path, strict=True)):
        if after_node.name != "ol" or depth == 0:
            continue
        item_before, item_after = before_path[depth - 1], after_path[depth - 1]
        number = list_start(after_node) + len(before_node.find_all("li", recursive=False)) - 1
        if is_empty(item_before):
            item_before.extract()
        if not is_empty(item_after):
            after_node["start"] = str(number)  # the item goes on below the picture
        else:
            item_after.extract()
            after_node["start"] = str(number + 1)


def list_start(element: Tag) -> int:
    try:
        return int(element.get("start") or 1)
    except ValueError:
        return 1


def is_empty(element: Tag) -> bool:
    """No words and no picture or player: nothing a reader would see."""
    return not element.get_text(strip=True) and element.find(EMBEDDED_TAGS) is None
