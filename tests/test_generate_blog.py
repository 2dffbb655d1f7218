"""`manage.py generate_blog` builds a valid, realistic blog for benchmarks."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from blog.models import BlogPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(blog_index):
    call_command("generate_blog", posts=12, images=2, batch_size=5, stdout=io.StringIO())
    return blog_index


def test_generates_the_requested_number_of_live_posts(generated):
    assert BlogPage.objects.live().descendant_of(generated).count() == 12


def test_generated_tree_has_no_problems(generated):
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    assert Page.objects.get(pk=generated.pk).numchild == 12


def test_generated_posts_have_relations_and_every_block_type(generated):
    post = BlogPage.objects.order_by("-pk").first()
    assert len(post.authors) == 2
    assert len(post.categories) == 1
    assert post.tags.count() == 5
    assert len(post.related_posts) == 3
    assert post.hero_image is not None
    assert {block.block_type for block in post.body} >= {
        "paragraph", "heading", "image", "quote", "code", "table", "notice", "call_to_action", "raw_html",
    }  # fmt: skip


def test_generated_posts_are_searchable(generated):
    post = BlogPage.objects.order_by("-pk").first()
    results = BlogPage.objects.live().search(post.title.split()[0] + " " + post.title.split()[-1])
    assert post in list(results)


def test_generating_twice_appends(generated):
    call_command("generate_blog", posts=3, images=0, stdout=io.StringIO())
    assert BlogPage.objects.count() == 15
    assert BlogPage.objects.values("slug").distinct().count() == 15
    assert not any(Page.find_problems())
