"""Pages cost a fixed number of queries, however much content they show (cache off)."""

import pytest
from django.core.cache import cache

from blog.models import BlogPageRelatedPost
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db

# Fixed costs before any content: the site and 1 page lookup per level below the home page
# (the view restriction check rides on the post's own query). The performance issue's
# target is 10 for every page. A post page is at 11 with picked related posts, 12 with
# automatic ones: site, blog index, post, body images, body snippets, picks (+ posts
# sharing tags), tags, renditions, authors, categories (the post's and its related
# cards' together), blog settings: one query per kind of content, none per item.
LISTING_BUDGET = 10
POST_BUDGET = 12
FEED_BUDGET = 7


def rich_body(image, cta):
    return [
        ("paragraph", "<p>Intro with a <a href='https://example.com'>link</a>.</p>"),
        ("heading", {"text": "Section", "level": "h2"}),
        ("image", {"image": image, "alt": "A picture", "caption": "Caption"}),
        ("quote", {"text": "Quoted", "attribution": "Someone"}),
        ("code", {"language": "python", "code": "print(1)"}),
        (
            "table",
            {
                "data": [["a", "b"], ["1", "2"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_header_choice": "row",
                "table_caption": "",
            },
        ),
        ("notice", {"style": "info", "text": "<p>Notice</p>"}),
        ("call_to_action", {"snippet": cta, "audience": "guests"}),
        ("call_to_action", {"url": "https://example.com/signup", "audience": "guests"}),
        ("image", {"image": image, "alt": "Another", "caption": ""}),
    ]


@pytest.fixture
def big_blog(blog_index):
    """Posts with many tags, authors with avatars, categories, related posts and images."""
    images = [ImageFactory() for _ in range(3)]
    authors = [AuthorFactory(avatar=images[n % 3]) for n in range(4)]
    categories = [CategoryFactory() for _ in range(3)]
    cta = CallToActionFactory()
    posts = []
    for n in range(20):
        posts.append(
            BlogPageFactory(
                parent=blog_index,
                hero_image=images[n % 3],
                authors=authors[n % 3 : n % 3 + 2],
                categories=[categories[n % 3]],
                tag_names=[f"tag-{n % 5}", f"tag-{(n + 1) % 5}", "common", f"x-{n}", "team"],
                body=rich_body(images[n % 3], cta),
            )
        )
    for n, post in enumerate(posts[3:], start=3):
        for order, other in enumerate(posts[n - 3 : n]):
            BlogPageRelatedPost.objects.create(page=post, related_post=other, sort_order=order)
    cache.clear()
    return posts


def warm(client, url):
    """First hits make renditions; the budget is about steady state."""
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url, extra",
    [
        ("/", 0),
        ("/blog/", 0),
        ("/blog/?page=2", 0),
        ("/search/?q=body", 0),
        # One more: the tag, category or author the listing is about.
        ("/blog/tag/common/", 1),
        ("/blog/category/{category}/", 1),
        ("/blog/author/{author}/", 1),
    ],
)
def test_listing_pages_stay_within_budget(
    client, big_blog, url, extra, django_assert_max_num_queries
):
    post = big_blog[-1]
    url = url.format(category=post.categories[0].slug, author=post.authors[0].slug)
    warm(client, url)
    with django_assert_max_num_queries(LISTING_BUDGET + extra):
        assert client.get(url).status_code == 200


def test_post_page_stays_within_budget(client, big_blog, django_assert_max_num_queries):
    post = big_blog[-1]
    warm(client, post.url)
    with django_assert_max_num_queries(POST_BUDGET):
        assert client.get(post.url).status_code == 200


def test_post_page_with_automatic_related_posts_stays_within_budget(
    client, big_blog, django_assert_max_num_queries
):
    post = big_blog[0]  # no explicit picks: related by shared tags
    warm(client, post.url)
    with django_assert_max_num_queries(POST_BUDGET):
        assert client.get(post.url).status_code == 200


def test_feed_stays_within_budget(client, big_blog, django_assert_max_num_queries):
    warm(client, "/blog/feed/")
    with django_assert_max_num_queries(FEED_BUDGET):
        assert client.get("/blog/feed/").status_code == 200
