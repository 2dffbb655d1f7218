"""Anonymous API v3 reads show public content only: live public pages and the schema.

Wagtail's v3 lets anyone list the redirect table (its old paths reveal unpublished and
moved URLs) and the whole image and document libraries (files used only by drafts
included). In Folio those reads need an API token whose user has a permission on them;
API v2 is where the public reads its images and documents.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import APIToken

from tests.factories import BlogPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


def token_for(username, group_name=None, permissions=()):
    user = User.objects.create_user(username)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    for app_label, codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    _, plaintext = APIToken.create_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture(name="library")
def library_fixture(blog_index):
    """A published post, a redirect, and an image and a document used by no page."""
    post = BlogPageFactory(parent=blog_index, title="Public post")
    return {
        "post": post,
        "redirect": Redirect.objects.create(
            old_path="/old-secret-launch", redirect_page=post, is_permanent=True
        ),
        "image": ImageFactory(title="Unannounced product"),
        "document": Document.objects.create(title="Price list", file="documents/prices.pdf"),
    }


def token_only_urls(library):
    return [
        "/api/v3/redirects/",
        f"/api/v3/redirects/{library['redirect'].pk}/",
        "/api/v3/redirects/find/?html_path=/old-secret-launch",
        "/api/v3/images/",
        f"/api/v3/images/{library['image'].pk}/",
        "/api/v3/documents/",
        f"/api/v3/documents/{library['document'].pk}/",
    ]


def test_anonymous_reads_of_redirects_images_and_documents_are_401(client, library):
    for url in token_only_urls(library):
        response = client.get(url)
        assert response.status_code == 401, (url, response.content[:200])
        assert response["Content-Type"] == PROBLEM_JSON
        assert response["WWW-Authenticate"] == "Bearer"
        assert b"secret" not in response.content and b"Unannounced" not in response.content


def test_an_unknown_token_is_401(client, library):
    response = client.get("/api/v3/redirects/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_a_token_without_redirect_permissions_is_403(client, library):
    response = client.get("/api/v3/redirects/", **token_for("ed", "Marketing editors"))
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON
    assert b"secret" not in response.content


def test_a_token_with_a_redirect_permission_lists_redirects(client, library):
    headers = token_for("seo", permissions=[("wagtailredirects", "change_redirect")])
    response = client.get("/api/v3/redirects/", **headers)
    assert response.status_code == 200
    assert [item["old_path"] for item in response.json()["items"]] == ["/old-secret-launch"]


def test_an_editor_token_reads_the_image_and_document_libraries(client, library):
    headers = token_for("ed", "Marketing editors")
    images = client.get("/api/v3/images/", **headers).json()["items"]
    assert [image["title"] for image in images] == ["Unannounced product"]
    documents = client.get("/api/v3/documents/", **headers).json()["items"]
    assert [document["title"] for document in documents] == ["Price list"]


def test_a_token_without_image_permissions_is_403(client, library):
    response = client.get("/api/v3/images/", **token_for("nobody"))
    assert response.status_code == 403


def test_anonymous_readers_still_get_public_pages_and_the_schema(client, library):
    assert client.get("/api/v3/openapi.json").status_code == 200
    titles = [item["title"] for item in client.get("/api/v3/pages/").json()["items"]]
    assert "Public post" in titles
    assert client.get(f"/api/v3/pages/{library['post'].pk}/").status_code == 200


def test_every_v3_read_open_to_anonymous_callers_is_public_content(client, library):
    """Wagtail declares which reads allow anonymous callers; of those, only the pages
    (live and public) may answer one here. A Wagtail upgrade adding another fails this."""
    schema = client.get("/api/v3/openapi.json").json()
    public = {"pages_list", "pages_find", "pages_detail"}
    examples = {
        "redirect_id": library["redirect"].pk,
        "image_id": library["image"].pk,
        "document_id": library["document"].pk,
        "page_id": library["post"].pk,
    }
    checked = set()
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation or {"AllowAnonymous": []} not in operation.get("security", []):
            continue
        if operation["operationId"] in public:
            continue
        response = client.get(path.format(**examples))
        assert response.status_code == 401, (path, response.content[:200])
        checked.add(operation["operationId"])
    assert {"redirects_list", "images_list", "documents_list"} <= checked
