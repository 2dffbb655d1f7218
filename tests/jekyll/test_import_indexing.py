"""A bulk import indexes each object once at the end, and its lookups stay right across posts."""

from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from blog.models import BlogPage
from jekyll.runner import run_import
from jekyll.writing.deferred_indexing import deferred_indexing
from jekyll.writing.page_links import mentions_any, pages_linking_to
from jekyll.writing.related import PostTitleIndex, post_title_index
from tests.factories import BlogPageFactory
from tests.jekyll.test_import_writer import copy_site, write_post


def search_titles(words: str) -> set[str]:
    return {page.title for page in BlogPage.objects.live().search(words)}


def test_imported_posts_are_found_by_search(tmp_path, blog_index):
    site = copy_site(tmp_path / "site")
    write_post(site, "2020-02-01-zebra.md", "---\ntitle: Zebra crossings\n---\nQuagga stripes.\n")

    run_import(site, blog_index)

    assert search_titles("quagga") == {"Zebra crossings"}


def test_imported_post_is_in_the_reference_index_of_its_images(tmp_path, blog_index):
    site = copy_site(tmp_path / "site")

    run_import(site, blog_index)

    page = BlogPage.objects.get(slug="same-picture-twice")
    referencing = {
        source.pk
        for image in get_image_model().objects.all()
        for source, _references in ReferenceIndex.get_grouped_references_to(image)
    }
    assert page.pk in referencing


def test_a_page_saved_while_indexing_is_deferred_is_searchable_once_the_block_ends(blog_index):
    with deferred_indexing():
        BlogPageFactory(parent=blog_index, title="Okapi sightings")
        assert search_titles("okapi") == set()

    assert search_titles("okapi") == {"Okapi sightings"}


def test_saves_after_a_deferred_block_are_indexed_at_once(blog_index):
    with deferred_indexing():
        pass

    BlogPageFactory(parent=blog_index, title="Narwhal facts")

    assert search_titles("narwhal") == {"Narwhal facts"}


def test_title_index_kept_while_writing_matches_a_fresh_one(blog_index):
    early = BlogPageFactory(parent=blog_index, title="Same name", date="2020-01-01T00:00Z")
    index = PostTitleIndex()
    late = BlogPageFactory(
        parent=blog_index, title="Same name", slug="same-2", date="2021-01-01T00:00Z"
    )
    index.put(late.pk, late.date, late.title, late.draft_title)
    renamed = BlogPageFactory(parent=blog_index, title="Old name")
    index.put(renamed.pk, renamed.date, "Old name")
    BlogPage.objects.filter(pk=renamed.pk).update(title="New name", draft_title="New name")
    index.put(renamed.pk, renamed.date, "New name", "New name")

    fresh = post_title_index()
    assert {key: index.get(key) for key in fresh} == fresh
    assert index.get("Same name") == early.pk
    assert index.get("Old name") is None


def test_mentions_of_old_post_addresses_are_found_whatever_follows_them():
    assert mentions_any('see "/blog/p/a.html.html"', {"a.html"})
    assert mentions_any("/blog/p/b.html and /blog/p/ap/c.html", {"c"})
    assert not mentions_any("/blog/p/ab.html", {"a", "b"})


def test_pages_linking_to_finds_posts_that_mention_new_arrivals(tmp_path, blog_index):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    write_post(site, "2020-01-01-first.md", "---\ntitle: First\n---\n[Later](/blog/p/later.html)\n")
    write_post(site, "2020-01-02-other.md", "---\ntitle: Other\n---\nNo links.\n")
    run_import(site, blog_index)

    linking = pages_linking_to({"later"})

    assert set(BlogPage.objects.filter(pk__in=linking).values_list("slug", flat=True)) == {"first"}
