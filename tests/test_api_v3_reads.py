"""API v3 reads do what docs/api.md says (issue #16): ``fields=``, unknown parameters and
filters refused, a post's ``seo``, ``primary_author`` and ``primary_category``, absolute
URLs for ``find`` and images."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from tests.api_fixtures import document_fixture, rich_post_fixture  # noqa: F401
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json()


@pytest.fixture(name="admin_headers")
def admin_headers_fixture(db):
    user = User.objects.create_superuser("v3-reads-admin", "admin@example.com", "x")
    _, plaintext = APIToken.create_token(user=user, name="reads")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_listing_fields_adds_the_named_fields_to_each_item(client, rich_post):
    listing = get_json(client, f"{PAGES}?type=blog.BlogPage&fields=date,index_intro,tags")
    post = next(item for item in listing["items"] if item["id"] == rich_post.pk)
    assert post["index_intro"] == "Balance is over."
    assert post["tags"] == ["remote", "work-life-balance"]
    assert datetime.fromisoformat(post["date"]) == rich_post.date
    assert post["title"] == "Work-Life Integration"


def test_listing_fields_star_gives_every_field_and_minus_leaves_one_out(client, rich_post):
    listing = get_json(client, f"{PAGES}?type=blog.BlogPage&fields=*,-body")
    post = next(item for item in listing["items"] if item["id"] == rich_post.pk)
    assert "body" not in post
    assert [author["name"] for author in post["authors"]] == ["Ann Writer", "Bob Second"]


def test_detail_fields_underscore_keeps_only_the_named_fields(client, rich_post):
    post = get_json(client, f"{PAGES}{rich_post.pk}/?fields=_,date,excerpt")
    assert set(post) == {"id", "meta", "date", "excerpt"}


def test_detail_fields_minus_leaves_a_field_out(client, rich_post):
    post = get_json(client, f"{PAGES}{rich_post.pk}/?fields=-body,-related_posts")
    assert "body" not in post and "related_posts" not in post
    assert post["index_intro"] == "Balance is over."


def test_an_unknown_field_is_a_400_naming_it(client, rich_post):
    problem = get_json(client, f"{PAGES}{rich_post.pk}/?fields=date,nope", status=400)
    assert "nope" in problem["detail"]
    problem = get_json(client, f"{PAGES}?type=blog.BlogPage&fields=nope", status=400)
    assert "nope" in problem["detail"]


def test_an_unknown_query_parameter_is_a_400_naming_it(client, rich_post):
    problem = get_json(client, f"{PAGES}?type=blog.BlogPage&colour=red", status=400)
    assert problem["detail"] == (
        "query parameter is not an operation or a recognised field: colour"
    )
    problem = get_json(client, f"{PAGES}{rich_post.pk}/?colour=red", status=400)
    assert "colour" in problem["detail"]


def test_a_field_of_another_page_type_is_not_a_filter_without_its_type(client, rich_post):
    problem = get_json(client, f"{PAGES}?index_intro=x", status=400)
    assert "index_intro" in problem["detail"]


def test_a_field_that_cannot_filter_is_a_400(client, rich_post):
    problem = get_json(client, f"{PAGES}?type=blog.BlogPage&body=integration", status=400)
    assert problem["detail"] == "body cannot be used as a filter (search= finds words in it)"
    problem = get_json(client, f"{PAGES}?type=blog.BlogPage&authors=1", status=400)
    assert "authors" in problem["detail"]


def test_a_filter_value_of_the_wrong_kind_is_a_400(client, rich_post):
    problem = get_json(client, f"{PAGES}?type=blog.BlogPage&date=yesterday", status=400)
    assert "date" in problem["detail"] and "yesterday" in problem["detail"]


def test_field_filters_still_filter(client, rich_post):
    listing = get_json(client, f"{PAGES}?type=blog.BlogPage&slug=work-life-integration")
    assert [item["id"] for item in listing["items"]] == [rich_post.pk]
    listing = get_json(client, f"{PAGES}?type=blog.BlogPage&tags=remote")
    assert [item["id"] for item in listing["items"]] == [rich_post.pk]


def test_a_post_carries_seo_primary_author_and_primary_category(client, rich_post):
    post = get_json(client, f"{PAGES}{rich_post.pk}/")
    assert post["seo"]["title"] == "Integration, not balance"
    assert post["seo"]["description"] == "Why work-life integration wins."
    assert post["seo"]["canonical_url"] == "http://testserver/blog/work-life-integration/"
    assert post["seo"]["og_image"]["url"].startswith("http://testserver/")
    assert post["primary_author"]["name"] == "Ann Writer"
    assert post["primary_category"]["slug"] == "remote-work"


def test_find_answers_an_absolute_location_without_a_trailing_question_mark(client, rich_post):
    response = client.get(f"{PAGES}find/?html_path=/blog/work-life-integration/")
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/api/v3/pages/{rich_post.pk}/"


def test_find_keeps_the_other_parameters_in_its_location(client, rich_post):
    response = client.get(f"{PAGES}find/?html_path=/blog/work-life-integration/&fields=_,date")
    assert response["Location"] == (
        f"http://testserver/api/v3/pages/{rich_post.pk}/?fields=_%2Cdate"
    )


def test_image_download_urls_are_absolute(client, rich_post, admin_headers):
    listing = get_json(client, "/api/v3/images/", **admin_headers)
    assert listing["items"]
    for image in listing["items"]:
        assert image["meta"]["download_url"].startswith("http://testserver/media/")
    image = listing["items"][0]
    detail = get_json(client, f"/api/v3/images/{image['id']}/", **admin_headers)
    assert detail["meta"]["download_url"].startswith("http://testserver/media/")


def queries_for(client, url):
    """The number of queries answering ``url``, after checking it gave the fields."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert all(item["primary_author"] for item in response.json()["items"])
    return len(captured)


def test_a_listing_with_card_fields_costs_the_same_queries_for_more_posts(client, blog_index):
    author, category = AuthorFactory(), CategoryFactory()
    url = f"{PAGES}?type=blog.BlogPage&fields=date,index_intro,primary_author,primary_category"
    for _ in range(2):
        BlogPageFactory(parent=blog_index, authors=[author], categories=[category])
    queries_for(client, url)  # the site and settings read once, then cached
    few = queries_for(client, url)
    for _ in range(4):
        BlogPageFactory(parent=blog_index, authors=[author], categories=[category])
    queries_for(client, url)  # the site's paths read again after pages were added
    assert queries_for(client, url) == few


def test_an_unknown_parameter_of_the_image_listing_is_a_400(client, rich_post, admin_headers):
    problem = get_json(client, "/api/v3/images/?colour=red", status=400, **admin_headers)
    assert problem["detail"].endswith(": colour")
    listing = get_json(client, "/api/v3/images/?title=Desk", **admin_headers)
    assert [image["title"] for image in listing["items"]] == ["Desk"]


def test_an_unknown_parameter_of_any_other_read_is_a_400(client, rich_post):
    problem = get_json(client, "/api/v3/sites/?colour=red", status=400)
    assert "colour" in problem["detail"]


def test_a_token_holders_narrowed_answer_stays_private(client, rich_post, admin_headers):
    response = client.get(f"{PAGES}{rich_post.pk}/?fields=_,date", **admin_headers)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    listing = client.get(f"{PAGES}?type=blog.BlogPage&fields=date", **admin_headers)
    assert "no-store" in listing["Cache-Control"]
