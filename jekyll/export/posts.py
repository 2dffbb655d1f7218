"""Write the blog's posts out as a Jekyll site: ``_posts/``, ``images/``, ``videos/``,
``_layouts/`` and ``_config.yml``.

Each post keeps the front matter keys of the source blog (see "Jekyll import" in
DESIGN.md), so that ``import_jekyll`` reads the export back into the same posts. A post
imported from Jekyll keeps its old file name, hence its old address; images are copied
under ``images/`` once each, whatever number of posts use them.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.conf import settings
from django.utils import timezone

from blog.models import BlogPage
from jekyll.writing.page_links import jekyll_slug_of

from .markdown import MARKDOWN_SETTINGS, MarkdownWriter

IMAGES_FOLDER = "images"
VIDEOS_FOLDER = "videos"
# A post's hero is shown above it or not (``BlogPage.show_hero``): the importer reads
# which from the layout the post names, as it does for any Jekyll site.
LAYOUTS = {
    "post": (
        '{% if page.image %}<img class="hero" src="{{ site.baseurl }}/images/{{ page.image }}" '
        'alt="">{% endif %}\n{{ content }}\n'
    ),
    "post-without-hero": "{{ content }}\n",
}


@dataclass
class ExportReport:
    posts: list[str] = field(default_factory=list)
    images: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.posts)} posts and {self.images} images exported; "
            f"{len(self.warnings)} warnings."
        )


def export_site(out_dir: Path, pages=None) -> ExportReport:
    """Write every post in ``pages`` (default: all, live or not) under ``out_dir``."""
    out_dir = Path(out_dir)
    (out_dir / "_posts").mkdir(parents=True, exist_ok=True)
    (out_dir / IMAGES_FOLDER).mkdir(exist_ok=True)
    pages = pages if pages is not None else BlogPage.objects.order_by("date", "pk")
    exporter = PostExporter(out_dir, list(pages))
    for page in exporter.pages:
        exporter.export(page)
    config = {"baseurl": "", "timezone": settings.TIME_ZONE, **MARKDOWN_SETTINGS}
    (out_dir / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (out_dir / "_layouts").mkdir(exist_ok=True)
    for name, text in LAYOUTS.items():
        (out_dir / "_layouts" / f"{name}.html").write_text(text, encoding="utf-8")
    return exporter.report


class PostExporter:
    def __init__(self, out_dir: Path, pages: list[BlogPage]):
        self.out_dir = out_dir
        self.pages = pages
        self.report = ExportReport()
        self.image_names: dict[int, str] = {}
        self.video_names: dict[int, str] = {}
        self.jekyll_slugs = {str(page.pk): jekyll_slug(page) for page in pages}

    def export(self, page: BlogPage):
        """Write ``page`` (its latest revision: drafts and pending changes too)."""
        latest = page.get_latest_revision_as_object()
        writer = MarkdownWriter(self.image_url, self.page_url, self.video_url)
        body = writer.body(latest.body)
        text = "---\n" + front_matter_yaml(self.front_matter(page, latest)) + "---\n\n" + body
        name = f"{timezone.localtime(latest.date):%Y-%m-%d}-{jekyll_slug(page)}.md"
        (self.out_dir / "_posts" / name).write_text(text, encoding="utf-8")
        self.report.posts.append(name)
        self.report.warnings += [f"{name}: {warning}" for warning in writer.warnings]

    def front_matter(self, page: BlogPage, latest: BlogPage) -> dict:
        authors = [link.author for link in latest.post_authors.all() if link.author]
        related = [link.related_post for link in latest.related_post_links.all()]
        data = {
            "layout": "post" if latest.show_hero else "post-without-hero",
            "title": latest.title,
            "date": timezone.localtime(latest.date).strftime("%Y-%m-%d %H:%M:%S %z"),
            "categories": [link.category.name for link in latest.post_categories.all()],
            "tags": [tag.name for tag in latest.tags.all()],
        }
        if authors:
            author = authors[0]
            if len(authors) > 1:
                self.report.warnings.append(
                    f"{page.title}: Jekyll posts have one author; kept {author.name}."
                )
            data["author"] = author.name
            if author.avatar:
                data["authorImg"] = self.image_url(author.avatar)
            if author.description:
                data["authorDesc"] = author.description
            if author.link:
                data["authorLink"] = author.link
        for key, value in (
            ("index-intro", latest.index_intro),
            ("category-intro", latest.category_intro),
            ("excerpt", latest.search_description),
        ):
            if value:
                data[key] = value
        if latest.hero_image:
            data["image"] = self.image_url(latest.hero_image).removeprefix(f"/{IMAGES_FOLDER}/")
            data["imgDir"] = f"/{IMAGES_FOLDER}/"
        titles = [post.title for post in related if post] + list(
            latest.unresolved_related_titles or []
        )
        if titles:
            data["relatedPosts"] = titles
        if not page.live:
            data["published"] = False
        if latest.unlisted:
            data["hidden"] = True
        return data

    def image_url(self, image) -> str:
        """``/images/<file>`` for a library image, copied there the first time."""
        if image.pk not in self.image_names:
            name = unique_name(PurePosixPath(image.file.name).name, set(self.image_names.values()))
            with image.file.open("rb") as source:
                (self.out_dir / IMAGES_FOLDER / name).write_bytes(source.read())
            self.image_names[image.pk] = name
            self.report.images += 1
        return f"/{IMAGES_FOLDER}/{self.image_names[image.pk]}"

    def video_url(self, document) -> str:
        """``/videos/<file>`` for a library document, copied there the first time."""
        if document.pk not in self.video_names:
            folder = self.out_dir / VIDEOS_FOLDER
            folder.mkdir(exist_ok=True)
            name = unique_name(
                PurePosixPath(document.file.name).name, set(self.video_names.values())
            )
            with document.file.open("rb") as source, (folder / name).open("wb") as copy:
                shutil.copyfileobj(source, copy)
            self.video_names[document.pk] = name
        return f"/{VIDEOS_FOLDER}/{self.video_names[document.pk]}"

    def page_url(self, page_id: str) -> str:
        """A page link as the old blog's address when the page is exported too."""
        if page_id in self.jekyll_slugs:
            return f"/blog/p/{self.jekyll_slugs[page_id]}.html"
        page = BlogPage.objects.filter(pk=page_id).first() if page_id.isdigit() else None
        return (page.full_url or page.url_path) if page else ""


def jekyll_slug(page: BlogPage) -> str:
    """The post's Jekyll slug: from its source file name when imported, else its slug."""
    return jekyll_slug_of(page.source_path) if page.source_path else page.slug


def unique_name(name: str, taken: set[str]) -> str:
    stem, suffix, number = PurePosixPath(name).stem, PurePosixPath(name).suffix, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}{suffix}"
    return name


def front_matter_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
