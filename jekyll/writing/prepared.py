"""What the pure steps hand the writer for one post, and what the writer hands back."""

from dataclasses import dataclass, field

from blog.models import BlogPage
from jekyll.mapping.images import ImageLookup
from jekyll.reading.front_matter import PostSource, is_true
from jekyll.report import Status


@dataclass
class PreparedPost:
    """A post ready to write: what the pure steps made of one source file."""

    source: PostSource
    blocks: list[dict]
    checksum: str
    hero: ImageLookup | None = None
    avatar: ImageLookup | None = None
    warnings: list[str] = field(default_factory=list)
    # The post's HTML as rendered from its Markdown, and the words a reader sees in it
    # (for the fidelity figure).
    html: str = ""
    source_words: list[str] = field(default_factory=list)
    # Each block's problem as checked while preparing (``None``: fine), with files found
    # on disk counting as images; ``None`` when the blocks were not checked.
    block_problems: list[str | None] | None = None
    # The fidelity figure of the page these blocks make (``fidelity.prepared_fidelity``),
    # good as long as the writer keeps exactly the blocks and images preparing expected.
    fidelity: float | None = None
    # Where the old site served the post (``baseurl`` included): kept as redirects.
    old_paths: tuple[str, ...] = ()
    # Whether the site's layout showed the front-matter image above the post.
    show_hero: bool = False
    # References to pictures and videos whose file was not found in the site folder.
    missing_files: tuple[str, ...] = ()


@dataclass
class WriteResult:
    status: Status
    page: BlogPage
    warnings: list[str] = field(default_factory=list)
    # What the import's revision holds (created and updated posts only).
    content: BlogPage | None = None
    revision_id: int | None = None
    # Whether the body written is the one preparing expected (same blocks, every image
    # found in the library), so that ``PreparedPost.fidelity`` is the page's figure.
    body_as_prepared: bool = False
    # Whether links to old-blog posts not in the CMS yet were left in the body.
    links_left: bool = False
    # The files not found that held the update back (``Status.SKIPPED``), if any.
    missing_files: tuple[str, ...] = ()


def is_unpublished(source: PostSource) -> bool:
    """``published: false``: Jekyll builds no page for the post (``hidden: true`` it
    publishes, only keeping it out of the paginated index)."""
    return source.front_matter.get("published") is False


def is_unlisted(source: PostSource) -> bool:
    """``hidden: true``: published, left out of the lists (``BlogPage.unlisted``)."""
    return is_true(source.front_matter.get("hidden"))


def is_listed(source: PostSource) -> bool:
    """Whether Jekyll listed the post on its paginated index (published, not hidden)."""
    return not is_unpublished(source) and not is_unlisted(source)
