"""API v3's snippet, image and document listings take the parameters the OpenAPI
document lists and refuse any other with a 400, as page listings do (issue #16).

The document and the listings cannot drift apart: for every field of a listing's model,
a filter the document declares really filters (Wagtail applies it: the object is found
by its own value and not by another), and a field it does not declare is a 400.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import models
from taggit.managers import TaggableManager
from wagtail.api.v3.urls import api
from wagtail.models import APIToken

from tests.api_fixtures import document_fixture  # noqa: F401
from tests.factories import AuthorFactory, CallToActionFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

SNIPPETS = "/snippets/{type}/"
SNIPPET_TYPES = ("blog.Author", "blog.CallToAction", "blog.Category")
SNIPPET_FACTORIES = {
    "blog.Author": AuthorFactory,
    "blog.CallToAction": CallToActionFactory,
    "blog.Category": CategoryFactory,
}
# Each snippet type, a filter it has and a field it does not (another type's).
OTHER_TYPES_FIELD = {
    "blog.Author": ("slug", "heading"),
    "blog.CallToAction": ("heading", "slug"),
    "blog.Category": ("slug", "link"),
}


@pytest.fixture(name="admin_headers")
def admin_headers_fixture(db):
    user = User.objects.create_superuser("v3-listing-admin", "admin@example.com", "x")
    _, plaintext = APIToken.create_token(user=user, name="listings")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture(name="document_schema", scope="module")
def document_schema_fixture(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def get(client, url, headers, status):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:400])
    return response.json()


@pytest.mark.parametrize("snippet_type", SNIPPET_TYPES)
def test_an_unknown_parameter_of_a_snippet_listing_is_a_400(client, admin_headers, snippet_type):
    SNIPPET_FACTORIES[snippet_type]()
    url = f"/api/v3/snippets/{snippet_type}/?colour=red"
    problem = get(client, url, admin_headers, 400)
    assert problem["detail"] == (
        "query parameter is not an operation or a recognised field: colour"
    )


@pytest.mark.parametrize("snippet_type", SNIPPET_TYPES)
def test_a_field_of_another_snippet_type_is_a_400(client, admin_headers, snippet_type):
    _, other_types_field = OTHER_TYPES_FIELD[snippet_type]
    url = f"/api/v3/snippets/{snippet_type}/?{other_types_field}=x"
    problem = get(client, url, admin_headers, 400)
    assert problem["detail"].endswith(f": {other_types_field}")


@pytest.mark.parametrize("snippet_type", SNIPPET_TYPES)
def test_a_snippet_listings_own_filters_still_filter(client, admin_headers, snippet_type):
    factory = SNIPPET_FACTORIES[snippet_type]
    wanted, _other = factory(), factory()
    field, _ = OTHER_TYPES_FIELD[snippet_type]
    setattr(wanted, field, "the-wanted-one")
    wanted.save()
    listing = get(
        client, f"/api/v3/snippets/{snippet_type}/?{field}=the-wanted-one", admin_headers, 200
    )
    assert [item["id"] for item in listing["items"]] == [wanted.pk]


def test_a_snippet_filter_value_of_the_wrong_kind_is_a_400(client, admin_headers):
    problem = get(client, "/api/v3/snippets/blog.Author/?id=first", admin_headers, 400)
    assert "not a valid value for id" in problem["detail"]


def test_a_snippet_listing_without_a_token_is_still_refused(client):
    response = client.get("/api/v3/snippets/blog.Author/")
    assert response.status_code == 401


@pytest.mark.parametrize("listing", ["images", "documents"])
def test_an_unknown_parameter_of_an_image_or_document_listing_is_a_400(
    client, admin_headers, document, listing
):
    ImageFactory()
    problem = get(client, f"/api/v3/{listing}/?colour=red", admin_headers, 400)
    assert problem["detail"].endswith(": colour")


# --- the document lists exactly the filters the listings take ---------------------------


def wagtails_own_parameters(path):
    """The query parameters Wagtail's own document declares for the listing at ``path``."""
    operation = api.get_openapi_schema(path_prefix="")["paths"][path]["get"]
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def declared_filters(document_schema, path, snippet_type=None):
    """The filters the document declares for the listing at ``path`` (for a snippet
    listing, those it says ``snippet_type`` has)."""
    operation = document_schema["paths"][f"/api/v3{path}"]["get"]
    own = wagtails_own_parameters(path)
    return {
        p["name"]
        for p in operation["parameters"]
        if p["in"] == "query"
        and p["name"] not in own
        and (snippet_type is None or snippet_type in p["description"])
    }


def model_fields(model):
    """Each field of ``model`` a client could name as a filter: (name, field)."""
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        yield field.name, field


def matching_and_other_value(obj, field):
    """A value of ``field`` that finds ``obj`` and one that does not."""
    value = getattr(obj, field.attname)
    if isinstance(field, models.BooleanField):
        return str(value).lower(), str(not value).lower()
    if isinstance(value, int):
        return str(value), str(value + 1_000_000)
    return str(value), f"{value}-not-this"


def listings(document):
    """(URL, path in the document, snippet type, model, one object of it) of the listings
    whose filters are checked."""
    image = ImageFactory(title="Desk")
    snippets = [(t, SNIPPET_FACTORIES[t]()) for t in SNIPPET_TYPES]
    return [
        ("/api/v3/images/", "/images/", None, type(image), image),
        ("/api/v3/documents/", "/documents/", None, type(document), document),
        *((f"/api/v3/snippets/{t}/", SNIPPETS, t, type(obj), obj) for t, obj in snippets),
    ]


def ids_found(client, admin_headers, url, name, value):
    listing = get(client, f"{url}?{urlencode({name: value})}", admin_headers, 200)
    return {item["id"] for item in listing["items"]}


def test_the_image_and_document_listings_declare_their_filters(document_schema):
    assert {"id", "title", "width", "height"} <= declared_filters(document_schema, "/images/")
    assert {"id", "title"} <= declared_filters(document_schema, "/documents/")


def test_every_declared_filter_filters_and_every_other_field_is_a_400(
    client, admin_headers, document, document_schema
):
    for url, path, snippet_type, model, obj in listings(document):
        declared = declared_filters(document_schema, path, snippet_type)
        fields = dict(model_fields(model))
        assert declared <= set(fields), (url, declared - set(fields))
        for name, field in fields.items():
            if name not in declared:
                get(client, f"{url}?{name}=1", admin_headers, 400)
            elif not isinstance(field, TaggableManager):
                found, other = matching_and_other_value(obj, field)
                assert obj.pk in ids_found(client, admin_headers, url, name, found), (url, name)
                assert obj.pk not in ids_found(client, admin_headers, url, name, other), (url, name)


def test_a_snippet_types_filters_are_declared_for_its_listing(document_schema):
    for snippet_type, (own, others) in OTHER_TYPES_FIELD.items():
        declared = declared_filters(document_schema, SNIPPETS, snippet_type)
        assert own in declared and others not in declared, snippet_type
