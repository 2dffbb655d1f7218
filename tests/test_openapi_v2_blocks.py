"""API v2's OpenAPI document types each body block's value (issue #16): ``Block`` is a
``oneOf`` discriminated on ``type``, one schema per block type, read from the blocks'
definitions (blog/api/block_schemas.py), and real bodies match it exactly (closed
schemas: no key the document leaves out): every block type with its options, the demo's
posts and imported posts."""

import io

import pytest
from django.core.management import call_command
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.models import Document

from blog.api.block_schemas import value_schema, variant_name
from blog.blocks import BlogBodyBlock
from blog.models import BlogPage
from jekyll.runner import run_import
from tests.api_fixtures import API, document_fixture, rich_post_fixture  # noqa: F401
from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory
from tests.jekyll.oracle_helpers import assemble_site
from tests.test_openapi_v2 import assert_matches

pytestmark = pytest.mark.django_db

BODY_TYPES = list(BlogBodyBlock.base_blocks)


@pytest.fixture(name="openapi")
def openapi_fixture(client, blog_index):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def block_schema(openapi):
    return {"$ref": "#/components/schemas/Block"}


def assert_bodies_match(client, openapi, posts, **params):
    """Each post's body, as API v2 gives it with ``params``, matches ``Block``."""
    checked = set()
    for post in posts:
        response = client.get(f"{API}/pages/{post.pk}/", {"fields": "_,body", **params})
        assert response.status_code == 200, response.content[:300]
        for block in response.json()["body"]:
            assert_matches(openapi, block_schema(openapi), block)
            checked.add(block["type"])
    return checked


def test_block_is_a_union_discriminated_on_type(openapi):
    union = openapi["components"]["schemas"]["Block"]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(BODY_TYPES)
    assert len(union["oneOf"]) == len(BODY_TYPES)
    for block_type in BODY_TYPES:
        variant = openapi["components"]["schemas"][variant_name(block_type)]
        assert variant["properties"]["type"]["enum"] == [block_type]
        assert variant["properties"]["value"], f"{block_type}'s value is not described"


def test_struct_values_are_read_from_the_blocks_children(openapi):
    notice = openapi["components"]["schemas"]["NoticeBlock"]["properties"]["value"]
    assert notice["required"] == list(BlogBodyBlock.base_blocks["notice"].child_blocks)
    assert notice["properties"]["style"]["enum"] == ["info", "tip", "warning", "success"]
    assert notice["properties"]["text"] == {"$ref": "#/components/schemas/RichText"}


def test_a_value_of_another_type_is_refused(openapi):
    heading_as_paragraph = {"type": "paragraph", "value": {"text": "Hi", "level": "h2"}}
    with pytest.raises(AssertionError):
        assert_matches(openapi, block_schema(openapi), heading_as_paragraph)


def test_a_block_building_its_own_json_without_a_schema_stops_the_document():
    class ScoreBlock(blocks.StructBlock):
        score = blocks.IntegerBlock()

        def get_api_representation(self, value, context=None):
            return {"stars": value["score"]}

    with pytest.raises(LookupError, match="ScoreBlock"):
        value_schema(ScoreBlock())


def test_wagtails_own_blocks_are_typed_from_their_definition():
    assert value_schema(blocks.BooleanBlock()) == {"type": "boolean"}
    assert value_schema(blocks.ListBlock(blocks.CharBlock()))["items"] == {"type": "string"}
    assert value_schema(TableBlock())["properties"]["data"]["type"] == "array"


def every_block_body(blog_index, document):
    video = Document.objects.create(title="Clip", file=document.file)
    unpublished = CallToActionFactory(live=False)
    return [
        ("paragraph", "<p>Hello <b>world</b>.</p>"),
        (
            "heading",
            {"text": "Read the docs", "level": "h3", "link": "/docs/", "link_text": "docs"},
        ),
        ("heading", {"text": "Plain", "level": "h2"}),
        ("image", {"image": ImageFactory(), "alt": "Desk", "caption": "A desk", "size": "wide"}),
        ("image", {"external_url": "https://example.com/a.png", "alt": "Old", "link": "/x/"}),
        ("quote", {"text": "Less is more.", "attribution": ""}),
        ("code", {"language": "python", "code": "print(1)", "line_numbers": True}),
        (
            "table",
            {
                "data": [["a", "b"], ["1", None]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Numbers",
            },
        ),
        ("embed", {"embed": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": "Talk"}),
        ("video", {"file": video, "poster": ImageFactory(), "caption": "Clip"}),
        ("video", {"external_url": "https://example.com/v.webm"}),
        ("notice", {"style": "warning", "text": "<p>Careful.</p>"}),
        ("call_to_action", {"heading": "Join", "button_label": "Go", "url": "/join/"}),
        ("call_to_action", {"snippet": CallToActionFactory(image=ImageFactory())}),
        ("call_to_action", {"snippet": unpublished}),
        ("raw_html", "<div class='old'>Imported <i>markup</i></div>"),
    ]


def test_a_body_of_every_block_type_and_option_matches(client, openapi, blog_index, document):
    post = BlogPageFactory(parent=blog_index, body=every_block_body(blog_index, document))
    checked = assert_bodies_match(client, openapi, [post])
    assert checked == set(BODY_TYPES)
    for rich_text_format in ("db_html", "markdown"):
        assert_bodies_match(client, openapi, [post], rich_text_format=rich_text_format)


def test_a_body_for_one_audience_matches(client, openapi, rich_post):
    for audience in ("guest", "member"):
        assert_bodies_match(client, openapi, [rich_post], audience=audience)


def test_the_demo_posts_bodies_match(client):
    call_command("load_demo", stdout=io.StringIO())
    openapi = client.get(f"{API}/openapi.json").json()
    posts = list(BlogPage.objects.live())
    assert posts
    assert len(assert_bodies_match(client, openapi, posts)) >= 3


def test_imported_posts_bodies_match(client, openapi, blog_index, tmp_path):
    site = assemble_site("kramdown", tmp_path / "site")
    report = run_import(site, blog_index)
    assert not report.failed
    posts = list(BlogPage.objects.live().child_of(blog_index))
    assert len(posts) >= 10
    checked = assert_bodies_match(client, openapi, posts)
    assert {"paragraph", "heading", "code"} <= checked
