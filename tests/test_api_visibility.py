"""Drafts, private pages and other sites' pages never appear, through any endpoint."""

import pytest
from django.contrib.auth.models import User
from wagtail.models import PageViewRestriction

from tests.api_fixtures import (
    API,
    POST_TYPE,
    get_json,
    list_posts,
    make_private,
    other_site_post_fixture,  # noqa: F401 - a fixture, used by name
    relate,
    titles,
)
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return AuthorFactory(name="Hidden Hand")


@pytest.fixture
def draft(blog_index, author):
    return BlogPageFactory(
        parent=blog_index, title="Draft post", slug="draft-post", live=False, authors=[author]
    )


@pytest.fixture
def private(blog_index, author):
    post = BlogPageFactory(
        parent=blog_index,
        title="Private post",
        slug="private-post",
        authors=[author],
        tag_names=["secret"],
    )
    make_private(post)
    return post


@pytest.fixture
def public(blog_index):
    return BlogPageFactory(parent=blog_index, title="Public post", tag_names=["secret"])


@pytest.fixture
def hidden(draft, private, other_site_post):
    return [draft, private, other_site_post]


def every_title(client, url, **params):
    return {item["title"] for item in get_json(client, url, limit=100, **params)["items"]}


def test_listings_show_only_live_public_pages_of_this_site(client, hidden, public):
    assert titles(list_posts(client)) == ["Public post"]
    assert every_title(client, f"{API}/pages/") == {"Folio", "Blog", "Public post"}


def test_search_never_finds_hidden_posts(client, hidden, public):
    for word in ("draft", "private", "other"):
        assert titles(list_posts(client, search=word)) == []


@pytest.mark.parametrize("hidden_page", ["draft", "private", "other_site_post"])
def test_detail_of_a_hidden_page_is_404(client, hidden_page, request):
    page = request.getfixturevalue(hidden_page)
    assert get_json(client, f"{API}/pages/{page.pk}/", status=404)


@pytest.mark.parametrize(
    "hidden_page, path",
    [
        ("draft", "/blog/draft-post/"),
        ("private", "/blog/private-post/"),
        ("other_site_post", "/other-blog/other-post/"),
    ],
)
def test_html_path_never_finds_a_hidden_page(client, hidden_page, path, request):
    request.getfixturevalue(hidden_page)
    response = client.get(f"{API}/pages/find/", {"html_path": path})
    assert response.status_code == 404


@pytest.mark.parametrize("hidden_page", ["draft", "private", "other_site_post"])
def test_find_by_id_never_finds_a_hidden_page(client, hidden_page, request):
    page = request.getfixturevalue(hidden_page)
    assert client.get(f"{API}/pages/find/", {"id": page.pk}).status_code == 404


@pytest.mark.parametrize("slug", ["draft-post", "private-post", "other-post"])
def test_slug_lookup_never_finds_a_hidden_page(client, hidden, slug):
    assert client.get(f"{API}/pages/slug/{slug}/").status_code == 404


def test_children_of_a_private_section_are_hidden(client, blog_index, public):
    PageViewRestriction.objects.create(page=blog_index, restriction_type="password", password="x")
    assert list_posts(client)["items"] == []
    response = client.get(f"{API}/pages/", {"child_of": blog_index.pk})
    assert response.status_code == 400


def test_a_logged_in_editor_sees_the_same_public_api(client, private, public):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw"))
    assert titles(list_posts(client)) == ["Public post"]
    assert client.get(f"{API}/pages/{private.pk}/").status_code == 404


def test_other_site_shows_its_own_pages_only(client, other_site_post, public):
    listing = client.get(f"{API}/pages/", {"type": POST_TYPE}, HTTP_HOST="other.example").json()
    assert titles(listing) == ["Other site post"]


def test_hidden_posts_are_not_related_posts(client, blog_index, draft, private, public):
    post = BlogPageFactory(parent=blog_index, tag_names=["secret"])
    relate(post, draft)
    related = get_json(client, f"{API}/pages/{post.pk}/")["related_posts"]
    assert [item["title"] for item in related] == ["Public post"]


def test_taxonomy_counts_only_public_posts(client, hidden, author, public):
    (item,) = get_json(client, f"{API}/authors/", slug=author.slug)["items"]
    assert item["post_count"] == 0
    (tag,) = get_json(client, f"{API}/tags/")["items"]
    assert (tag["slug"], tag["post_count"]) == ("secret", 1)


def test_tags_only_on_hidden_posts_are_not_listed(client, blog_index, private):
    assert get_json(client, f"{API}/tags/")["items"] == []


def test_category_of_hidden_posts_has_no_posts(client, blog_index):
    category = CategoryFactory(name="Stealth")
    BlogPageFactory(parent=blog_index, live=False, categories=[category])
    (item,) = get_json(client, f"{API}/categories/")["items"]
    assert item["post_count"] == 0
