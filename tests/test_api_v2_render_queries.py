"""API v2's ``html`` costs a fixed number of SQL queries, whatever the number of posts.

Each post's body is rendered with the post page's templates; done naively that is a few
queries per post (its blocks' images and snippets, their renditions, the pages and
documents its rich text links to). Here a page of 20 posts with every kind of block
stays within one budget, the same as for 5 posts.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_fixtures import (
    API,
    POST_TYPE,
    document_fixture,  # noqa: F401 - a fixture, used by name
)
from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory
from tests.page_fixtures import renditions_made

pytestmark = pytest.mark.django_db

HTML_LISTING = f"{API}/pages/?type={POST_TYPE}&fields=html,plaintext,reading_time&limit=20"
# The first answer after a change also finds the site and counts the posts (9 today).
BUDGET = 10


def rendered_body(n, linked_page, document, snippet):
    return [
        (
            "paragraph",
            f'<p>Post {n}: read <a linktype="page" id="{linked_page.pk}">the first post</a> '
            f'and <a linktype="document" id="{document.pk}">the slides</a>.</p>',
        ),
        ("image", {"image": ImageFactory(file__width=1600, file__height=900), "alt": "Desk"}),
        ("heading", {"text": f"Part {n}", "level": "h2"}),
        ("quote", {"text": "Less is more.", "attribution": "Mies"}),
        ("code", {"language": "python", "code": "print('hi')"}),
        (
            "notice",
            {
                "style": "tip",
                "text": f'<p>See <a linktype="page" id="{linked_page.pk}">it</a>.</p>',
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Join us",
                "text": "<p>Free for teams.</p>",
                "image": ImageFactory(),
                "button_label": "Sign up",
                "url": "/signup/",
                "audience": "guests",
            },
        ),
        ("call_to_action", {"snippet": snippet, "audience": ""}),
    ]


def make_posts(blog_index, document, count):
    first = BlogPageFactory(parent=blog_index, title="First")
    snippets = [CallToActionFactory(image=ImageFactory()) for _ in range(2)]
    posts = [
        BlogPageFactory(
            parent=blog_index,
            title=f"Post {n}",
            body=rendered_body(n, first, document, snippets[n % 2]),
        )
        for n in range(count - 1)
    ]
    renditions_made(first, *posts)
    return posts


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries), response.json()


def test_twenty_posts_with_html_fit_the_budget(client, blog_index, document):
    make_posts(blog_index, document, 20)
    count, data = queries_for(client, HTML_LISTING)
    assert len(data["items"]) == 20
    assert all("Less is more." in item["html"] for item in data["items"][:19])
    assert count <= BUDGET, count


def test_html_costs_the_same_queries_for_5_posts_as_for_20(client, blog_index, document):
    make_posts(blog_index, document, 20)
    # The first answer also finds the site and counts the posts, for the ones after it.
    queries_for(client, HTML_LISTING.replace("limit=20", "limit=2"))
    five, _ = queries_for(client, HTML_LISTING.replace("limit=20", "limit=5"))
    twenty, _ = queries_for(client, HTML_LISTING)
    assert twenty == five
