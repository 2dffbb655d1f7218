"""Imports inside the blog run one way (issue #16): the API reads blocks and their JSON,
blocks read the URL helpers, and nothing below the API reaches back up to it or to the
template tags. Read from the source, so a cycle is caught before it bites at import time."""

import ast
from pathlib import Path

import pytest

BLOG = Path(__file__).resolve().parents[1] / "blog"
# What blocks and their JSON are built from: none of them may import the API or the
# template tags (which import the blocks).
BELOW_THE_API = [
    "blocks.py",
    "video_blocks.py",
    "choosers.py",
    "code_input.py",
    "representation.py",
    "links.py",
    "renditions.py",
    "sanitize.py",
    "audience.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "blog." if node.level == 1 else ""
            module = f"{base}{node.module or ''}"
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", BELOW_THE_API)
def test_blocks_and_their_helpers_never_import_the_api_or_template_tags(module):
    reached = {
        name
        for name in imported_modules(BLOG / module)
        if name.startswith(("blog.api", "blog.templatetags"))
    }
    assert reached == set()


def test_url_helpers_import_nothing_of_the_blog():
    assert not {name for name in imported_modules(BLOG / "links.py") if name.startswith("blog")}


def test_every_api_module_lives_in_the_api_package():
    assert sorted(path.name for path in BLOG.glob("api*.py")) == []


def test_the_api_package_imports_nothing_when_the_models_load_it():
    assert imported_modules(BLOG / "api" / "__init__.py") == set()
