"""Emphasis as Redcarpet finds it (``char_emphasis`` and ``parse_emph1/2/3``).

CommonMark pairs ``*`` and ``_`` runs by its delimiter rules; Redcarpet looks ahead from
an opening run for the first closing one, skipping links, and nests what it finds. The
two agree on ordinary text and differ on runs like ``***a** b*`` or ``****x****``, which
real posts do have: this reads them Redcarpet's way, as a markdown-it inline rule. With
the ``strikethrough`` extension ``~~`` is read the same way (as Redcarpet does), and
``highlight`` (``==``) and ``underline`` (``_``) change what is written.
"""

from markdown_it import MarkdownIt

SPACE = " \n"


def is_word_character(char: str) -> bool:
    return char.isascii() and char.isalnum()


class RedcarpetEmphasis:
    def __init__(self, *, no_intra_emphasis: bool, markers: str, underline: bool):
        self.no_intra_emphasis = no_intra_emphasis
        self.markers = markers
        self.underline = underline

    def rule(self, state, silent) -> bool:
        s, start, end = state.src, state.pos, state.posMax
        found = self.char_emphasis(s, start, end)
        if found is None:
            return False
        consumed, levels, inner_start, inner_end, marker = found
        if not silent:
            inner = state.md.inline.parse(s[inner_start:inner_end], state.md, state.env, [])
            tags = self.tags(levels, marker)
            for tag in tags:
                state.push(f"{tag}_open", TAG_NAMES[tag], 1)
            state.tokens.extend(inner)
            for tag in reversed(tags):
                state.push(f"{tag}_close", TAG_NAMES[tag], -1)
        state.pos = start + consumed
        return True

    def tags(self, levels: int, marker: str) -> list[str]:
        if marker == "~":
            return ["s"]
        if marker == "=":
            return ["mark"]
        if levels == 3:
            return ["strong", "em"]
        if levels == 2:
            return ["strong"]
        return ["u" if self.underline and marker == "_" else "em"]

    # --- Redcarpet's functions: a window s[start:end] of the text --------------------

    def char_emphasis(self, s, start, end):
        """(consumed, levels, inner start, inner end, marker) for a run at ``start``."""
        size = end - start
        c = s[start]
        if c not in self.markers:
            return None
        if self.no_intra_emphasis and start > 0 and is_word_character(s[start - 1]):
            return None
        if size > 2 and s[start + 1] != c:
            if c in "~=" or s[start + 1] in SPACE:
                return None
            found = self.emph1(s, start + 1, end, c)
            return None if found is None else (found[0] + 1, 1, *found[1:], c)
        if size > 3 and s[start + 1] == c and s[start + 2] != c:
            if s[start + 2] in SPACE:
                return None
            found = self.emph2(s, start + 2, end, c)
            return None if found is None else (found[0] + 2, 2, *found[1:], c)
        if size > 4 and s[start + 1] == c and s[start + 2] == c and s[start + 3] != c:
            if c in "~=" or s[start + 3] in SPACE:
                return None
            found = self.emph3(s, start + 3, end, c)
            return None if found is None else (found[0] + 3, found[1], *found[2:], c)
        return None

    def emph1(self, s, start, end, c):
        """Single emphasis from ``start``: (consumed, inner start, inner end)."""
        size = end - start
        i = 1 if size > 1 and s[start] == c and s[start + 1] == c else 0
        while i < size:
            length = find_emph_char(s, start + i, end, c)
            if not length:
                return None
            i += length
            if i >= size:
                return None
            if s[start + i] == c and s[start + i - 1] not in SPACE:
                if self.no_intra_emphasis and i + 1 < size and is_word_character(s[start + i + 1]):
                    continue
                return i + 1, start, start + i
        return None

    def emph2(self, s, start, end, c):
        size = end - start
        i = 0
        while i < size:
            length = find_emph_char(s, start + i, end, c)
            if not length:
                return None
            i += length
            if (
                i + 1 < size
                and s[start + i] == c
                and s[start + i + 1] == c
                and i
                and s[start + i - 1] not in SPACE
            ):
                return i + 2, start, start + i
            i += 1
        return None

    def emph3(self, s, start, end, c):
        """Triple emphasis: (consumed, levels, inner start, inner end); a closing run of
        one or two hands over to double or single emphasis, as Redcarpet does."""
        size = end - start
        i = 0
        while i < size:
            length = find_emph_char(s, start + i, end, c)
            if not length:
                return None
            i += length
            if s[start + i] != c or s[start + i - 1] in SPACE:
                continue
            if i + 2 < size and s[start + i + 1] == c and s[start + i + 2] == c:
                return i + 3, 3, start, start + i
            if i + 1 < size and s[start + i + 1] == c:
                found = self.emph1(s, start - 2, end, c)
                return None if found is None else (found[0] - 2, 1, *found[1:])
            found = self.emph2(s, start - 1, end, c)
            return None if found is None else (found[0] - 1, 2, *found[1:])
        return None


def find_emph_char(s: str, start: int, end: int, c: str) -> int:
    """The offset from ``start`` of the next ``c`` that can close emphasis, skipping
    escaped ones and what links hold; 0 when there is none (``find_emph_char``)."""
    size = end - start
    i = 1
    while i < size:
        while i < size and s[start + i] != c and s[start + i] != "[":
            i += 1
        if i == size:
            return 0
        if s[start + i - 1] == "\\":
            i += 1
            continue
        if s[start + i] == c:
            return i
        # A link: its text and its target (or id) are skipped.
        first = 0
        i += 1
        while i < size and s[start + i] != "]":
            if not first and s[start + i] == c:
                first = i
            i += 1
        i += 1
        while i < size and s[start + i] in SPACE:
            i += 1
        if i >= size:
            return first
        closing = {"[": "]", "(": ")"}.get(s[start + i])
        if closing is None:
            if first:
                return first
            continue
        i += 1
        while i < size and s[start + i] != closing:
            if not first and s[start + i] == c:
                first = i
            i += 1
        if i >= size:
            return first
        i += 1
    return 0


TAG_NAMES = {"em": "em", "strong": "strong", "s": "s", "mark": "mark", "u": "u"}


def redcarpet_emphasis(md: MarkdownIt, extensions: set[str]):
    markers = (
        "*_"
        + ("~" if "strikethrough" in extensions else "")
        + ("=" if "highlight" in extensions else "")
    )
    emphasis = RedcarpetEmphasis(
        no_intra_emphasis="no_intra_emphasis" in extensions,
        markers=markers,
        underline="underline" in extensions,
    )
    md.inline.ruler.at("emphasis", emphasis.rule)
    md.disable("strikethrough", ignoreInvalid=True)
