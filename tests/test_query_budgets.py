"""Pages cost a fixed number of queries, however much content they show (cache off)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPageRelatedPost
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db

# The performance issue's target: 10 for every page, however much it shows. A post page
# takes one query per kind of content, none per item: the site with its blog settings,
# the blog index, the post (with whether it has picked related posts and whether a view
# restriction applies), body images, body snippets, related posts (picked, else sharing
# tags), the post's tags, renditions, authors and categories (the post's and its related
# cards' together). Listings never count their posts (blog/pagination.py).
LISTING_BUDGET = 10
POST_BUDGET = 10
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


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """The budgets are those of a page built by its view, not of a cached copy."""
    settings.FOLIO_PAGE_CACHE = False


def warm(client, url):
    """The budget is about steady state: the first hit makes renditions and the blog's
    settings row, which retires what every worker keeps of the site (its next request
    reads the site's root paths again)."""
    for _ in range(2):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/blog/",
        "/blog/?page=2",
        "/search/?q=body",
        "/blog/tag/common/",
        "/blog/category/{category}/",
        "/blog/author/{author}/",
    ],
)
def test_listing_pages_stay_within_budget(client, big_blog, url, django_assert_max_num_queries):
    post = big_blog[-1]
    url = url.format(category=post.categories[0].slug, author=post.authors[0].slug)
    warm(client, url)
    with django_assert_max_num_queries(LISTING_BUDGET):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/blog/", "/blog/?page=2", "/blog/tag/common/"])
def test_listings_never_count_their_posts(client, big_blog, url):
    # A COUNT over the whole archive is what made listings slow with 100,000 posts.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]


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
