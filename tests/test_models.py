"""Content model rules: page tree, relations, derived values."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage, BlogPageRelatedPost
from home.models import HomePage
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CategoryFactory,
)

pytestmark = pytest.mark.django_db


def test_posts_can_only_live_under_a_blog_index():
    assert BlogPage.allowed_parent_page_models() == [BlogIndexPage]


def test_blog_index_lives_under_home_or_root():
    assert set(BlogIndexPage.allowed_parent_page_models()) == {HomePage, Page}


def test_posts_have_no_children():
    assert BlogPage.allowed_subpage_models() == []


def test_home_only_takes_blog_indexes():
    assert HomePage.allowed_subpage_models() == [BlogIndexPage]


def test_only_one_blog_index_per_parent(home_page, blog_index):
    assert not BlogIndexPage.can_create_at(home_page)


def test_only_one_home_page(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_author_and_category_get_slugs_from_their_names():
    assert AuthorFactory(name="Quire Marketing Team").slug == "quire-marketing-team"
    assert CategoryFactory(name="Productivity-tips").slug == "productivity-tips"


def test_slugs_stay_unique_when_names_slugify_alike():
    first = CategoryFactory(name="Tips & Tricks")
    second = CategoryFactory(name="Tips, Tricks")
    assert first.slug != second.slug


def test_authors_keep_their_order(blog_index):
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    post = BlogPageFactory(parent=blog_index, authors=[bob, ann])
    assert [a.name for a in BlogPage.objects.get(pk=post.pk).authors] == ["Bob", "Ann"]


def test_primary_category_is_the_first(blog_index):
    post = BlogPageFactory(
        parent=blog_index, categories=[CategoryFactory(name="B"), CategoryFactory(name="A")]
    )
    assert post.primary_category.name == "B"


def test_category_teaser_falls_back_to_index_intro(blog_index):
    post = BlogPageFactory(parent=blog_index, index_intro="Long teaser.", category_intro="")
    assert post.category_teaser == "Long teaser."
    post.category_intro = "Short."
    assert post.category_teaser == "Short."


def test_tags_are_stored_once(blog_index):
    post = BlogPageFactory(parent=blog_index, tag_names=["focus", "focus", "remote"])
    assert sorted(t.name for t in post.tags.all()) == ["focus", "remote"]


def test_reading_time_counts_body_words(blog_index):
    words = " ".join(["word"] * 700)
    post = BlogPageFactory(parent=blog_index, body=[("paragraph", f"<p>{words}</p>")])
    assert post.reading_time == 4


def test_reading_time_is_at_least_one_minute(blog_index):
    assert BlogPageFactory(parent=blog_index, body=[]).reading_time == 1


def test_explicit_related_posts_keep_editor_order(blog_index):
    post, first, second = (BlogPageFactory(parent=blog_index) for _ in range(3))
    BlogPageRelatedPost.objects.create(page=post, related_post=second, sort_order=0)
    BlogPageRelatedPost.objects.create(page=post, related_post=first, sort_order=1)
    assert BlogPage.objects.get(pk=post.pk).related_posts == [second, first]


def test_related_posts_fall_back_to_most_shared_tags(blog_index):
    post = BlogPageFactory(parent=blog_index, tag_names=["a", "b", "c"])
    one_shared = BlogPageFactory(parent=blog_index, tag_names=["a"])
    three_shared = BlogPageFactory(parent=blog_index, tag_names=["a", "b", "c"])
    BlogPageFactory(parent=blog_index, tag_names=["zzz"])
    assert post.related_posts == [three_shared, one_shared]


def test_unpublished_picks_are_not_related(blog_index):
    post, draft = BlogPageFactory(parent=blog_index), BlogPageFactory(parent=blog_index)
    draft.unpublish()
    BlogPageRelatedPost.objects.create(page=post, related_post=draft, sort_order=0)
    assert BlogPage.objects.get(pk=post.pk).related_posts == []


def test_a_post_cannot_be_related_to_itself(blog_index):
    post = BlogPageFactory(parent=blog_index)
    with pytest.raises(ValidationError):
        BlogPageRelatedPost(page=post, related_post=post).clean()


def test_listing_is_newest_first_and_only_live(blog_index):
    old = BlogPageFactory(parent=blog_index)
    new = BlogPageFactory(parent=blog_index)
    draft = BlogPageFactory(parent=blog_index)
    draft.unpublish()
    assert list(blog_index.posts()) == [new, old]


def test_excerpt_prefers_search_description(blog_index):
    post = BlogPageFactory(parent=blog_index, index_intro="Intro", search_description="SEO")
    assert post.excerpt == "SEO"
