"""The curl examples of docs/api.md for issue #16's querying (any of, none of, exclude,
featured, page numbers, slug routes, find) answer on the demo as the docs say."""

import io

import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage, BlogPage
from tests.test_openapi_v2 import DOCS

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
# (the URL as docs/api.md writes it after ``curl``, the status it answers)
EXAMPLES = [
    ("/api/v2/pages/?type=blog.BlogPage&page=2&limit=10&fields=date", 200),
    (
        "/api/v2/pages/?type=blog.BlogPage&tags=remote|productivity&tags!=hiring&exclude=5&limit=3",
        200,
    ),
    ("/api/v2/pages/?type=blog.BlogPage&featured=true&fields=date,hero_image", 200),
    (
        "/api/v2/pages/?type=blog.BlogPage&category=productivity-tips|remote-work"
        "&author!=quire-marketing-team",
        200,
    ),
    ("/api/v2/authors/slug/quire-marketing-team/", 200),
    ("/api/v2/tags/slug/productivity/", 200),
    ("/api/v2/pages/find/?html_path=/blog/p/work-life-integration.html", 302),
    ("/api/v2/pages/find/?html_path=/blog/tag/nobody/", 404),
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("path, status", EXAMPLES)
def test_the_example_is_in_the_docs_and_answers_as_they_say(client, demo, path, status):
    assert f"{BASE}{path}" in DOCS.read_text(encoding="utf-8")
    response = client.get(path)
    assert response.status_code == status, response.content[:300]
    if status != 302:
        assert response["Content-Type"] == "application/json"


def test_the_old_permalink_example_leads_to_the_demo_post(client, demo):
    post = BlogPage.objects.get(slug="work-life-integration")
    response = client.get("/api/v2/pages/find/?html_path=/blog/p/work-life-integration.html")
    assert response["Location"] == f"http://testserver/api/v2/pages/{post.pk}/"


def test_the_child_of_example_lists_the_posts_under_the_blog_index(client, demo):
    example = "/api/v2/pages/?child_of=4&type=blog.BlogPage&fields=date"
    assert f"{BASE}{example}" in DOCS.read_text(encoding="utf-8")
    blog_index = BlogIndexPage.objects.get()  # id 4 in the demo; not in a reused database

    response = client.get(example.replace("child_of=4", f"child_of={blog_index.pk}"))

    assert response.status_code == 200, response.content[:300]
    assert [(item["meta"]["slug"], bool(item["date"])) for item in response.json()["items"]] == [
        ("work-life-integration", True)
    ]
