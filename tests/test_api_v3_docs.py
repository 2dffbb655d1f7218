"""Every curl example of docs/api.md's "API v3" section answers on the demo as the docs
say (issue #16): the status each example's comment gives (without one: 200, 201 for a
``POST``, 302 for ``find``), reads and writes alike, with the demo's own ids in place of the docs'."""

import io
import json
import re
import shlex

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import APIToken

from blog.models import BlogIndexPage, BlogPage
from blog.snippets import Category
from tests.test_openapi_v2 import DOCS

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
STATUS_COMMENT = re.compile(r"^#\s*(\d{3})\b")


def v3_section():
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## API v3")
    return text[start : text.index("\n## ", start + 1)]


def curl_examples():
    """``(command, expected status)`` for each curl line (continued lines joined) of the
    section's shell blocks; the status from the comment right after it, if any."""
    examples, lines = [], v3_section().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line.startswith("curl "):
            continue
        command = line
        # A line ending in "\\", or a quoted -d body still open, goes on below.
        while (command.endswith("\\") or command.count("'") % 2) and index < len(lines):
            command = command.removesuffix("\\") + " " + lines[index].strip()
            index += 1
        following = lines[index].strip() if index < len(lines) else ""
        match = STATUS_COMMENT.match(following)
        examples.append((command, int(match[1]) if match else None))
    return examples


def request_of(command):
    """Method, path, headers and body of a curl command line."""
    words = shlex.split(command)[1:]
    method, url, headers, body = "GET", None, {}, None
    while words:
        word = words.pop(0)
        if word == "-X":
            method = words.pop(0)
        elif word == "-H":
            name, value = words.pop(0).split(":", 1)
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = words.pop(0)
        elif word.startswith(BASE):
            url = word.removeprefix(BASE)
    return method, url, headers, body


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    post = BlogPage.objects.get(slug="work-life-integration")
    user = User.objects.create_superuser("docs-v3", "docs@example.com", "x")
    _, token = APIToken.create_token(user=user, name="docs")
    return {
        "post": post.pk,
        "index": BlogIndexPage.objects.get().pk,
        "category": Category.objects.first().pk,
        "token": token,
    }


def with_demo_ids(method, url, headers, body, demo):
    url = url.replace("/pages/5/", f"/pages/{demo['post']}/")
    headers = {name: value.replace("$TOKEN", demo["token"]) for name, value in headers.items()}
    if body:
        data = json.loads(body)
        if "parent_id" in data.get("meta", {}):
            data["meta"]["parent_id"] = demo["index"]
        if data.get("categories") == [1]:
            data["categories"] = [demo["category"]]
        body = json.dumps(data)
    return method, url, headers, body


def test_the_section_has_its_examples():
    methods = [request_of(command)[0] for command, _ in curl_examples()]
    assert methods.count("GET") >= 8 and "PATCH" in methods and "POST" in methods


@pytest.mark.parametrize(
    "command, status", curl_examples(), ids=[c[:70] for c, _ in curl_examples()]
)
def test_the_example_answers_as_the_docs_say(client, demo, command, status):
    method, url, headers, body = with_demo_ids(*request_of(command), demo)
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    content_type = extra.pop("HTTP_CONTENT_TYPE", "application/json")
    response = client.generic(method, url, data=body or "", content_type=content_type, **extra)
    expected = status or (201 if method == "POST" else 302 if "/find/" in url else 200)
    assert response.status_code == expected, response.content[:500]
