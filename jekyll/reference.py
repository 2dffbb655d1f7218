"""Compare a post's body as Folio shows it with a reference rendering of the same post.

The reference is the body the real Jekyll wrote (``jekyll.oracle``) or, without Jekyll,
Folio's own reading of the Markdown. Both are read as a reader sees them: the words in
order, and the things a reader would miss, each in order: links (text and target),
pictures and videos (and the words just before each, so that one moved below its
paragraph shows), headings (their level aside), code (language, text, line numbers),
tables, lists, quotes, and Markdown left on the page as text (``**``, ``](``, ``##``…).

:func:`compare` says how similar the words are and what differs, in words an editor
reads in an import report ("2 links lost: …"). It is used by the oracle tests and by
the import's fidelity figure.
"""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .body_facts import BodyFacts, Code, Media, body_facts
from .report import TEXT_GOAL
from .word_matching import similarity


@dataclass
class Comparison:
    similarity: float
    differences: list[str] = field(default_factory=list)

    @property
    def faithful(self) -> bool:
        return self.similarity >= TEXT_GOAL and not self.differences


def compare(
    reference_html: str, page_html: str, *, expected_url=None, followed_url=None
) -> Comparison:
    """How the body ``page_html`` (Folio's) differs from ``reference_html``.

    ``expected_url(href)`` is the address a link of the reference should have on Folio
    (a post's old URL becomes its page's); ``followed_url(href)`` where a link of the
    page leads (an old address redirects to its page). By default, the same address.
    """
    reference, page = body_facts(reference_html), body_facts(page_html)
    expected_url = expected_url or (lambda href: href)
    if followed_url is not None:
        page.links = [(text, followed_url(href)) for text, href in page.links]
    figure = round(similarity(reference.words, page.words), 4)
    differences = []
    if figure < TEXT_GOAL:
        differences.append(
            f"text differs (similarity {figure:.3f}){missing_words(reference, page)}"
        )
    differences += link_differences(reference.links, page.links, expected_url)
    differences += media_differences(reference.media, page.media)
    for name, ours, theirs in (
        ("headings", reference.headings, page.headings),
        ("tables", reference.tables, page.tables),
        ("lists", reference.lists, page.lists),
        ("quotes", reference.quotes, page.quotes),
    ):
        if ours != theirs:
            differences.append(sequence_difference(name, ours, theirs))
    differences += code_differences(reference.code, page.code)
    left = page.literal_markdown - reference.literal_markdown
    if left:
        marks = ", ".join(f"{mark} ×{count}" for mark, count in sorted(left.items()))
        differences.append(f"literal Markdown on the page: {marks}")
    return Comparison(similarity=figure, differences=differences)


# --- differences ---------------------------------------------------------------------


def missing_words(reference: BodyFacts, page: BodyFacts) -> str:
    lost = Counter(reference.words) - Counter(page.words)
    added = Counter(page.words) - Counter(reference.words)
    parts = []
    if lost:
        parts.append("missing: " + " ".join(list(lost.elements())[:12]))
    if added:
        parts.append("added: " + " ".join(list(added.elements())[:12]))
    return f"; {'; '.join(parts)}" if parts else ""


def link_differences(reference, page, expected_url) -> list[str]:
    wanted = Counter((text, normal_url(expected_url(href))) for text, href in reference)
    found = Counter((text, normal_url(href)) for text, href in page)
    lost, added = wanted - found, found - wanted
    differences = []
    retargeted, as_url = [], []
    for text, href in list(lost.elements()):
        other = next((link for link in added.elements() if link[0] == text), None)
        if other is not None:
            retargeted.append(f"{text!r} → {other[1]} (not {href})")
            lost[(text, href)] -= 1
            added[other] -= 1
            continue
        bare = (href, href)
        if added[bare]:
            as_url.append(f"{text!r} ({href})")
            lost[(text, href)] -= 1
            added[bare] -= 1
    lost, added = +lost, +added
    if lost:
        shown = "; ".join(f"{text!r} ({href})" for text, href in lost.elements())
        differences.append(f"{sum(lost.values())} link(s) lost: {shown}")
    if as_url:
        differences.append(f"{len(as_url)} link text(s) replaced by the URL: {'; '.join(as_url)}")
    if retargeted:
        differences.append(f"{len(retargeted)} link(s) go elsewhere: {'; '.join(retargeted)}")
    if added:
        shown = "; ".join(f"{text!r} ({href})" for text, href in added.elements())
        differences.append(f"{sum(added.values())} link(s) added: {shown}")
    return differences


def normal_url(href: str) -> str:
    return href.strip().rstrip("/") or "/"


def media_differences(reference: list[Media], page: list[Media]) -> list[str]:
    differences = []
    for kind in ("image", "video"):
        ours = [m for m in reference if m.kind == kind]
        theirs = [m for m in page if m.kind == kind]
        lost = Counter(m.identity for m in ours) - Counter(m.identity for m in theirs)
        added = Counter(m.identity for m in theirs) - Counter(m.identity for m in ours)
        if lost:
            differences.append(f"{sum(lost.values())} {kind}(s) lost: {', '.join(lost.elements())}")
        if added:
            differences.append(
                f"{sum(added.values())} {kind}(s) added: {', '.join(added.elements())}"
            )
        kept = [m.identity for m in ours if m.identity not in lost]
        shown = [m.identity for m in theirs if m.identity not in added]
        if kept != shown and not lost and not added:
            differences.append(f"{kind}s in another order: {', '.join(shown)}")
            continue
        moved = [
            f"{a.identity!r} after “{' '.join(b.before)}” (not “{' '.join(a.before)}”)"
            for a, b in zip(
                [m for m in ours if m.identity not in lost],
                [m for m in theirs if m.identity not in added],
                strict=False,
            )
            if a.identity == b.identity and a.before != b.before
        ]
        if moved:
            differences.append(f"{len(moved)} {kind}(s) moved: {'; '.join(moved)}")
    return differences


def code_differences(reference: list[Code], page: list[Code]) -> list[str]:
    if len(reference) != len(page):
        return [f"code blocks: {len(page)} instead of {len(reference)}"]
    differences = []
    for number, (ours, theirs) in enumerate(zip(reference, page, strict=True), start=1):
        if ours.language != theirs.language:
            differences.append(
                f"code block {number}: language {theirs.language or 'none'} "
                f"instead of {ours.language or 'none'}"
            )
        if ours.line_numbers != theirs.line_numbers:
            state = "lost its line numbers" if ours.line_numbers else "gained line numbers"
            differences.append(f"code block {number} {state}")
        if ours.text != theirs.text:
            differences.append(f"code block {number}: the code differs")
    return differences


def sequence_difference(name: str, reference: list, page: list) -> str:
    lost = [item for item in reference if item not in page]
    added = [item for item in page if item not in reference]
    if not lost and not added:
        return f"{name} in another order"
    parts = []
    if lost:
        parts.append(f"{len(lost)} lost: {shorten(lost)}")
    if added:
        parts.append(f"{len(added)} different or added: {shorten(added)}")
    return f"{name}: {'; '.join(parts)}"


def shorten(items: list) -> str:
    text = "; ".join(str(item) for item in items)
    return text if len(text) <= 300 else text[:297] + "…"


def old_site_urls(site_url: str, moved: dict[str, str]):
    """``expected_url`` for :func:`compare`: a post's old address (``moved``: old → new)
    becomes its page's; other addresses on the old site are made absolute, as the
    import makes them."""
    normal_moves = {normal_url(old): new for old, new in moved.items()}
    host = urlsplit(site_url).netloc.lower()

    def expected_url(href: str) -> str:
        parts = urlsplit(href)
        on_old_site = parts.scheme in ("http", "https") and parts.netloc.lower() == host
        for candidate in (href, parts.path if on_old_site else None):
            if candidate is not None and normal_url(candidate) in normal_moves:
                return normal_moves[normal_url(candidate)]
        if not parts.scheme and not parts.netloc and href.startswith("/") and site_url:
            return urljoin(site_url, href)
        return href

    return expected_url
