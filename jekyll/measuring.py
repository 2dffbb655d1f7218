"""What an import is measured against, and the measure: the fidelity figure's reference.

With the real Jekyll (``jekyll.oracle``) the site is built once before the posts, and
each imported page is compared, once all posts are in and linked, with the body Jekyll
wrote for its post (``jekyll.reference.compare``): its figure becomes the similarity of
the words a reader sees, and the report names what differs (links lost, pictures moved,
Markdown left as text…). Without Jekyll, the figure compares the page with Folio's own
reading of the Markdown, and the report says so.

``renderer="jekyll"`` maps the bodies Jekyll rendered instead of rendering the posts in
Python: the most faithful reading of a site, when Jekyll is installed.
"""

import copy
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect

from blog.models import BlogPage

from .fidelity import rendered_body
from .oracle import JekyllBuild, JekyllFailed, JekyllUnavailable, build_site, jekyll_version
from .reading.source import JekyllSite
from .reference import compare, old_site_urls
from .report import ImportReport

logger = logging.getLogger("folio.importer")

RENDERERS = ("python", "jekyll")
REFERENCES = ("auto", "jekyll", "folio")
# Where a page's library images are shown in the measured body: their alt text is
# what is compared, and no rendition of them needs making.
PLACEHOLDER_IMAGE = "https://folio.invalid/image/{}"


class JekyllNeeded(ValueError):
    """The reference or renderer asked for cannot be had (Jekyll is missing)."""


@dataclass
class Reference:
    """The Jekyll build an import uses, if any, and what to say about it."""

    build: JekyllBuild | None = None
    render_with_jekyll: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.build.name if self.build else ""


def prepare_reference(
    site: JekyllSite, *, renderer: str = "python", reference: str = "folio", safe: bool = False
) -> Reference:
    """Build the site with Jekyll when the renderer or the reference asks for it.

    ``reference="auto"`` uses Jekyll when it is installed and goes on without it (with a
    warning) when it is not or cannot build the site; ``"jekyll"`` and
    ``renderer="jekyll"`` need it and raise :class:`JekyllNeeded` otherwise.
    """
    if renderer not in RENDERERS or reference not in REFERENCES:
        raise JekyllNeeded(f"Unknown renderer {renderer!r} or reference {reference!r}.")
    needed = renderer == "jekyll" or reference == "jekyll"
    wanted = needed or (reference == "auto" and jekyll_version() is not None)
    if not wanted:
        return Reference()
    try:
        build = build_site(site.root, safe=safe)
    except JekyllUnavailable as error:
        raise JekyllNeeded(
            f"{error} Install it (apt-get install jekyll ruby-kramdown ruby-redcarpet "
            "ruby-jekyll-paginate ruby-jekyll-commonmark) or import without it."
        ) from error
    except JekyllFailed as error:
        if needed:
            raise JekyllNeeded(f"Jekyll could not build the site: {error}") from error
        return Reference(
            warnings=[
                f"Jekyll could not build the site ({error}); fidelity is measured against "
                "Folio's own reading of the Markdown."
            ]
        )
    return Reference(build=build, render_with_jekyll=renderer == "jekyll")


def measure_pages(report: ImportReport, reference: Reference, site: JekyllSite, site_url: str):
    """Each imported post's figure and differences against the body Jekyll wrote."""
    build = reference.build
    if build is None:
        return
    report.reference = build.name
    pages = {
        post.page_id: post
        for post in report.posts
        if post.page_id and post.source in build.posts and not build.posts[post.source].error
    }
    moved = {}
    for page in BlogPage.objects.filter(pk__in=pages).order_by("pk"):
        old = build.posts[pages[page.pk].source].url
        moved[site.baseurl + old] = page.get_url() or page.url_path
    expected_url = old_site_urls(site_url, moved)
    followed_url = redirect_follower()
    for page in BlogPage.objects.filter(pk__in=pages).order_by("pk"):
        post = pages[page.pk]
        try:
            content = page.get_latest_revision_as_object()
            comparison = compare(
                build.posts[post.source].html,
                measured_body(content),
                expected_url=expected_url,
                followed_url=followed_url,
            )
        except Exception:  # noqa: BLE001 (a figure must not fail an import that was made)
            logger.warning("Could not measure %s against Jekyll", post.source, exc_info=True)
            continue
        post.fidelity = comparison.similarity
        post.differences = comparison.differences


def redirect_follower():
    """Where a link of an imported page leads: an old address kept as a redirect (an
    old post URL, an archive) leads to the redirect's target; any other to itself."""
    targets = {}

    def followed(href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return href
        path = Redirect.normalise_path(href)
        if path not in targets:
            redirect = Redirect.objects.filter(old_path=path).first()
            targets[path] = (redirect.link if redirect else None) or href
        return targets[path]

    return followed


def measured_body(page) -> str:
    """The page's body as a guest sees it, its library images shown by their alt text."""
    measured = copy.copy(page)
    measured.body = [
        {
            **block,
            "value": {
                **block["value"],
                "image": None,
                "external_url": PLACEHOLDER_IMAGE.format(block["value"]["image"]),
            },
        }
        if block.get("type") == "image" and isinstance(block.get("value"), dict)
        and block["value"].get("image")
        else block
        for block in page.body.raw_data
    ]  # fmt: skip
    return rendered_body(measured)
