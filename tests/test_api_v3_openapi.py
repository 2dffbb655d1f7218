"""API v3's OpenAPI document says what the API does (issue #16): ``fields``, the field
filters of pages, and the 4xx answers with their problem+json shape."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(name="document")
def document_fixture(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def parameters(operation):
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def test_listings_and_details_of_pages_declare_fields(document):
    for operation in (
        document["paths"]["/api/v3/pages/"]["get"],
        document["paths"]["/api/v3/pages/{page_id}/"]["get"],
    ):
        assert parameters(operation)["fields"]["schema"]["type"] == "string"


def test_the_page_listing_declares_its_field_filters(document):
    declared = parameters(document["paths"]["/api/v3/pages/"]["get"])
    assert {"slug", "title", "date", "tags", "index_intro"} <= set(declared)
    assert "blog.BlogPage" in declared["date"]["description"]


def test_posts_declare_seo_primary_author_and_primary_category(document):
    properties = document["components"]["schemas"]["BlogPageSchema"]["properties"]
    assert {"seo", "primary_author", "primary_category"} <= set(properties)


def test_every_operation_lists_its_4xx_answers_as_problem_json(document):
    problem = {"$ref": "#/components/schemas/ProblemDetail"}
    for path, operations in document["paths"].items():
        if path.endswith(("openapi.json", "/docs/")):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            for status in ("400", "404"):
                content = responses[status]["content"]["application/problem+json"]
                assert content["schema"] == problem, (method, path, status)
            if method != "get":
                assert {"401", "403", "503"} <= set(responses), (method, path)
    assert "detail" in document["components"]["schemas"]["ProblemDetail"]["properties"]


def test_writes_of_posts_declare_authors_and_categories_by_id_or_slug(document):
    schemas = document["components"]["schemas"]
    create = schemas["BlogPageCreateSchema"]["properties"]
    assert {"body", "date", "index_intro", "tags", "authors", "categories"} <= set(create)
    assert "reading_time" not in create
