"""The API answers in a fixed number of SQL queries, whatever the amount of content.

Renditions are created on first use (as Wagtail does), so each test asks once to warm
them up and counts the second answer: the steady state a reader meets.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_fixtures import (
    API,
    POST_TYPE,
    document_fixture,  # noqa: F401 - a fixture, used by name
    every_block_body,
    relate,
)
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db

FULL_LISTING = f"{API}/pages/?type={POST_TYPE}&fields=*&limit=100"
# 13: fields=* includes html, which for a guest reads the blog settings once (their guest
# call to action ends each post's html, as on the page).
BUDGET = 13


def image_body(n):
    return [
        ("paragraph", f"<p>Post {n} opens with <b>bold</b> words.</p>"),
        ("image", {"image": ImageFactory(), "alt": "First"}),
        ("heading", {"text": "More", "level": "h2"}),
        ("image", {"image": ImageFactory(), "alt": "Second"}),
        ("code", {"language": "bash", "code": "ls"}),
    ]


def make_blog(blog_index, count, body=image_body, related=3):
    """``count`` posts with 5 tags, 2 authors with avatars, 2 categories, hero images and
    ``related`` picked related posts each."""
    authors = [AuthorFactory(avatar=ImageFactory()) for _ in range(4)]
    categories = [CategoryFactory() for _ in range(3)]
    posts = [
        BlogPageFactory(
            parent=blog_index,
            hero_image=ImageFactory(),
            authors=authors[n % 3 : n % 3 + 2],
            categories=categories[n % 2 : n % 2 + 2],
            tag_names=[f"tag-{(n + k) % 9}" for k in range(5)],
            body=body(n),
        )
        for n in range(count)
    ]
    for n, post in enumerate(posts):
        relate(post, *[posts[(n + k) % count] for k in range(1, related + 1)])
    return posts


def queries_for(client, url):
    assert client.get(url).status_code == 200  # warm up: renditions are made once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_full_listing_of_many_rich_posts_fits_the_budget(
    client, blog_index, django_assert_max_num_queries
):
    make_blog(blog_index, 30)
    client.get(FULL_LISTING)
    with django_assert_max_num_queries(BUDGET):
        data = client.get(FULL_LISTING).json()
    assert data["meta"]["total_count"] == 30
    assert all(len(item["related_posts"]) == 3 for item in data["items"])
    assert all(len(item["tags"]) == 5 for item in data["items"])


def test_post_detail_fits_the_budget(client, blog_index, django_assert_max_num_queries):
    post = make_blog(blog_index, 30)[7]
    url = f"{API}/pages/{post.pk}/"
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        data = client.get(url).json()
    assert len(data["authors"]) == 2 and len(data["related_posts"]) == 3


def test_detail_of_a_post_with_every_block_type_fits_the_budget(
    client, blog_index, document, django_assert_max_num_queries
):
    snippet = CallToActionFactory(image=ImageFactory())

    def body(n):
        return every_block_body(blog_index, ImageFactory(), document, snippet) * 2

    post = make_blog(blog_index, 5, body=body, related=2)[2]
    url = f"{API}/pages/{post.pk}/"
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        data = client.get(url).json()
    assert {block["type"] for block in data["body"]} >= {"image", "call_to_action", "embed"}


def test_automatic_related_posts_fit_the_budget(client, blog_index, django_assert_max_num_queries):
    post = make_blog(blog_index, 30, related=0)[3]
    for url in (FULL_LISTING, f"{API}/pages/{post.pk}/"):
        client.get(url)
        with django_assert_max_num_queries(BUDGET):
            data = client.get(url).json()
        item = data["items"][0] if "items" in data else data
        assert len(item["related_posts"]) == 3


def test_query_count_does_not_grow_with_posts_or_blocks(client, blog_index, document):
    """With every block type (links, snippets, CTAs) the count is higher but still fixed."""
    snippet = CallToActionFactory(image=ImageFactory())

    def body(n):
        linked = blog_index
        return every_block_body(linked, ImageFactory(), document, snippet) * (1 + n % 3)

    make_blog(blog_index, 3, body=body, related=1)
    few = queries_for(client, FULL_LISTING)
    make_blog(blog_index, 27, body=body, related=2)
    many = queries_for(client, FULL_LISTING)
    assert few == many
    assert many <= 20


def test_taxonomy_listings_fit_the_budget(client, blog_index, django_assert_max_num_queries):
    make_blog(blog_index, 10)
    for endpoint in ("authors", "categories", "tags"):
        url = f"{API}/{endpoint}/?limit=100"
        client.get(url)
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_image_listing_reads_tags_in_one_query(client, blog_index, django_assert_max_num_queries):
    images = [ImageFactory() for _ in range(15)]
    for n, image in enumerate(images):
        image.tags.add(f"tag-{n}", "shared")
    BlogPageFactory(parent=blog_index, body=[("image", {"image": image}) for image in images])
    url = f"{API}/images/?limit=100"
    client.get(url)
    with django_assert_max_num_queries(6):
        assert len(client.get(url).json()["items"]) == 15


def test_listing_total_is_counted_once_until_content_changes(client, blog_index):
    BlogPageFactory(parent=blog_index, title="First")
    url = "/api/v2/pages/?type=blog.BlogPage&fields=title"
    assert client.get(url).json()["meta"]["total_count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json()["meta"]["total_count"] == 1
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]

    BlogPageFactory(parent=blog_index, title="Second")
    assert client.get(url).json()["meta"]["total_count"] == 2


def test_listing_total_follows_an_unpublish(client, blog_index):
    first = BlogPageFactory(parent=blog_index, title="First")
    BlogPageFactory(parent=blog_index, title="Second")
    url = "/api/v2/pages/?type=blog.BlogPage"
    assert client.get(url).json()["meta"]["total_count"] == 2
    first.unpublish()
    assert client.get(url).json()["meta"]["total_count"] == 1
