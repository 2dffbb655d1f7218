"""The curl examples of docs/api.md for issue #16's fields (``html``, ``plaintext``,
``updated_at``, nested keys, CORS for conditional requests) answer on the demo as the
docs say."""

import io

import pytest
from django.core.management import call_command

from tests.test_openapi_v2 import DOCS

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
POST = "/api/v2/pages/slug/work-life-integration/"
RENDERED = f"{POST}?fields=_,title,updated_at,reading_time,html&audience=member"
CARDS = (
    "/api/v2/pages/?type=blog.BlogPage&limit=20"
    "&fields=date,updated_at,excerpt,reading_time,plaintext"
)
NESTED = (
    "/api/v2/pages/?type=blog.BlogPage"
    "&fields=primary_author(name,slug),tags(name),related_posts(title,url)"
)
PREFLIGHT = "/api/v2/pages/?type=blog.BlogPage"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def docs():
    return DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [RENDERED, CARDS, NESTED, PREFLIGHT])
def test_the_example_is_in_the_docs(docs, path):
    assert f"'{BASE}{path}'" in docs


def test_the_rendered_post_example(client, demo):
    post = client.get(RENDERED).json()
    assert set(post) == {"title", "updated_at", "reading_time", "html"}
    assert post["updated_at"].endswith("Z")
    assert 'class="block-paragraph"' in post["html"]
    assert 'href="/' not in post["html"] and 'src="/' not in post["html"]


def test_the_cards_example(client, demo):
    card = client.get(CARDS).json()["items"][0]
    assert {"id", "meta", "title", "date", "updated_at", "excerpt", "reading_time"} < set(card)
    assert card["meta"]["html_url"].startswith("http://testserver/blog/")
    assert card["plaintext"] and "<" not in card["plaintext"]


def test_the_nested_keys_example(client, demo):
    item = client.get(NESTED).json()["items"][0]
    assert set(item["primary_author"]) == {"id", "name", "slug"}
    assert all(set(tag) == {"id", "name"} for tag in item["tags"])
    assert all(set(post) == {"id", "title", "url"} for post in item["related_posts"])


def test_the_preflight_example(client, demo):
    response = client.options(
        PREFLIGHT,
        HTTP_ORIGIN="https://front.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
