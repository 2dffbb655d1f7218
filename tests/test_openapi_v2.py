"""API v2's OpenAPI document (``/api/v2/openapi.json``, blog/api/openapi_v2.py) says what
the API answers: it is valid OpenAPI, every path it lists answers with a documented status,
and every answer's JSON matches its schema, with no field the document leaves out."""

import copy
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from folio.api import api_router
from tests.api_fixtures import API, document_fixture, rich_post_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

OPENAPI_URL = f"{API}/openapi.json"


@pytest.fixture(name="openapi")
def openapi_document(client, blog_index):
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    return response.json()


def closed(schema):
    """``schema`` with ``additionalProperties: false`` on every object that lists its
    properties: an answer carrying a field the document does not list then fails."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def assert_matches(openapi, schema, instance):
    components = closed(openapi["components"])
    validator = OAS31Validator({**closed(schema), "components": components})
    errors = [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)
    ]
    assert errors == []


def operation(openapi, path):
    return openapi["paths"][path]["get"]


def answer_schema(openapi, path, status="200"):
    answer = operation(openapi, path)["responses"][status]
    if "$ref" in answer:
        answer = openapi["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    return answer["content"]["application/json"]["schema"]


def test_the_document_is_valid_openapi(openapi):
    validate(openapi)
    assert openapi["openapi"].startswith("3.1")
    assert openapi["servers"] == [{"url": "http://testserver/api/v2"}]


def test_the_document_lists_every_endpoint_with_its_routes(openapi):
    for name in api_router._endpoints:
        assert f"/{name}/" in openapi["paths"]
    assert "/pages/{id}/" in openapi["paths"]
    assert "/pages/slug/{slug}/" in openapi["paths"]
    assert "/pages/find/" in openapi["paths"]


def test_query_parameters_come_from_what_each_endpoint_accepts(openapi):
    listing = {p["name"] for p in operation(openapi, "/pages/")["parameters"]}
    assert {"type", "tags", "category", "author", "date_after", "search", "audience"} <= listing
    assert {"limit", "offset", "fields", "order", "rich_text_format"} <= listing
    detail = {p["name"] for p in operation(openapi, "/pages/{id}/")["parameters"]}
    assert {"id", "fields", "audience", "rich_text_format"} <= detail
    assert "limit" not in detail


def test_the_document_is_public_and_cacheable(client, blog_index):
    response = client.get(OPENAPI_URL)
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    again = client.get(OPENAPI_URL, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_every_field_is_described(openapi):
    undescribed = [
        f"{name}.{field}"
        for name, schema in openapi["components"]["schemas"].items()
        for field, field_schema in {
            **schema.get("properties", {}),
            **schema.get("properties", {}).get("meta", {}).get("properties", {}),
        }.items()
        if field_schema.get("description", "").startswith("Not described")
    ]
    assert undescribed == [], "describe these in blog/api/openapi_v2_schemas.py"


def path_values(client, name):
    """An existing object's id and slug for ``/{name}/{id}/`` and ``/{name}/slug/{slug}/``."""
    query = {"type": "blog.BlogPage"} if name == "pages" else {}
    items = client.get(f"{API}/{name}/", query).json()["items"]
    assert items, f"the test content shows no {name}"
    item = items[0]
    slug = item.get("slug") or item["meta"].get("slug")
    return {"id": item["id"], "slug": slug}


def test_every_listed_path_answers_as_documented(client, openapi, rich_post):
    checked = []
    for path, item in openapi["paths"].items():
        get = item["get"]
        name = path.strip("/").split("/")[0]
        values = path_values(client, name) if "{" in path else {}
        url = API + path.format(**values)
        query = {"id": path_values(client, name)["id"]} if path.endswith("/find/") else {}
        response = client.get(url, query)
        status = str(response.status_code)
        assert status in get["responses"], f"{url} answered {status}"
        if status == "200":
            assert_matches(openapi, answer_schema(openapi, path), response.json())
        checked.append(status)
    assert checked.count("200") >= len(api_router._endpoints) * 2
    assert "302" in checked


def test_a_post_with_every_field_matches_its_schema(client, openapi, rich_post):
    for path, query in [
        ("/pages/", {"type": "blog.BlogPage", "fields": "*"}),
        ("/pages/{id}/", {}),
    ]:
        url = API + path.replace("{id}", str(rich_post.pk))
        answer = client.get(url, query).json()
        assert_matches(openapi, answer_schema(openapi, path), answer)


@pytest.mark.parametrize(
    ("path", "url", "headers", "status"),
    [
        ("/pages/", "/pages/?colour=red", {}, "400"),
        ("/pages/{id}/", "/pages/999999/", {}, "404"),
        ("/tags/", "/tags/", {"HTTP_ACCEPT": "text/html"}, "406"),
    ],
)
def test_errors_have_the_documented_shape(client, openapi, blog_index, path, url, headers, status):
    response = client.get(API + url, **headers)
    assert str(response.status_code) == status
    assert status in operation(openapi, path)["responses"]
    assert_matches(openapi, answer_schema(openapi, path, status), json.loads(response.content))


DOCS = Path(__file__).resolve().parents[1] / "docs" / "api.md"
DOCS_SECTIONS = ("## The site", "## OpenAPI and types", "## Build a front end in 15 minutes")
DEMO_URL = re.compile(r"curl\b[^\n]*?'?http://127\.0\.0\.1:8000(/api/v2/[^\s']*)'?")


def docs_curl_paths():
    """The API URLs the ``curl`` examples of this feature's docs/api.md sections ask."""
    text = DOCS.read_text(encoding="utf-8")
    paths = []
    for heading in DOCS_SECTIONS:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        paths += DEMO_URL.findall(text[start : end if end != -1 else None])
    return paths


def test_the_docs_curl_examples_answer_on_the_demo(client):
    call_command("load_demo", stdout=io.StringIO())
    paths = docs_curl_paths()
    assert len(paths) >= 3
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()
