"""Indexing a chunk of objects at once gives the rows Wagtail's one-at-a-time indexing gives."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from blog.models import BlogPage
from jekyll.runner import run_import
from jekyll.writing.bulk_references import update_references
from jekyll.writing.preloaded_images import preload_body_images
from jekyll.writing.searchable_content import stream_text_read_once
from tests.factories import BlogPageFactory
from tests.jekyll.test_import_writer import copy_site

RECORD = ("content_type", "base_content_type", "object_id", "to_content_type", "to_object_id")


def recorded_references() -> set[tuple]:
    """The reference index rows of pages."""
    rows = ReferenceIndex.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))
    return set(rows.values_list(*RECORD, "model_path", "content_path"))


def wagtails_own_references(pages) -> set[tuple]:
    """The rows of ``pages`` as Wagtail's own indexing makes them, one page at a time."""
    ReferenceIndex.objects.all().delete()
    for page in pages:
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(page)
    return recorded_references()


def images_in(page) -> list:
    return [
        block.value["image"]
        for block in page.body
        if block.block_type in ("image", "call_to_action")
    ]


def test_references_of_imported_pages_are_those_wagtail_records(tmp_path, blog_index):
    run_import(copy_site(tmp_path / "site"), blog_index)
    imported = recorded_references()

    assert imported
    assert imported == wagtails_own_references(BlogPage.objects.all())


def test_references_no_longer_made_are_removed_and_new_ones_added(tmp_path, blog_index):
    run_import(copy_site(tmp_path / "site"), blog_index)
    page = BlogPage.objects.get(slug="same-picture-twice")
    rows = ReferenceIndex.objects.filter(object_id=str(page.pk))
    expected = recorded_references()
    missing = rows.first()
    stale = ReferenceIndex.objects.get(pk=missing.pk)
    missing.delete()
    stale.pk, stale.content_path = None, "body.gone.image"
    stale.content_path_hash = ReferenceIndex._get_content_path_hash(stale.content_path)
    stale.save()

    update_references(BlogPage, [BlogPage.objects.get(pk=page.pk)])

    assert not rows.filter(content_path="body.gone.image").exists()
    assert recorded_references() == expected == wagtails_own_references(BlogPage.objects.all())


def test_body_images_of_many_pages_are_loaded_in_one_query(
    tmp_path, blog_index, django_assert_num_queries
):
    run_import(copy_site(tmp_path / "site"), blog_index)
    pages = list(BlogPage.objects.all())
    expected = [images_in(page) for page in pages]
    pages = list(BlogPage.objects.all())

    with django_assert_num_queries(1):
        preload_body_images(pages)
        loaded = [images_in(page) for page in pages]

    assert loaded == expected
    assert any(isinstance(image, get_image_model()) for images in loaded for image in images)


def index_entries() -> set[tuple]:
    """The search index's entries, each column as its sorted words.

    Where each word stands is left out: the order of a page's tags (in its body column)
    is whatever order the database returns them in, which differs between the chunk's
    and a single page's query on PostgreSQL.
    """
    rows = IndexEntry.objects.values_list("object_id", "title", "body", "autocomplete")
    return {(object_id, *(words_of(column) for column in columns)) for object_id, *columns in rows}


def words_of(column: str) -> tuple[str, ...]:
    # PostgreSQL's columns are tsvectors ('word':1,5A); SQLite's are plain text.
    return tuple(sorted(re.sub(r"':[0-9A-D,]+", "'", column or "").split()))


def test_search_entries_of_imported_pages_are_those_of_indexing_each_page_alone(
    tmp_path, blog_index
):
    run_import(copy_site(tmp_path / "site"), blog_index)
    imported = index_entries()
    backend = get_search_backend()

    for page in BlogPage.objects.all():
        backend.add(page)

    assert imported and index_entries() == imported


def test_a_body_read_for_search_once_gives_the_same_text_each_time(blog_index):
    page = BlogPageFactory(parent=blog_index, title="Body")
    page.body = [{"type": "paragraph", "value": "<p>Quagga <b>stripes</b></p>"}]
    field = BlogPage._meta.get_field("body")
    expected = field.get_searchable_content(page.body)

    with stream_text_read_once():
        first = field.get_searchable_content(page.body)
        again = field.get_searchable_content(page.body)

    assert first == again == expected
    assert field.get_searchable_content.__func__ is type(field).get_searchable_content
