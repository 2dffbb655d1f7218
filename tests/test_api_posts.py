"""A post in the API carries everything its HTML page shows, with absolute public URLs."""

import pytest

from blog.models import BlogPage
from tests.api_fixtures import (
    API,
    document_fixture,  # noqa: F401 - a fixture, used by name
    get_json,
    list_posts,
    make_private,
    post_detail,
    relate,
    rich_post_fixture,  # noqa: F401
)
from tests.factories import BlogPageFactory, ImageFactory
from tests.page_fixtures import renditions_made

pytestmark = pytest.mark.django_db

RENDITION_NAMES = {"thumbnail", "large", "og"}


def blocks_of(data, block_type):
    return [block["value"] for block in data["body"] if block["type"] == block_type]


def assert_rendition(rendition):
    assert rendition["url"].startswith("http://testserver/media/images/")
    assert rendition["width"] > 0 and rendition["height"] > 0


def test_post_detail_has_every_field(client, rich_post):
    data = post_detail(client, rich_post)

    assert list(data) == [
        "id", "meta", "title", "date", "updated_at", "featured", "index_intro", "category_intro",
        "hero_image",
        "authors", "primary_author", "categories", "primary_category", "tags",
        "related_posts", "reading_time", "excerpt", "body", "seo",
    ]  # fmt: skip
    assert data["title"] == "Work-Life Integration"
    assert data["date"] == rich_post.date.isoformat().replace("+00:00", "Z")
    assert data["index_intro"] == "Balance is over."
    assert data["category_intro"] == "Short teaser."
    assert data["excerpt"] == "Why work-life integration wins."
    assert data["reading_time"] == 1


def test_meta_has_absolute_urls_and_seo_fields(client, rich_post):
    meta = post_detail(client, rich_post)["meta"]

    assert meta["type"] == "blog.BlogPage"
    assert meta["slug"] == "work-life-integration"
    assert meta["html_url"] == "http://testserver/blog/work-life-integration/"
    assert meta["detail_url"] == f"http://testserver{API}/pages/{rich_post.pk}/"
    assert meta["seo_title"] == "Integration, not balance"
    assert meta["search_description"] == "Why work-life integration wins."
    assert meta["parent"]["meta"]["html_url"] == "http://testserver/blog/"


def test_seo_gives_head_title_description_canonical_and_og_image(client, rich_post):
    renditions_made(*BlogPage.objects.live())
    seo = post_detail(client, rich_post)["seo"]

    assert seo["title"] == "Integration, not balance"
    assert seo["description"] == "Why work-life integration wins."
    assert seo["canonical_url"] == "http://testserver/blog/work-life-integration/"
    assert seo["og_image"]["alt"] == "Social"
    assert "fill-1200x630" in seo["og_image"]["url"]
    assert_rendition(seo["og_image"])


def test_og_image_falls_back_to_the_hero_image(client, blog_index):
    post = BlogPageFactory(parent=blog_index, hero_image=ImageFactory(title="Hero only"))
    assert post_detail(client, post)["seo"]["og_image"]["alt"] == "Hero only"


def test_hero_image_has_thumbnail_large_and_og_renditions_with_alt(client, rich_post):
    renditions_made(*BlogPage.objects.live())
    hero = post_detail(client, rich_post)["hero_image"]

    assert hero["alt"] == "Hero"
    assert set(hero["renditions"]) == RENDITION_NAMES
    for rendition in hero["renditions"].values():
        assert_rendition(rendition)
    assert "fill-400x225" in hero["renditions"]["thumbnail"]["url"]
    assert "width-1200" in hero["renditions"]["large"]["url"]


def test_authors_are_nested_in_order_with_avatar_renditions(client, rich_post):
    renditions_made(*BlogPage.objects.live())
    data = post_detail(client, rich_post)
    ann, bob = data["authors"]

    assert ann["name"] == "Ann Writer"
    assert ann["slug"] == "ann-writer"
    assert ann["description"] == "Writes about teams and productivity."
    assert ann["link"] == "https://ann.example.org"
    assert ann["detail_url"] == f"http://testserver{API}/authors/{ann['id']}/"
    assert set(ann["avatar"]["renditions"]) == {"small", "large"}
    assert_rendition(ann["avatar"]["renditions"]["small"])
    assert bob["avatar"] is None and bob["link"] is None
    assert data["primary_author"] == ann


def test_categories_and_primary_category(client, rich_post):
    data = post_detail(client, rich_post)

    assert [c["slug"] for c in data["categories"]] == ["remote-work", "culture"]
    assert data["categories"][0]["description"] == "<p>Working from anywhere.</p>"
    assert data["primary_category"] == data["categories"][0]


def test_post_without_authors_or_categories_has_null_primaries(client, blog_index):
    data = post_detail(client, BlogPageFactory(parent=blog_index))
    assert data["authors"] == [] and data["primary_author"] is None
    assert data["categories"] == [] and data["primary_category"] is None


def test_tags_have_name_and_slug(client, rich_post):
    tags = post_detail(client, rich_post)["tags"]
    assert [(t["name"], t["slug"]) for t in tags] == [
        ("remote", "remote"),
        ("work-life-balance", "work-life-balance"),
    ]


def test_related_posts_are_the_editors_picks_as_cards(client, rich_post):
    renditions_made(*BlogPage.objects.live())
    (card,) = post_detail(client, rich_post)["related_posts"]

    assert card["title"] == "Older post"
    assert card["url"] == "http://testserver/blog/older-post/"
    assert card["index_intro"] == "Intro of Older post."
    older = BlogPage.objects.get(slug="older-post")
    assert card["date"] == older.date.isoformat().replace("+00:00", "Z")
    assert card["detail_url"] == f"http://testserver{API}/pages/{card['id']}/"
    assert "fill-400x225" in card["thumbnail"]["url"] and card["thumbnail"]["alt"]


def test_related_posts_fall_back_to_posts_sharing_most_tags(client, blog_index):
    post = BlogPageFactory(parent=blog_index, tag_names=["a", "b", "c"])
    two_shared = BlogPageFactory(parent=blog_index, tag_names=["a", "b"])
    one_shared_new = BlogPageFactory(parent=blog_index, tag_names=["c"])
    one_shared_old = BlogPageFactory(parent=blog_index, tag_names=["a"])
    one_shared_old.date = one_shared_new.date.replace(year=2019)
    one_shared_old.save()
    BlogPageFactory(parent=blog_index, tag_names=["zzz"])

    related = post_detail(client, post)["related_posts"]

    assert [r["id"] for r in related] == [two_shared.pk, one_shared_new.pk, one_shared_old.pk]


def test_private_or_draft_picks_are_not_related_posts(client, blog_index):
    post = BlogPageFactory(parent=blog_index)
    private = BlogPageFactory(parent=blog_index, title="Private pick")
    make_private(private)
    public = BlogPageFactory(parent=blog_index, title="Public pick")
    relate(post, private, public)

    assert [r["title"] for r in post_detail(client, post)["related_posts"]] == ["Public pick"]


def test_paragraph_page_link_becomes_the_pages_public_absolute_url(client, rich_post):
    paragraph = blocks_of(post_detail(client, rich_post), "paragraph")[0]

    assert '<a href="http://testserver/blog/older-post/">the other post</a>' in paragraph
    assert "linktype" not in paragraph


def test_paragraph_document_and_external_links(client, rich_post, document):
    paragraph = blocks_of(post_detail(client, rich_post), "paragraph")[0]

    assert f'href="http://testserver/documents/{document.pk}/slides.pdf"' in paragraph
    assert 'href="https://example.org/x"' in paragraph


def test_wagtails_rich_text_format_parameter_still_chooses_the_format(client, rich_post):
    data = post_detail(client, rich_post, rich_text_format="db_html")
    assert 'linktype="page"' in blocks_of(data, "paragraph")[0]


def test_heading_and_quote_blocks(client, rich_post):
    data = post_detail(client, rich_post)
    assert blocks_of(data, "heading") == [
        {"text": "Why integration", "level": "h2", "link": None, "link_text": ""}
    ]
    assert blocks_of(data, "quote") == [
        {"text": "Integration beats balance.", "attribution": "Quire"}
    ]


def test_image_block_has_renditions_alt_and_caption(client, rich_post):
    library, external = blocks_of(post_detail(client, rich_post), "image")

    assert library["alt"] == library["image"]["alt"] == "A desk"
    assert library["caption"] == "Home office"
    assert set(library["image"]["renditions"]) == RENDITION_NAMES
    assert library["link"] is None
    assert external["image"] is None
    assert external["external_url"] == "https://cdn.example.org/a.png"


def test_code_block_has_language_source_and_highlighted_html(client, rich_post):
    (code,) = blocks_of(post_detail(client, rich_post), "code")
    assert code["language"] == "python"
    assert code["code"] == "print('hi')"
    assert '<div class="highlight">' in code["html"]


def test_table_and_embed_blocks(client, rich_post):
    data = post_detail(client, rich_post)
    (table,) = blocks_of(data, "table")
    assert table["data"] == [["Day", "Hours"], ["Mon", "8"]]
    assert blocks_of(data, "embed") == [
        {"embed": "https://www.youtube.com/watch?v=abc", "caption": "Talk"}
    ]


def test_notice_block_has_style_and_public_rich_text(client, rich_post):
    (notice,) = blocks_of(post_detail(client, rich_post), "notice")
    assert notice["style"] == "tip"
    assert notice["text"] == '<p>See <a href="http://testserver/blog/older-post/">this</a>.</p>'


def test_inline_call_to_action_has_audience_and_absolute_url(client, rich_post):
    inline, _ = blocks_of(post_detail(client, rich_post), "call_to_action")

    assert inline["audience"] == "guests"
    assert inline["url"] == "http://testserver/signup/"
    assert inline["heading"] == "Join us" and inline["button_label"] == "Sign up"
    assert inline["text"] == "<p>Free for teams.</p>"
    assert inline["image"]["alt"] == "Banner"
    assert inline["snippet_id"] is None


def test_snippet_call_to_action_shows_the_snippets_fields(client, rich_post):
    _, chosen = blocks_of(post_detail(client, rich_post), "call_to_action")

    assert chosen["audience"] == "members"
    assert chosen["heading"] == "Try it free"
    assert chosen["url"] == "https://example.com/signup"
    assert chosen["snippet_id"] is not None
    assert set(chosen["image"]["renditions"]) == RENDITION_NAMES


def test_raw_html_block_is_sanitised(client, rich_post):
    (raw,) = blocks_of(post_detail(client, rich_post), "raw_html")
    assert "kept" in raw and "<script" not in raw


def test_without_audience_every_block_is_returned(client, rich_post):
    audiences = [
        cta["audience"] for cta in blocks_of(post_detail(client, rich_post), "call_to_action")
    ]
    assert audiences == ["guests", "members"]


def test_audience_guest_drops_blocks_for_members(client, rich_post):
    data = post_detail(client, rich_post, audience="guest")
    assert [cta["audience"] for cta in blocks_of(data, "call_to_action")] == ["guests"]
    assert len(data["body"]) == len(rich_post.body) - 1


def test_audience_member_drops_blocks_for_guests(client, rich_post):
    data = post_detail(client, rich_post, audience="member")
    assert [cta["audience"] for cta in blocks_of(data, "call_to_action")] == ["members"]


def test_audience_applies_to_listings_too(client, rich_post):
    items = list_posts(client, fields="body", audience="member", slug=rich_post.slug)["items"]
    body_types = [block["type"] for block in items[0]["body"]]
    assert body_types.count("call_to_action") == 1


def test_listing_with_all_fields_shows_posts_in_full(client, rich_post):
    (item,) = list_posts(client, fields="*", slug=rich_post.slug)["items"]
    detail = post_detail(client, rich_post)

    for field in ("authors", "categories", "tags", "related_posts", "hero_image", "body", "seo"):
        assert item[field] == detail[field], field


def test_fields_parameter_removes_fields(client, rich_post):
    data = post_detail(client, rich_post, fields="-body,-related_posts")
    assert "body" not in data and "related_posts" not in data and "tags" in data


def test_home_and_index_pages_have_seo_but_no_post_fields(client, blog_index):
    data = get_json(client, f"{API}/pages/{blog_index.pk}/")
    assert data["intro"] == "<p>News from the team.</p>"
    assert data["seo"]["canonical_url"] == "http://testserver/blog/"
    assert "authors" not in data
