"""Read YAML as Jekyll does, with what aliases may repeat bounded.

Jekyll reads ``_config.yml`` and front matter with Ruby's Psych, which is libyaml: so does
this module (PyYAML's ``CSafeLoader``). PyYAML's pure-Python parser refuses YAML that
libyaml accepts, such as a tab inside a flow mapping (``{\tpath: category}``), which real
blogs have.

Aliases (``*name``) repeat an anchored value without copying it, so 700 bytes of YAML
can stand for hundreds of millions of strings (the "billion laughs"); every later step
that walks the value (the JSON copy in the page, Liquid) would take the whole expansion.
The document is checked between parsing and building Python values: at most
``MAX_ALIASES`` alias uses, repeating at most ``MAX_ALIAS_EXPANSION`` values and
characters in all, and no alias inside the value it names.
"""

import yaml
from yaml.nodes import MappingNode, ScalarNode

MAX_ALIASES = 100
MAX_ALIAS_EXPANSION = 100_000


class YAMLLimitError(yaml.YAMLError):
    """The YAML is valid but its aliases repeat too much; the message says how."""


def load_yaml(text: str):
    """The YAML document ``text`` as Python values (``None`` when empty), read by libyaml.

    Raises ``yaml.YAMLError`` when it is not YAML, :class:`YAMLLimitError` past the bounds.
    """
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def children(node) -> list:
    if isinstance(node, ScalarNode):
        return []
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return list(node.value)


def check_aliases(root) -> None:
    """Refuse a document whose aliases repeat too much or name a value they are inside.

    libyaml gives an alias the very node its anchor names, so the document is a graph:
    a node reached a second time is an alias use, which repeats the node's whole
    expanded size (its own nodes and characters, its aliases' expansions included).
    """
    expanded: dict[int, int] = {}
    inside: set[int] = set()  # the nodes being walked, from the root down
    aliases = repeated = 0
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            inside.discard(key)
            own = 1 + (len(node.value) if isinstance(node, ScalarNode) else 0)
            expanded[key] = own + sum(expanded[id(child)] for child in children(node))
            continue
        if key in inside:
            raise YAMLLimitError(
                "a YAML alias is used inside the value it names (it contains itself)"
            )
        if key in expanded:
            aliases += 1
            repeated += expanded[key]
            if aliases > MAX_ALIASES:
                raise YAMLLimitError(f"more than {MAX_ALIASES} YAML aliases are used")
            if repeated > MAX_ALIAS_EXPANSION:
                raise YAMLLimitError(
                    f"YAML aliases repeat more than {MAX_ALIAS_EXPANSION:,} values and "
                    "characters (an alias bomb?)"
                )
            continue
        inside.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children(node)))


def yaml_problem(error: yaml.YAMLError, *, first_line: int = 1) -> str:
    """Where and what ``error`` is, in words (``line 3, column 7: found …``).

    ``first_line`` is the file's line number of the text's first line.
    """
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return problem
    return f"line {mark.line + first_line}, column {mark.column + 1}: {problem}"
