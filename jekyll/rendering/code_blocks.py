"""Code blocks as Folio's mapping reads them, whoever wrote the HTML.

Jekyll wraps code in Rouge's markup, differently for each engine and for its
``highlight`` tag: ``<figure class="highlight"><pre><code data-lang="x">`` (the tag,
with a table of line numbers for ``linenos``), ``<div class="language-x
highlighter-rouge"><div class="highlight"><pre class="highlight"><code>`` (kramdown),
``<div class="highlight"><pre><code class="language-x">`` (Redcarpet as Jekyll 3 ran
it). Each becomes one ``<pre><code class="language-x">`` holding the code as text, with
``data-linenos`` on the ``<pre>`` where Jekyll showed line numbers: the language is
kept, the line numbers are not mistaken for code, and Rouge's colours (Folio highlights
code itself) are dropped.
"""

from bs4 import BeautifulSoup, Tag

from .engines.common import code_html

MARKERS = ("highlight", "rouge", "data-lang")


def normalise_code_blocks(html: str) -> str:
    if not any(marker in html for marker in MARKERS):
        return html
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for pre in soup.find_all("pre"):
        if pre.find_parent("pre") is not None or pre.find_parent(class_="gutter") is not None:
            continue
        wrapper = outermost_wrapper(pre)
        if wrapper is pre and not pre.find("code", attrs={"data-lang": True}):
            if not pre.find(class_="rouge-table"):
                continue
        language = language_of(pre, wrapper)
        table_code = pre.find("td", class_="code")
        numbered = table_code is not None
        code = (table_code.find("pre") or table_code) if numbered else (pre.find("code") or pre)
        text = code.get_text()
        if numbered and text.endswith("\n"):
            text = text[:-1]
        replacement = BeautifulSoup(code_html(text, language, line_numbers=numbered), "html.parser")
        wrapper.replace_with(replacement)
        changed = True
    return str(soup) if changed else html


def outermost_wrapper(pre: Tag) -> Tag:
    """The element Rouge's markup around ``pre`` starts at."""
    wrapper = pre
    for parent in pre.parents:
        classes = set(parent.get("class") or [])
        if parent.name == "figure" and "highlight" in classes:
            wrapper = parent
        elif parent.name == "div" and (
            classes & {"highlight", "highlighter-rouge"}
            or any(c.startswith("language-") for c in classes)
        ):
            if len([c for c in parent.contents if isinstance(c, Tag)]) == 1:
                wrapper = parent
            else:
                break
        else:
            break
    return wrapper


def language_of(pre: Tag, wrapper: Tag) -> str:
    code = pre.find("code")
    for element in [code, pre, *[p for p in pre.parents if p is not None]]:
        if element is None or not isinstance(element, Tag):
            continue
        if element.get("data-lang"):
            return element["data-lang"]
        for css_class in element.get("class") or []:
            if css_class.startswith("language-") and css_class != "language-":
                return css_class.removeprefix("language-")
        if element is wrapper:
            break
    return ""
