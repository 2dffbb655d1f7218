"""Copy a Folio blog into this reference project, so both sites serve the same posts.

Reads Folio's tables from the ``folio`` database alias (bench settings) and creates the
same posts the stock way, page by page with ``add_child``: titles, slugs, dates, intros,
hero images, tags, authors, related pages, and bodies converted to this project's blocks
(Folio's notices, tables and raw HTML become paragraphs; calls to action are left out
because this blog has no such snippet).
"""

import html
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections, transaction
from wagtail.images.models import Image
from wagtail.models import Page, Site

from blog.models import Author, BlogIndexPage, BlogPage, BlogPageRelatedPage


def rows(sql):
    with connections["folio"].cursor() as cursor:
        cursor.execute(sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def convert_block(block, image_ids):
    """Folio's block as this project's raw stream data (``{"type", "value"}``), or None."""
    converted = convert_value(block["type"], block["value"], image_ids)
    return {"type": converted[0], "value": converted[1]} if converted else None


def convert_value(kind, value, image_ids):
    if kind in ("paragraph", "raw_html"):
        return ("paragraph", value)
    if kind == "heading":
        return ("heading", value["text"])
    if kind == "image":
        image = image_ids.get(value.get("image"))
        return ("image", image) if image else None
    if kind == "quote":
        return ("quote", value["text"])
    if kind == "code":
        return ("code", value["code"])
    if kind == "notice":
        return ("paragraph", value["text"])
    if kind == "table":
        cells = (html.escape(str(cell or "")) for row in value.get("data", []) for cell in row)
        return ("paragraph", "<p>" + " · ".join(cells) + "</p>")
    return None


class Command(BaseCommand):
    help = "Copy the posts of the Folio database (alias 'folio') into this blog."

    def handle(self, *args, **options):
        image_ids = self.copy_images()
        author_objects = {
            row["id"]: Author.objects.create(
                name=row["name"], author_image_id=image_ids.get(row["avatar_id"])
            )
            for row in rows("SELECT id, name, avatar_id FROM blog_author ORDER BY id")
        }
        index = self.blog_index()
        tags = self.grouped(
            "SELECT t.content_object_id AS page, g.name AS value FROM blog_blogpagetag t "
            "JOIN taggit_tag g ON g.id = t.tag_id ORDER BY t.id"
        )
        authors = self.grouped(
            "SELECT page_id AS page, author_id AS value FROM blog_blogpageauthor "
            "ORDER BY page_id, sort_order"
        )
        page_ids = {}
        posts = rows(
            "SELECT p.id, p.title, p.slug, b.date, b.index_intro, b.hero_image_id, b.body "
            "FROM blog_blogpage b JOIN wagtailcore_page p ON p.id = b.page_ptr_id "
            "WHERE p.live ORDER BY p.path"
        )
        for post in posts:
            body = json.loads(post["body"]) if isinstance(post["body"], str) else post["body"]
            page = BlogPage(
                title=post["title"],
                slug=post["slug"],
                date=post["date"],
                intro=post["index_intro"] or post["title"],
                hero_image_id=image_ids.get(post["hero_image_id"]),
                body=[b for b in (convert_block(b, image_ids) for b in body or []) if b],
            )
            page.authors = [author_objects[pk] for pk in authors.get(post["id"], [])]
            page.tags.add(*tags.get(post["id"], []))
            with transaction.atomic():
                index.add_child(instance=page)
                index.refresh_from_db()
            page_ids[post["id"]] = page.pk
        BlogPageRelatedPage.objects.bulk_create(
            BlogPageRelatedPage(
                page_id=page_ids[row["page_id"]],
                related_page_id=page_ids[row["related_post_id"]],
                sort_order=row["sort_order"],
            )
            for row in rows(
                "SELECT page_id, related_post_id, sort_order FROM blog_blogpagerelatedpost"
            )
            if row["page_id"] in page_ids and row["related_post_id"] in page_ids
        )
        self.stdout.write(f"Copied {len(page_ids)} posts from Folio.")

    def copy_images(self):
        source, target = Path(settings.FOLIO_MEDIA_ROOT), Path(settings.MEDIA_ROOT)
        image_ids = {}
        for row in rows("SELECT id, title, file, width, height FROM wagtailimages_image"):
            if not (source / row["file"]).exists():
                continue
            (target / row["file"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / row["file"], target / row["file"])
            image = Image.objects.create(
                title=row["title"], file=row["file"], width=row["width"], height=row["height"]
            )
            image_ids[row["id"]] = image.pk
        return image_ids

    @staticmethod
    def grouped(sql):
        groups = {}
        for row in rows(sql):
            groups.setdefault(row["page"], []).append(row["value"])
        return groups

    @staticmethod
    def blog_index():
        home = Site.objects.get(is_default_site=True).root_page
        existing = BlogIndexPage.objects.filter(slug="blog").first()
        if existing:
            return existing
        index = BlogIndexPage(title="Blog", slug="blog")
        Page.objects.get(pk=home.pk).add_child(instance=index)
        return index
