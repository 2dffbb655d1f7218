"""A post's body as HTML, rendered as its Jekyll site renders it: Liquid, then Markdown.

The Python path: the post's Liquid is expanded (``liquid``), then its Markdown rendered
with the site's engine (``engines``); an ``.html`` post is Liquid only. Either way (and
for HTML the real Jekyll rendered, ``jekyll.oracle``) code blocks are then put in the
one form the mapping reads (``code_blocks``).
"""

from dataclasses import dataclass, field

from jekyll.reading.front_matter import PostSource

from .code_blocks import normalise_code_blocks
from .liquid import LiquidError, expand_liquid
from .liquid_site import SiteLiquid

HTML_SUFFIXES = (".html", ".htm")


@dataclass
class RenderedPost:
    html: str
    warnings: list[str] = field(default_factory=list)
    # The body the real Jekyll wrote for the post, when it was built ('' otherwise).
    reference_html: str = ""


def render_post(source: PostSource, site: SiteLiquid) -> RenderedPost:
    """The post's HTML; raises :class:`~jekyll.rendering.liquid.LiquidError`."""
    is_html = source.path.suffix.lower() in HTML_SUFFIXES
    expanded = expand_liquid(
        source.body,
        site=site,
        page_vars=site.page_variables(source),
        post_folder=source.path.parent,
        markdown=not is_html,
    )
    html = expanded.text if is_html else site.engine.render(expanded.text)
    return RenderedPost(normalise_code_blocks(html), expanded.warnings)


def post_html(source: PostSource, site: SiteLiquid, jekyll=None, *, use_jekyll=False):
    """The post's HTML, from ``jekyll`` (an oracle build) when ``use_jekyll``, else
    rendered here; with Jekyll's own body kept as the reference either way."""
    built = jekyll.posts.get(source.source_key) if jekyll is not None else None
    if use_jekyll:
        if built is None or built.error:
            reason = built.error if built else "Jekyll did not render it (not a post to Jekyll)"
            raise LiquidError(f"Jekyll could not render it: {reason}")
        return RenderedPost(normalise_code_blocks(built.html), reference_html=built.html)
    rendered = render_post(source, site)
    if built is not None and not built.error:
        rendered.reference_html = built.html
    return rendered
