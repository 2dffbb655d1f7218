"""Redcarpet's block structure, read as Redcarpet (3.5, Jekyll 3's engine) reads it.

Redcarpet is not CommonMark with a few switches: its blocks follow other rules, and
posts written for it rely on them. A paragraph is not broken by a list or a code fence
(only by a blank line, a heading, a rule or a quote); ``##Heading`` needs no space; a
list item nested by a single space is a sub-list (any indentation other than its
parent's is); a blank line between two quoted lines keeps one quote; an HTML block
element runs to its end tag at the end of a line, and Markdown right under it is
Markdown again. Bending CommonMark's block rules that far would leave little of them,
so this module reads the blocks the way Redcarpet's ``markdown.c`` does, line by line,
into markdown-it tokens; markdown-it then reads the text inside them (``redcarpet``
adds Redcarpet's inline rules).
"""

from markdown_it.token import Token

from .redcarpet_lines import (
    BLOCK_TAGS,
    blank_length,
    bullet_prefix,
    code_fence,
    code_prefix,
    footnote_definition,
    headerline_level,
    html_end,
    indentation,
    is_hrule,
    line_end,
    ordered_prefix,
    quote_prefix,
    reference_definition,
    table_alignments,
)


class RedcarpetBlocks:
    """Reads a document's blocks into tokens; ``extensions`` are Redcarpet's names."""

    def __init__(self, extensions: set[str]):
        self.extensions = extensions

    def has(self, name: str) -> bool:
        return name in self.extensions

    # --- the document -----------------------------------------------------------------

    def tokens(self, source: str, env: dict) -> list[Token]:
        text = self.first_pass(source, env)
        tokens: list[Token] = []
        if text:
            self.blocks(text if text.endswith("\n") else text + "\n", tokens, 0)
        return tokens

    def first_pass(self, source: str, env: dict) -> str:
        """The text without reference definitions (collected into ``env``) and, with the
        ``footnotes`` extension, footnote definitions; tabs expanded to four columns."""
        references = env.setdefault("references", {})
        footnotes = env.setdefault("redcarpet_footnotes", {})
        lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        kept, index, fence = [], 0, ""
        while index < len(lines):
            line = lines[index]
            fenced = self.has("fenced_code_blocks") and code_fence(line + "\n", 0, fence)
            if fenced:
                fence = "" if fence else fenced[1]
            if not fence and self.has("footnotes"):
                taken = footnote_definition(lines, index, footnotes)
                if taken:
                    index += taken
                    continue
            if not fence and reference_definition(line, references):
                index += 1
                continue
            kept.append(line.expandtabs(4))
            index += 1
        return "\n".join(kept)

    # --- blocks -------------------------------------------------------------------------

    def blocks(self, data: str, tokens: list[Token], level: int):
        pos = 0
        while pos < len(data):
            if data[pos] == "#" and self.is_atx_heading(data, pos):
                pos = self.atx_heading(data, pos, tokens, level)
            elif data[pos] == "<" and (html_end := self.html_block_end(data, pos)):
                self.leaf(tokens, "html_block", level, data[pos:html_end])
                pos = html_end
            elif blank := blank_length(data, pos):
                pos += blank
            elif is_hrule(data, pos):
                tokens.append(leaf_token("hr", "hr", level))
                pos = line_end(data, pos)
            elif self.has("fenced_code_blocks") and (fenced := self.fenced_code(data, pos)):
                code, language, pos = fenced
                self.leaf(tokens, "fence", level, code, info=language)
            elif self.has("tables") and (table_end := self.table(data, pos, tokens, level)):
                pos = table_end
            elif quote_prefix(data, pos):
                pos = self.blockquote(data, pos, tokens, level)
            elif not self.has("disable_indented_code_blocks") and code_prefix(data, pos):
                pos = self.indented_code(data, pos, tokens, level)
            elif bullet_prefix(data, pos):
                pos = self.list(data, pos, tokens, level, ordered=False)
            elif ordered_prefix(data, pos):
                pos = self.list(data, pos, tokens, level, ordered=True)
            else:
                pos = self.paragraph(data, pos, tokens, level)

    def leaf(self, tokens, kind, level, content, info=""):
        token = leaf_token(kind, "code" if kind == "fence" else "", level)
        token.content, token.info, token.block = content, info, True
        tokens.append(token)

    def inline(self, tokens, level, text):
        token = Token("inline", "", 0, level=level, content=text, children=[], block=True)
        tokens.append(token)

    def is_atx_heading(self, data: str, pos: int) -> bool:
        if not self.has("space_after_headers"):
            return True
        level = 0
        while level < 6 and pos + level < len(data) and data[pos + level] == "#":
            level += 1
        return pos + level >= len(data) or data[pos + level] == " "

    def atx_heading(self, data, pos, tokens, level) -> int:
        count = 0
        while count < 6 and data[pos + count : pos + count + 1] == "#":
            count += 1
        end = line_end(data, pos)
        text = data[pos + count : end].rstrip("\n").lstrip(" ").rstrip("#").rstrip(" ")
        if text:
            self.heading(tokens, level, count, text)
        return end

    def heading(self, tokens, level, count, text):
        tokens.append(Token("heading_open", f"h{count}", 1, level=level, block=True))
        self.inline(tokens, level + 1, text)
        tokens.append(Token("heading_close", f"h{count}", -1, level=level, block=True))

    def html_block_end(self, data: str, pos: int) -> int:
        """Where an HTML block starting at ``pos`` ends, or 0 when none starts there."""
        i = pos + 1
        while i < len(data) and data[i] not in "> \n":
            i += 1
        tag = data[pos + 1 : i].lower()
        if tag not in BLOCK_TAGS or tag == "hr":
            if data.startswith("<!--", pos):
                close = data.find("-->", pos + 4)
                after = close + 3 if close >= 0 else len(data)
                blank = blank_length(data, after) if after < len(data) else 0
                return after + blank if blank else 0
            if tag.startswith("hr"):
                close = data.find(">", pos)
                blank = blank_length(data, close + 1) if 0 <= close < len(data) - 1 else 0
                return close + 1 + blank if blank else 0
            return 0
        end = html_end(data, pos, tag, start_of_line=True)
        if not end and tag not in ("ins", "del"):
            end = html_end(data, pos, tag, start_of_line=False)
        return end

    def fenced_code(self, data: str, pos: int):
        opening = code_fence(data, pos)
        if opening is None:
            return None
        length, fence, language = opening
        i, code = pos + length, []
        while i < len(data):
            closing = code_fence(data, i, fence)
            if closing is not None:
                i += closing[0]
                break
            end = line_end(data, i)
            code.append("\n" if blank_length(data, i) else data[i:end])
            i = end
        text = "".join(code)
        return (text if not text or text.endswith("\n") else text + "\n"), language, i

    def table(self, data, pos, tokens, level) -> int:
        header_end = line_end(data, pos)
        header = data[pos:header_end].rstrip("\n")
        if "|" not in header or header_end >= len(data):
            return 0
        trimmed = header.rstrip(" ")
        columns = trimmed.count("|") + 1 - trimmed.startswith("|") - trimmed.endswith("|")
        under_end = line_end(data, header_end)
        alignments = table_alignments(data[header_end:under_end].rstrip("\n"), columns)
        if alignments is None:
            return 0
        table: list[Token] = [Token("table_open", "table", 1, level=level, block=True)]
        table.append(Token("thead_open", "thead", 1, level=level + 1, block=True))
        self.table_row(table, header, alignments, "th", level + 2)
        table.append(Token("thead_close", "thead", -1, level=level + 1, block=True))
        table.append(Token("tbody_open", "tbody", 1, level=level + 1, block=True))
        i = under_end
        while i < len(data):
            end = line_end(data, i)
            row = data[i:end]
            if "|" not in row or not row.endswith("\n"):
                break
            self.table_row(table, row.rstrip("\n"), alignments, "td", level + 2)
            i = end
        table.append(Token("tbody_close", "tbody", -1, level=level + 1, block=True))
        table.append(Token("table_close", "table", -1, level=level, block=True))
        tokens.extend(table)
        return i

    def table_row(self, tokens, row, alignments, cell_tag, level):
        cells = row[1:] if row.startswith("|") else row
        parts = cells.split("|")
        tokens.append(Token("tr_open", "tr", 1, level=level, block=True))
        for column, alignment in enumerate(alignments):
            cell = Token(f"{cell_tag}_open", cell_tag, 1, level=level + 1, block=True)
            if alignment:
                cell.attrSet("style", f"text-align: {alignment}")
            tokens.append(cell)
            self.inline(tokens, level + 2, parts[column].strip(" ") if column < len(parts) else "")
            tokens.append(Token(f"{cell_tag}_close", cell_tag, -1, level=level + 1, block=True))
        tokens.append(Token("tr_close", "tr", -1, level=level, block=True))

    def blockquote(self, data, pos, tokens, level) -> int:
        work, i = [], pos
        while i < len(data):
            end = line_end(data, i)
            prefix = quote_prefix(data, i)
            if prefix:
                work.append(data[i + prefix : end])
            elif blank_length(data, i) and (
                end >= len(data) or (not quote_prefix(data, end) and not blank_length(data, end))
            ):
                break
            else:
                work.append(data[i:end])
            i = end
        tokens.append(Token("blockquote_open", "blockquote", 1, level=level, block=True))
        self.blocks("".join(work), tokens, level + 1)
        tokens.append(Token("blockquote_close", "blockquote", -1, level=level, block=True))
        return i

    def indented_code(self, data, pos, tokens, level) -> int:
        work, i = [], pos
        while i < len(data):
            end = line_end(data, i)
            prefix = code_prefix(data, i)
            if not prefix and not blank_length(data, i):
                break
            work.append("\n" if blank_length(data, i) else data[i + prefix : end])
            i = end
        self.leaf(tokens, "code_block", level, "".join(work).rstrip("\n") + "\n")
        return i

    def paragraph(self, data, pos, tokens, level) -> int:
        i, end, heading_level, last_blank = pos, pos, 0, True
        while i < len(data):
            end = line_end(data, i)
            if blank_length(data, i):
                break
            if not last_blank and (heading_level := headerline_level(data, i)):
                break
            last_blank = False
            if (
                (data[i] == "#" and self.is_atx_heading(data, i))
                or is_hrule(data, i)
                or quote_prefix(data, i)
            ):
                end = i
                break
            if self.has("lax_spacing") and not data[i].isalpha() and self.interrupts(data, i):
                end = i
                break
            i = end
        text = data[pos:i].rstrip("\n")
        if heading_level:
            lines = text.split("\n")
            if len(lines) > 1:
                self.paragraph_tokens(tokens, level, "\n".join(lines[:-1]))
            self.heading(tokens, level, heading_level, lines[-1])
        elif text:
            self.paragraph_tokens(tokens, level, text)
        return end

    def interrupts(self, data, i) -> bool:
        """With ``lax_spacing``, what may start right under a paragraph line."""
        return bool(
            ordered_prefix(data, i)
            or bullet_prefix(data, i)
            or (data[i] == "<" and self.html_block_end(data, i))
            or (self.has("fenced_code_blocks") and code_fence(data, i))
        )

    def paragraph_tokens(self, tokens, level, text):
        tokens.append(Token("paragraph_open", "p", 1, level=level, block=True))
        self.inline(tokens, level + 1, text.lstrip(" "))
        tokens.append(Token("paragraph_close", "p", -1, level=level, block=True))

    def list(self, data, pos, tokens, level, *, ordered: bool) -> int:
        kind = "ordered_list" if ordered else "bullet_list"
        tag = "ol" if ordered else "ul"
        items: list[Token] = []
        state = {"block": False, "end": False}
        i = pos
        while i < len(data):
            taken = self.list_item(data, i, items, level + 1, ordered, state)
            i += taken
            if not taken or state["end"]:
                break
        tokens.append(Token(f"{kind}_open", tag, 1, level=level, block=True))
        tokens.extend(items)
        tokens.append(Token(f"{kind}_close", tag, -1, level=level, block=True))
        return i

    def list_item(self, data, pos, tokens, level, ordered, state) -> int:
        """One item (``parse_listitem``); ``state`` carries the list's flags."""
        original_indent = indentation(data, pos)
        start = bullet_prefix(data, pos) or ordered_prefix(data, pos)
        if not start:
            return 0
        end = line_end(data, pos)
        work = [data[pos + start : end]]
        i = end
        sublist = 0
        in_empty = inside_empty = in_fence = False
        fence = ""
        while i < len(data):
            end = line_end(data, i)
            if blank_length(data, i):
                in_empty, i = True, end
                continue
            indent = indentation(data, i, most=4)
            if self.has("fenced_code_blocks"):
                fenced = code_fence(data, i + indent, fence if in_fence else "")
                if fenced is not None:
                    in_fence, fence = not in_fence, fenced[1]
            next_bullet = not in_fence and bullet_prefix(data, i + indent)
            next_ordered = not in_fence and ordered_prefix(data, i + indent)
            if in_empty and ((ordered and next_bullet) or (not ordered and next_ordered)):
                state["end"] = True
                break
            if (next_bullet and not is_hrule(data, i + indent)) or next_ordered:
                if in_empty:
                    inside_empty = True
                if indent == original_indent:
                    break
                if not sublist:
                    sublist = len("".join(work))
            elif in_empty and indent < 4:
                state["end"] = True
                break
            elif in_empty:
                work.append("\n")
                inside_empty = True
            in_empty = False
            work.append(data[i + indent : end])
            i = end
        if inside_empty:
            state["block"] = True
        content = "".join(work)
        tokens.append(Token("list_item_open", "li", 1, level=level, block=True))
        head, tail = (content[:sublist], content[sublist:]) if sublist else (content, "")
        if state["block"]:
            self.blocks(head, tokens, level + 1)
        else:
            self.inline(tokens, level + 1, head.strip("\n"))
        if tail:
            self.blocks(tail, tokens, level + 1)
        tokens.append(Token("list_item_close", "li", -1, level=level, block=True))
        return i - pos


def leaf_token(kind: str, tag: str, level: int) -> Token:
    return Token(kind, tag, 0, level=level, block=True)
