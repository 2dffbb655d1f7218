"""Links to the old blog's posts become Wagtail page links once their post is in the CMS."""

import pytest
from wagtail.models import Revision

from blog.models import BlogPage
from jekyll.report import Status
from jekyll.runner import run_import
from jekyll.writing.page_links import legacy_slug, link_to_pages
from tests.jekyll.test_import_writer import write_post

HOSTS = {"quire.io"}


@pytest.mark.parametrize(
    ("href", "slug"),
    [
        ("/blog/p/Recurring-Tasks.html", "Recurring-Tasks"),
        ("https://quire.io/blog/p/Recurring-Tasks.html", "Recurring-Tasks"),
        ("http://quire.io/blog/p/Roles-%26-Permissions.html", "Roles-&-Permissions"),
        ("https://elsewhere.com/blog/p/Recurring-Tasks.html", ""),
        ("/blog/Recurring-Tasks.html", ""),
        ("mailto:p/x.html", ""),
    ],
)
def test_legacy_post_links_are_recognised(href, slug):
    assert legacy_slug(href, HOSTS) == slug


def test_only_links_to_posts_in_the_cms_become_page_links():
    html = '<p><a href="/blog/p/a.html">A</a> and <a href="/blog/p/gone.html">gone</a></p>'
    assert link_to_pages(html, {"a": 7}, HOSTS) == (
        '<p><a linktype="page" id="7">A</a> and <a href="/blog/p/gone.html">gone</a></p>'
    )


@pytest.fixture
def linked_site(tmp_path):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    write_post(
        site,
        "2020-01-01-first.md",
        "---\ntitle: First\n---\nOn to the [second post](/blog/p/second.html) "
        "and [elsewhere](https://example.com/blog/p/second.html).\n",
    )
    write_post(
        site,
        "2020-02-01-second.md",
        "---\ntitle: Second\n---\nBack to [the first](https://quire.io/blog/p/first.html), "
        "not to [a missing one](/blog/p/never-imported.html).\n\n"
        '<p class="notice">See <a href="/blog/p/first.html">the first</a>.</p>\n',
    )
    return site


def paragraph_html(slug: str) -> str:
    page = BlogPage.objects.get(slug=slug)
    return "".join(block.value.source for block in page.body if block.block_type == "paragraph")


def test_links_to_posts_become_page_links_both_ways(linked_site, blog_index):
    report = run_import(linked_site, blog_index, old_site_url="https://quire.io/blog")
    first, second = BlogPage.objects.get(slug="first"), BlogPage.objects.get(slug="second")

    # "first" links forward: linked after all posts are in.
    assert f'<a linktype="page" id="{second.pk}">second post</a>' in paragraph_html("first")
    assert '<a href="https://example.com/blog/p/second.html">' in paragraph_html("first")
    # "second" links back: linked as it is written.
    assert f'<a linktype="page" id="{first.pk}">the first</a>' in paragraph_html("second")
    assert '<a href="/blog/p/never-imported.html">' in paragraph_html("second")
    (notice,) = [block.value for block in second.body if block.block_type == "notice"]
    assert f'<a linktype="page" id="{first.pk}">' in notice["text"].source
    assert report.pages_relinked == 1


def test_page_links_are_served_as_the_new_addresses(linked_site, blog_index, client):
    run_import(linked_site, blog_index, old_site_url="https://quire.io/blog")
    html = client.get("/blog/first/").content.decode()
    assert 'href="/blog/second/"' in html


def test_linked_posts_stay_unchanged_and_editable_on_the_next_import(linked_site, blog_index):
    run_import(linked_site, blog_index, old_site_url="https://quire.io/blog")
    revisions = Revision.objects.count()
    again = run_import(linked_site, blog_index, old_site_url="https://quire.io/blog")
    assert {post.status for post in again.posts} == {Status.UNCHANGED}
    assert again.pages_relinked == 0
    assert Revision.objects.count() == revisions
    first = BlogPage.objects.get(slug="first")
    # The linking revision is the import's own: not mistaken for an admin edit.
    assert first.latest_revision_id == first.imported_revision_id
    assert first.live and not first.has_unpublished_changes


def test_absolute_links_need_the_old_site_address(linked_site, blog_index):
    run_import(linked_site, blog_index)
    assert '<a href="https://quire.io/blog/p/first.html">' in paragraph_html("second")


def test_giving_the_old_site_address_later_updates_the_posts(linked_site, blog_index):
    run_import(linked_site, blog_index)
    again = run_import(linked_site, blog_index, old_site_url="https://quire.io/blog")
    assert {post.status for post in again.posts} == {Status.UPDATED}
    first = BlogPage.objects.get(slug="first")
    assert f'<a linktype="page" id="{first.pk}">the first</a>' in paragraph_html("second")


def test_a_post_imported_earlier_links_to_a_post_arriving_in_a_later_import(
    linked_site, blog_index, tmp_path
):
    second_file = linked_site / "_posts" / "2020-02-01-second.md"
    later = second_file.rename(tmp_path / second_file.name)
    run_import(linked_site, blog_index)
    assert '<a href="/blog/p/second.html">' in paragraph_html("first")

    later.rename(second_file)
    report = run_import(linked_site, blog_index)

    assert [post.status for post in report.posts] == [Status.UNCHANGED, Status.CREATED]
    second = BlogPage.objects.get(slug="second")
    assert f'<a linktype="page" id="{second.pk}">second post</a>' in paragraph_html("first")
    assert report.pages_relinked == 1
