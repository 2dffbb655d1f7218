"""Generate a realistic blog quickly, for benchmarks and scale tests.

Creating 100,000 pages through ``add_child`` + ``save_revision`` takes hours, because
every page costs a tree update and a revision. The generator writes rows in bulk
instead: it computes the tree paths itself (treebeard's materialised path: 4
characters per level) and inserts base ``Page`` rows with ``bulk_create`` and the
``BlogPage`` rows with the same batched insert Django uses for parents of
multi-table models (``bulk_create`` refuses multi-table models as a whole).
"""

import io
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F, prefetch_related_objects
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .models import (
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageCategory,
    BlogPageRelatedPost,
    BlogPageTag,
)
from .snippets import Author, CallToAction, Category

WORDS = (
    "team work plan task project remote focus habit meeting board timeline goal deadline "
    "sprint kanban review launch product growth customer feedback design release roadmap "
    "balance energy calendar priority schedule list note idea workflow process tool app "
    "progress report update weekly daily morning habit routine quiet deep async sync"
).split()
LANGUAGES = ["python", "javascript", "dart", "bash", "json"]
STEPLEN, ALPHABET = 4, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class GeneratedBlog:
    posts: int
    authors: int
    categories: int
    tags: int
    images: int


def tree_step(number):
    """Treebeard's path segment for the ``number``-th child (1-based)."""
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


class BlogGenerator:
    def __init__(self, index: BlogIndexPage, *, seed=1, images=10, batch_size=1000):
        self.index = index
        self.random = random.Random(seed)
        self.image_count = images
        self.batch_size = batch_size

    # --- text ---------------------------------------------------------------------

    def words(self, count):
        return " ".join(self.random.choice(WORDS) for _ in range(count))

    def sentence(self, count=12):
        return self.words(count).capitalize() + "."

    def paragraph_html(self):
        link = f'<a href="https://example.com/{self.random.choice(WORDS)}">{self.words(2)}</a>'
        return f"<p>{self.sentence(20)} {link} {self.sentence(15)}</p><ul><li>{self.words(5)}</li><li>{self.words(4)}</li></ul>"

    def body(self, images, cta):
        image = self.random.choice(images)
        return [
            ("paragraph", self.paragraph_html()),
            ("heading", {"text": self.sentence(5), "level": "h2"}),
            ("image", {"image": image, "alt": self.words(4), "caption": self.sentence(6)}),
            ("paragraph", self.paragraph_html()),
            ("quote", {"text": self.sentence(14), "attribution": self.words(2).title()}),
            (
                "code",
                {"language": self.random.choice(LANGUAGES), "code": "def plan():\n    return 42\n"},
            ),
            (
                "table",
                {
                    "data": [["Plan", "Owner"], [self.words(2), self.words(1)]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_header_choice": "row",
                    "table_caption": "",
                },
            ),
            ("notice", {"style": "info", "text": f"<p>{self.sentence(10)}</p>"}),
            ("call_to_action", {"snippet": cta, "audience": "guests"}),
            ("raw_html", "<p><em>Originally published elsewhere.</em></p>"),
        ]

    # --- snippets and images ------------------------------------------------------

    def make_images(self):
        Image = get_image_model()
        images = []
        for number in range(self.image_count):
            buffer = io.BytesIO()
            colour = tuple(self.random.randrange(40, 220) for _ in range(3))
            PILImage.new("RGB", (1600, 900), colour).save(buffer, format="PNG")
            image = Image(title=f"Generated image {number}")
            image.file = ImageFile(buffer, name=f"generated-{number}.png")
            image.save()
            images.append(image)
        return images

    def make_snippets(self, posts):
        authors = [
            Author.objects.get_or_create(
                name=f"Generated Author {n}", defaults={"description": self.sentence(8)}
            )[0]
            for n in range(max(5, posts // 200))
        ]
        categories = [
            Category.objects.get_or_create(name=f"Generated {word.title()}")[0]
            for word in WORDS[:8]
        ]
        tags = [
            Tag.objects.get_or_create(name=f"gen-{word}-{n}")[0]
            for n in range(5)
            for word in WORDS[:40]
        ]
        cta, _ = CallToAction.objects.get_or_create(
            name="Generated sign-up banner",
            defaults={"url": "https://example.com/signup", "button_label": "Sign up free"},
        )
        return authors, categories, tags, cta

    # --- pages --------------------------------------------------------------------

    def generate(self, posts):
        images = self.make_images() if self.image_count else []
        authors, categories, tags, cta = self.make_snippets(posts)
        index = Page.objects.get(pk=self.index.pk)
        first_child = index.numchild + 1
        locale = Locale.get_default()
        content_type = ContentType.objects.get_for_model(BlogPage)
        start = datetime(2015, 1, 1, 9, tzinfo=UTC)
        created_ids = []

        for batch_start in range(0, posts, self.batch_size):
            batch = range(batch_start, min(posts, batch_start + self.batch_size))
            with transaction.atomic():
                pages = self.insert_batch(
                    batch, index, first_child, locale, content_type, start, images, cta
                )
                created_ids += [page.pk for page in pages]
                self.link_relations(created_ids, len(pages), authors, categories, tags)
                # Counted per batch, so the tree stays valid after each committed batch.
                Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
            self.index_for_search(pages)
        # New tables have no planner statistics until autovacuum gets to them, minutes
        # later: without them PostgreSQL walked every sibling page to route one post.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            connection.close()
        return GeneratedBlog(posts, len(authors), len(categories), len(tags), len(images))

    def insert_batch(self, batch, index, first_child, locale, content_type, start, images, cta):
        pages = []
        for number in batch:
            position = first_child + number
            title = f"{self.sentence(6)[:-1]} {position}"
            # The tree position is unique under the index, so the slug is too.
            slug = f"generated-post-{position}"
            when = start + timedelta(hours=number * 3)
            pages.append(
                BlogPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=index.path + tree_step(position),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=when,
                    last_published_at=when,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    date=when,
                    index_intro=self.sentence(24),
                    category_intro=self.sentence(12),
                    hero_image=self.random.choice(images) if images else None,
                    body=self.body(images, cta) if images else [],
                )
            )
        base_pages = Page.objects.bulk_create([Page(**self.page_fields(p)) for p in pages])
        for page, base in zip(pages, base_pages, strict=True):
            page.page_ptr_id = page.pk = base.pk
        child_fields = [f for f in BlogPage._meta.local_concrete_fields]
        # Django's own bulk_create inserts parent-less rows this way; see module docstring.
        BlogPage.objects.all()._batched_insert(pages, child_fields, self.batch_size)
        return pages

    @staticmethod
    def page_fields(blog_page):
        return {
            field.attname: getattr(blog_page, field.attname)
            for field in Page._meta.concrete_fields
            if field.attname != "id"
        }

    def link_relations(self, created_ids, count, authors, categories, tags):
        """Relations of the last ``count`` posts of ``created_ids`` (all posts so far)."""
        choose = self.random
        first = len(created_ids) - count
        post_ids = created_ids[first:]
        BlogPageAuthor.objects.bulk_create(
            BlogPageAuthor(page_id=pk, author=author, sort_order=n)
            for pk in post_ids
            for n, author in enumerate(choose.sample(authors, k=min(2, len(authors))))
        )
        BlogPageCategory.objects.bulk_create(
            BlogPageCategory(page_id=pk, category=choose.choice(categories), sort_order=0)
            for pk in post_ids
        )
        BlogPageTag.objects.bulk_create(
            BlogPageTag(content_object_id=pk, tag=tag)
            for pk in post_ids
            for tag in choose.sample(tags, k=min(5, len(tags)))
        )
        related = []
        for position, pk in enumerate(post_ids, start=first):
            # Older posts only, like an editor picking from what already exists.
            candidates = created_ids[max(0, position - 50) : position]
            for n, other in enumerate(choose.sample(candidates, k=min(3, len(candidates)))):
                related.append(BlogPageRelatedPost(page_id=pk, related_post_id=other, sort_order=n))
        BlogPageRelatedPost.objects.bulk_create(related, batch_size=self.batch_size)

    def index_for_search(self, pages):
        """Index the pages just inserted, as they are in memory.

        Their bodies still hold the image and call-to-action objects, so indexing needs no
        per-post queries to resolve the blocks' references (reloading the pages made two
        per post: the indexing of 100k posts took most of an hour on a busy database).
        """
        prefetch_related_objects(pages, "tags", "post_authors__author")
        get_search_backend().add_bulk(BlogPage, pages)
