"""API v3 writes of posts (issue #16): every field a post's editor has is written and
validated as the admin validates it, a field that cannot be written is a 400, and
writes keep Wagtail's revisions (a PATCH makes a draft, ``meta.action`` publishes)."""

import json

import pytest
from django.contrib.auth.models import User
from wagtail.models import APIToken

from blog.models import BlogPage
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


@pytest.fixture(name="headers")
def headers_fixture(db):
    user = User.objects.create_superuser("v3-writer", "writer@example.com", "x")
    _, plaintext = APIToken.create_token(user=user, name="writes")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture(name="post")
def post_fixture(blog_index):
    return BlogPageFactory(parent=blog_index, slug="to-edit", body=[("paragraph", "<p>Old.</p>")])


def patch(client, post, data, headers, status=200):
    response = client.patch(
        f"{PAGES}{post.pk}/", json.dumps(data), content_type="application/json", **headers
    )
    assert response.status_code == status, response.content[:800]
    return response.json()


def create(client, data, headers, status=201):
    response = client.post(PAGES, json.dumps(data), content_type="application/json", **headers)
    assert response.status_code == status, response.content[:800]
    return response.json()


def draft_of(post):
    return BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()


def paragraph(html):
    return [{"type": "paragraph", "value": html}]


def test_a_patched_body_is_saved_in_a_new_draft_revision(client, post, headers):
    revisions = post.revisions.count()
    answer = patch(client, post, {"body": paragraph("<p>New words.</p>")}, headers)
    assert "New words." in answer["body"][0]["value"]
    assert "New words." in draft_of(post).body[0].value.source
    assert post.revisions.count() == revisions + 1
    live = BlogPage.objects.get(pk=post.pk)
    assert "Old." in live.body[0].value.source


def test_a_patched_body_with_publish_goes_live(client, post, headers):
    patch(
        client,
        post,
        {"body": paragraph("<p>Live now.</p>"), "meta": {"action": "publish"}},
        headers,
    )
    assert "Live now." in BlogPage.objects.get(pk=post.pk).body[0].value.source


def test_an_unknown_block_type_is_a_400_naming_it_and_the_field(client, post, headers):
    revisions = post.revisions.count()
    problem = patch(client, post, {"body": [{"type": "marquee", "value": "x"}]}, headers, 400)
    assert "body" in problem["detail"] and "marquee" in problem["detail"]
    assert post.revisions.count() == revisions


def test_an_invalid_block_value_is_a_400_naming_the_block_and_field(client, post, headers):
    bad = [{"type": "heading", "value": {"text": "", "level": "h2"}}]
    problem = patch(client, post, {"body": bad}, headers, 400)
    assert "body" in problem["detail"] and "heading" in problem["detail"]
    assert "Old." in draft_of(post).body[0].value.source


def test_a_body_that_is_not_a_list_of_blocks_is_a_400(client, post, headers):
    problem = patch(client, post, {"body": "<p>just html</p>"}, headers, 400)
    assert "body" in problem["detail"]


def test_a_read_only_field_is_a_400_not_ignored(client, post, headers):
    problem = patch(client, post, {"reading_time": 3}, headers, 400)
    assert "reading_time" in problem["detail"]


def test_an_unknown_field_is_a_400_not_ignored(client, post, headers):
    problem = patch(client, post, {"colour": "red"}, headers, 400)
    assert "colour" in problem["detail"]


def test_date_intros_and_tags_are_written(client, post, headers):
    patch(
        client,
        post,
        {
            "date": "2020-02-03T04:05:06Z",
            "index_intro": "New index intro.",
            "category_intro": "New category intro.",
            "tags": ["alpha", "beta"],
        },
        headers,
    )
    draft = draft_of(post)
    assert draft.date.isoformat().startswith("2020-02-03T04:05:06")
    assert draft.index_intro == "New index intro."
    assert draft.category_intro == "New category intro."
    assert sorted(tag.name for tag in draft.tags.all()) == ["alpha", "beta"]


def test_a_bad_date_is_a_validation_error_naming_it(client, post, headers):
    problem = patch(client, post, {"date": "soon"}, headers, 422)
    assert any(error["loc"][-1] == "date" for error in problem["errors"])


def test_authors_and_categories_are_written_by_id_or_slug(client, post, headers):
    ann = AuthorFactory(name="Ann Writer")
    bob = AuthorFactory(name="Bob Second")
    culture = CategoryFactory(name="Culture")
    answer = patch(
        client,
        post,
        {
            "authors": ["ann-writer", bob.pk],
            "categories": ["culture"],
            "meta": {"action": "publish"},
        },
        headers,
    )
    live = BlogPage.objects.get(pk=post.pk)
    assert [link.author for link in live.post_authors.all()] == [ann, bob]
    assert [link.category for link in live.post_categories.all()] == [culture]
    assert [author["name"] for author in answer["authors"]] == ["Ann Writer", "Bob Second"]


def test_an_unknown_author_is_a_400_naming_it(client, post, headers):
    problem = patch(client, post, {"authors": ["nobody-here"]}, headers, 400)
    assert "nobody-here" in problem["detail"]
    problem = patch(client, post, {"categories": [987654]}, headers, 400)
    assert "987654" in problem["detail"]


def test_a_new_post_is_created_with_every_field(client, blog_index, headers):
    AuthorFactory(name="Ann Writer")
    CategoryFactory(name="Culture")
    answer = create(
        client,
        {
            "meta": {"type": "blog.BlogPage", "parent_id": blog_index.pk},
            "title": "Made by a script",
            "date": "2021-08-10T11:58:07Z",
            "index_intro": "Teaser.",
            "tags": ["scripted"],
            "authors": ["ann-writer"],
            "categories": ["culture"],
            "body": paragraph("<p>Hello.</p>"),
        },
        headers,
    )
    draft = draft_of(BlogPage.objects.get(pk=answer["id"]))
    assert "Hello." in draft.body[0].value.source
    assert [link.author.name for link in draft.post_authors.all()] == ["Ann Writer"]
    assert [link.category.name for link in draft.post_categories.all()] == ["Culture"]
    assert [tag.name for tag in draft.tags.all()] == ["scripted"]


def test_first_published_at_is_set_in_the_answer_to_a_publishing_create(
    client, blog_index, headers
):
    answer = create(
        client,
        {
            "meta": {"type": "blog.BlogPage", "parent_id": blog_index.pk, "action": "publish"},
            "title": "Published at once",
        },
        headers,
    )
    post = BlogPage.objects.get(pk=answer["id"])
    assert post.first_published_at is not None
    assert answer["meta"]["first_published_at"] is not None


def test_first_published_at_is_set_in_the_answer_to_a_publishing_patch(client, blog_index, headers):
    post = BlogPageFactory.build(live=False, slug="never-published")
    blog_index.add_child(instance=post)
    answer = patch(client, post, {"title": "Now out", "meta": {"action": "publish"}}, headers)
    assert answer["meta"]["first_published_at"] is not None


def test_an_anonymous_write_with_an_unknown_field_is_still_a_401(client, post):
    response = client.patch(
        f"{PAGES}{post.pk}/", json.dumps({"colour": "red"}), content_type="application/json"
    )
    assert response.status_code == 401


def test_an_image_block_is_written_with_the_image_by_id(client, post, headers):
    image = ImageFactory(title="Desk")
    body = [{"type": "image", "value": {"image": image.pk, "alt": "A desk"}}]
    patch(client, post, {"body": body}, headers)
    block = draft_of(post).body[0]
    assert block.block_type == "image"
    assert block.value["image"] == image
    assert block.value["alt"] == "A desk"
