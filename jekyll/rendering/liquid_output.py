"""How Jekyll's Liquid writes a value out, with the work it may take bounded.

Ruby's Liquid writes a list as its items one after the other (``Array#join`` flattens
nested lists), a mapping as Ruby's ``inspect`` shows it (``{"a"=>1}``), ``nil`` as
nothing, ``true``/``false`` in lower case and a time as ``2021-01-16 14:30:00 +0000``.

A value can be far larger written out than in memory: a list that repeats itself
through YAML aliases, a long string used a thousand times. What the output statements
of one post write is bounded (``MAX_OUTPUT`` characters, ``MAX_STEPS`` values visited,
all statements together); past that the post fails with :class:`LiquidBoundError`.
"""

import datetime
import json
from dataclasses import dataclass

from liquid.builtin.output import Output, OutputNode
from liquid.undefined import Undefined

MAX_OUTPUT = 1_000_000
MAX_STEPS = 100_000
# Where a render keeps its budget and its warnings: not a name Liquid can write.
BUDGET = "folio budget"
WARNINGS = "folio warnings"


class LiquidBoundError(ValueError):
    """A post's Liquid writes out more than it may."""


@dataclass
class Budget:
    """What the output statements of one post may still write (characters) and visit."""

    characters: int = MAX_OUTPUT
    steps: int = MAX_STEPS


class Literal(str):
    """Punctuation of a value shown as Ruby's ``inspect`` (``[``, ``=>``…), written as is."""


def liquid_text(value, budget: Budget, expression: str, *, inspected: bool = False) -> str:
    """``value`` written out as Jekyll's Liquid writes it, within ``budget``.

    Walked with a stack of its own rather than ``str()``: a value repeating itself
    through aliases is small in memory but huge written out, and the walk stops as soon
    as the budget is spent. Items are either values to write (a list is flattened, as
    Ruby's ``Array#join``) or, inside a mapping, values to show as Ruby's ``inspect``.
    """
    pieces = []
    stack = [(value, inspected)]
    while stack:
        item, inspected = stack.pop()
        budget.steps -= 1
        if budget.steps < 0:
            raise LiquidBoundError(
                f"{{{{ {expression} }}}} takes more than {MAX_STEPS:,} steps to write out "
                "(with the post's other variables); the post is not imported"
            )
        if isinstance(item, list | tuple) and not inspected:
            stack.extend((each, False) for each in reversed(item))
            continue
        if isinstance(item, list | tuple | dict):
            stack.extend(reversed(inspected_parts(item)))
            continue
        text = item if isinstance(item, Literal) else scalar_text(item, inspected)
        budget.characters -= len(text)
        if budget.characters < 0:
            raise LiquidBoundError(
                f"{{{{ {expression} }}}} writes out more than {MAX_OUTPUT:,} characters "
                "(with the post's other variables); the post is not imported"
            )
        pieces.append(text)
    return "".join(pieces)


def inspected_parts(value) -> list:
    """A list or mapping as the items Ruby's ``inspect`` shows, punctuation included."""
    parts = [(Literal("[" if isinstance(value, list | tuple) else "{"), True)]
    items = value.items() if isinstance(value, dict) else ((None, each) for each in value)
    for number, (key, each) in enumerate(items):
        if number:
            parts.append((Literal(", "), True))
        if isinstance(value, dict):
            parts += [(key, True), (Literal("=>"), True)]
        parts.append((each, True))
    parts.append((Literal("]" if isinstance(value, list | tuple) else "}"), True))
    return parts


def scalar_text(value, inspected: bool) -> str:
    if value is None or isinstance(value, Undefined):
        return "nil" if inspected else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()
        return json.dumps(text) if inspected else text
    if inspected and isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def ruby_inspect(value) -> str:
    return liquid_text(value, Budget(), "inspect", inspected=True)


class JekyllOutputNode(OutputNode):
    """``{{ … }}`` written as Jekyll writes values, within the post's budget; an
    undefined variable writes nothing and is reported."""

    def render_to_output(self, context, buffer) -> int:
        value = self.expression.evaluate(context)
        expression = str(self.expression)
        if isinstance(value, Undefined):
            warnings = context.globals.get(WARNINGS)
            if warnings is not None and expression != "site.baseurl":
                warnings.append(f"{{{{ {expression} }}}} is not defined; replaced by nothing.")
            return 0
        budget = context.globals.get(BUDGET) or Budget()
        return buffer.write(liquid_text(value, budget, expression))


class JekyllOutput(Output):
    node_class = JekyllOutputNode
