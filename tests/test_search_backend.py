"""Folio's search backend takes any text, through every caller of Wagtail's search."""

import pytest
from wagtail.search.backends import get_search_backend

from blog.models import BlogPage
from search.backends import MAX_QUERY_LENGTH, clean_query_text
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

AWKWARD_QUERIES = ['"remote"', '"remote', 'remote"', '" remote "', "remo\x00te", 'remote ""']


@pytest.fixture
def remote_post(blog_index):
    return BlogPageFactory(parent=blog_index, title="Remote work that works")


def found_titles(query):
    return [page.title for page in get_search_backend().search(query, BlogPage)]


def test_double_quotes_and_nul_are_ignored_by_the_backend(remote_post):
    for query in AWKWARD_QUERIES:
        assert found_titles(query) == ["Remote work that works"], repr(query)


def test_a_query_of_quotes_only_finds_nothing(remote_post):
    assert found_titles('"""') == []


def test_api_v2_search_with_a_double_quote_finds_the_post(client, remote_post):
    response = client.get("/api/v2/pages/", {"search": '"remote', "type": "blog.BlogPage"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Remote work that works"]


def test_api_v3_search_with_a_double_quote_finds_the_post(client, remote_post):
    response = client.get("/api/v3/pages/", {"search": '"remote'})
    assert response.status_code == 200
    assert "Remote work that works" in [item["title"] for item in response.json()["items"]]


def test_api_v3_search_across_all_page_types_hides_nothing_it_should_not(client, remote_post):
    remote_post.unpublish()
    response = client.get("/api/v3/pages/", {"search": "remote"})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_admin_search_with_a_double_quote_is_answered(admin_client, remote_post):
    response = admin_client.get("/admin/pages/search/", {"q": '"remote'})
    assert response.status_code == 200
    assert b"Remote work that works" in response.content


def test_long_queries_are_cut_to_their_start():
    assert clean_query_text("a" * 10_000) == "a" * MAX_QUERY_LENGTH
