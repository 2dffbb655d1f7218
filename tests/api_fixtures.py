"""Content and helpers shared by the API tests (tests/test_api_*.py).

Fixtures are named ``*_fixture`` in Python and by their short name in pytest (as in
``tests/page_fixtures.py``): a module imports ``rich_post_fixture``, its tests ask for
``rich_post``.
"""

import pytest
from wagtail.documents.models import Document
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogPageRelatedPost
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
    HomePageFactory,
    ImageFactory,
)

API = "/api/v2"
POST_TYPE = "blog.BlogPage"


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def list_posts(client, **params):
    return get_json(client, f"{API}/pages/", type=POST_TYPE, **params)


def post_detail(client, post, **params):
    return get_json(client, f"{API}/pages/{post.pk}/", **params)


def titles(listing):
    return [item["title"] for item in listing["items"]]


def relate(post, *related):
    for order, other in enumerate(related):
        BlogPageRelatedPost.objects.create(page=post, related_post=other, sort_order=order)


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type="login")


def make_draft(parent, **kwargs):
    post = BlogPageFactory.build(live=False, **kwargs)
    parent.add_child(instance=post)
    post.save_revision()
    return post


def every_block_body(linked_page, image, document, snippet):
    """A body with every block type, each exercising what its JSON must carry."""
    return [
        (
            "paragraph",
            f'<p>Read <a linktype="page" id="{linked_page.pk}">the other post</a>, '
            f'<a linktype="document" id="{document.pk}">the slides</a> and '
            '<a href="https://example.org/x">elsewhere</a>.</p>',
        ),
        ("heading", {"text": "Why integration", "level": "h2"}),
        ("image", {"image": image, "alt": "A desk", "caption": "Home office", "link": ""}),
        ("image", {"image": None, "external_url": "https://cdn.example.org/a.png", "alt": "X"}),
        ("quote", {"text": "Integration beats balance.", "attribution": "Quire"}),
        ("code", {"language": "python", "code": "print('hi')"}),
        (
            "table",
            {"data": [["Day", "Hours"], ["Mon", "8"]], "first_row_is_table_header": True},
        ),
        ("embed", {"embed": "https://www.youtube.com/watch?v=abc", "caption": "Talk"}),
        (
            "notice",
            {
                "style": "tip",
                "text": f'<p>See <a linktype="page" id="{linked_page.pk}">this</a>.</p>',
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Join us",
                "text": "<p>Free for teams.</p>",
                "image": image,
                "image_alt": "Banner",
                "button_label": "Sign up",
                "url": "/signup/",
                "audience": "guests",
            },
        ),
        ("call_to_action", {"snippet": snippet, "audience": "members"}),
        ("raw_html", '<div class="x">kept<script>alert(1)</script></div>'),
    ]


@pytest.fixture(name="document")
def document_fixture(db):
    return Document.objects.create(title="Slides", file="documents/slides.pdf")


@pytest.fixture(name="rich_post")
def rich_post_fixture(blog_index, document):
    """A published post with every field and every block type filled in."""
    avatar = ImageFactory(title="Ann's face")
    ann = AuthorFactory(name="Ann Writer", avatar=avatar, link="https://ann.example.org")
    bob = AuthorFactory(name="Bob Second", link="")
    remote = CategoryFactory(name="Remote work", description="<p>Working from anywhere.</p>")
    culture = CategoryFactory(name="Culture")
    older = BlogPageFactory(parent=blog_index, title="Older post", hero_image=ImageFactory())
    snippet = CallToActionFactory(image=ImageFactory(), audience="members")
    post = BlogPageFactory(
        parent=blog_index,
        title="Work-Life Integration",
        slug="work-life-integration",
        index_intro="Balance is over.",
        category_intro="Short teaser.",
        seo_title="Integration, not balance",
        search_description="Why work-life integration wins.",
        hero_image=ImageFactory(title="Hero"),
        social_image=ImageFactory(title="Social"),
        authors=[ann, bob],
        categories=[remote, culture],
        tag_names=["remote", "work-life-balance"],
        body=every_block_body(older, ImageFactory(title="Desk"), document, snippet),
    )
    relate(post, older)
    return post


@pytest.fixture(name="other_site_post")
def other_site_post_fixture(db, home_page):
    """A post on a second site (another host), which the default site must never show."""
    root = Page.get_first_root_node()
    other_home = HomePageFactory(parent=root, title="Other", slug="other-home")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_index = BlogIndexPageFactory(parent=other_home, slug="other-blog")
    return BlogPageFactory(parent=other_index, title="Other site post", slug="other-post")
