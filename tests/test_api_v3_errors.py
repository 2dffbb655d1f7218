"""Bad input to API v3 (and the v2 routes that took it) is a JSON 4xx, never an HTML 500.

Numbers past what the database stores, NUL characters (PostgreSQL refuses them in text)
and moves the page tree cannot make were each a 500 with the site's HTML error page.
Wagtail's v3 code is left as it ships: Folio's layer in front of it (blog/api/v3.py)
answers these with ``application/problem+json``, as every other v3 error is.
"""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import APIToken, Page

from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


def token_for(group_name, **user_fields):
    user = User.objects.create_user(f"api-{group_name or 'nobody'}".lower(), **user_fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    _, plaintext = APIToken.create_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture(name="post")
def post_fixture(blog_index):
    return BlogPageFactory(parent=blog_index, title="A post", slug="a-post")


def assert_problem(response, status, detail=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM_JSON, response.content[:300]
    body = response.json()
    assert body["status"] == status
    if detail is not None:
        assert detail in body["detail"], body


@pytest.mark.parametrize(
    "query",
    [
        "offset=9223372036854775808",
        "offset=99999999999999999999999999",
        "offset=9223372036854775808&limit=1",
    ],
)
def test_an_offset_past_64_bits_is_a_400(client, post, query):
    assert_problem(client.get(f"/api/v3/pages/?{query}"), 400, "offset is out of range")


@pytest.mark.parametrize(
    "query", ["offset=-1", "limit=-1", "limit=0", "limit=-9223372036854775809"]
)
def test_negative_or_zero_numbers_are_json_errors(client, post, query):
    response = client.get(f"/api/v3/pages/?{query}")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == PROBLEM_JSON


def test_the_largest_offset_the_database_takes_is_an_empty_page(client, post):
    response = client.get("/api/v3/pages/?offset=9223372036854775807")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?locale=%00",
        "/api/v3/pages/?locale=en%00",
        "/api/v3/pages/?site=%00",
        "/api/v3/pages/?site=testserver%00",
        "/api/v3/pages/?search=a%00b",
        "/api/v3/pages/?title=%00",
        "/api/v3/pages/find/?html_path=%00",
        "/api/v3/pages/find/?html_path=/blog/%00/",
        "/api/v3/pages/find/?site=%00&html_path=/blog/",
        "/api/v3/pages/?%00=1",
    ],
)
def test_null_characters_in_v3_parameters_are_a_400(client, post, url):
    assert_problem(client.get(url), 400, "null characters are not allowed")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/slug/%00/",
        "/api/v2/pages/slug/a%00b/",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/pages/find/?html_path=/blog/%00/",
    ],
)
def test_null_characters_in_v2_lookups_are_a_400(client, post, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert "null characters are not allowed" in response.json()["message"]


def test_more_than_twenty_repeated_values_are_a_400(client, post):
    orders = "&".join(["order=title"] * 21)
    assert_problem(client.get(f"/api/v3/pages/?{orders}"), 400, "order accepts at most 20 values")


def test_more_than_three_tags_are_a_400(client, post):
    """Wagtail's v3 joins the tag tables once per tag: the planning cost grows with each."""
    tags = "&".join(f"tags=tag-{n}" for n in range(4))
    assert_problem(
        client.get(f"/api/v3/pages/?type=blog.BlogPage&{tags}"),
        400,
        "tags accepts at most 3 values",
    )


def test_three_tags_still_filter(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Tagged", tag_names=["a", "b", "c"])
    BlogPageFactory(parent=blog_index, title="Partly", tag_names=["a", "b"])
    response = client.get("/api/v3/pages/?type=blog.BlogPage&tags=a&tags=b&tags=c")
    assert [item["title"] for item in response.json()["items"]] == ["Tagged"]


def move(client, page, headers, **data):
    return client.post(
        f"/api/v3/pages/{page.pk}/actions/move/", data, content_type="application/json", **headers
    )


@pytest.mark.parametrize("position", [None, "left", "right", "first-sibling", "last-sibling"])
def test_moving_a_page_beside_the_root_is_a_422(client, post, position):
    root = Page.get_first_root_node()
    data = {"destination_id": root.pk} | ({"position": position} if position else {})
    response = move(client, post, token_for("", is_superuser=True), **data)
    assert_problem(response, 422, "cannot be moved beside the root")
    post.refresh_from_db()
    assert post.get_parent().specific_class.__name__ == "BlogIndexPage"


def test_moving_a_post_under_the_root_is_refused_by_its_parent_rules(client, post):
    root = Page.get_first_root_node()
    response = move(
        client, post, token_for("Marketing editors"), destination_id=root.pk, position="last-child"
    )
    assert_problem(response, 403)
    assert post.get_parent().depth == 3


def test_moving_a_post_within_its_blog_still_works(client, post, blog_index):
    other = BlogPageFactory(parent=blog_index, title="Other", slug="other")
    response = move(
        client, post, token_for("Marketing editors"), destination_id=other.pk, position="left"
    )
    assert response.status_code == 200, response.content[:300]
    assert [child.slug for child in blog_index.get_children()] == ["a-post", "other"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?child_of=99999999999999999999",
        "/api/v3/pages/?id=-9223372036854775809",
        "/api/v3/pages/{post}/revisions/?user_id=9223372036854775808",
        "/api/v3/images/?collection=99999999999999999999",
    ],
)
def test_integers_past_64_bits_are_a_400_for_token_holders_too(client, post, url):
    response = client.get(url.format(post=post.pk), **token_for("", is_superuser=True))
    assert_problem(response, 400, "is out of range")


def test_a_long_number_is_still_a_search(client, post):
    response = client.get("/api/v3/pages/?search=99999999999999999999")
    assert response.status_code == 200


@pytest.mark.parametrize("suffix", ["", "revisions/", "revisions/1/"])
def test_a_snippet_key_of_the_wrong_kind_is_a_404(client, post, suffix):
    headers = token_for("", is_superuser=True)
    response = client.get(f"/api/v3/snippets/blog.Author/not-a-number/{suffix}", **headers)
    assert_problem(response, 404)


@pytest.mark.parametrize("user_id", ["", "abc", "1.5"])
def test_a_revision_filter_on_a_user_id_no_user_can_have_is_a_400(client, post, user_id):
    response = client.get(
        f"/api/v3/pages/{post.pk}/revisions/",
        {"user_id": user_id},
        **token_for("", is_superuser=True),
    )
    assert_problem(response, 400, "user_id must be a user's id")


def test_the_v3_root_is_a_json_404(client, post):
    response = client.get("/api/v3/")
    assert_problem(response, 404)


def test_v2_fields_nested_past_five_levels_are_a_400(client, post):
    fields = "title(" * 2000 + ")" * 2000
    response = client.get("/api/v2/pages/", {"type": "blog.BlogPage", "fields": fields})
    assert response.status_code == 400
    assert response.json()["message"] == "fields may nest at most 5 levels"


def test_v2_fields_nested_a_little_are_still_parsed(client, post):
    response = client.get(f"/api/v2/pages/{post.pk}/", {"fields": "hero_image(title)"})
    assert response.status_code == 200


def test_moving_beside_the_root_without_a_token_is_still_a_401(client, post):
    root = Page.get_first_root_node()
    response = move(client, post, {}, destination_id=root.pk)
    assert_problem(response, 401)
