"""The Jekyll import, specified on the source blog's seed post.

The seed post is read from the shared corpus beside the repository when it is there,
else from demo/jekyll/ (a verbatim copy, checked below), so these tests run on a fresh
clone too.
"""

import datetime
import json
import re
import shutil
import zoneinfo
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.rich_text import RichText

from blog.models import BlogPage, BlogPageRelatedPost
from blog.snippets import Author, CallToAction, Category
from jekyll.report import Status
from jekyll.runner import run_import

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED_NAME = "2021-08-10-work-life-integration.markdown"
SHARED_SEED = SHARED / "corpus" / "seed" / "_posts" / SEED_NAME
DEMO_SEED = REPO / "demo" / "jekyll" / "_posts" / SEED_NAME
FIXTURES = REPO / "tests" / "jekyll" / "fixtures" / "tiny_site"
OVERWORK_POST = FIXTURES / "_posts" / "2021-08-03-overtime-working-culture.md"

SEED_TITLE = "Work-Life Balance is so Yesterday, Now We Need Work-Life Integration"
SEED_INTRO = (
    "Work-life balance requires trade-offs whereas work-life integration is about finding a "
    "harmony between all aspects of daily life. Find out how you can start implementing this today."
)
SEED_RELATED = [
    "10 Effective Ways to Keep Your Millennial and Gen Z Employees Productive",
    "No More Unhealthy Overworking Culture; Be Productive Instead",
    "What are Employers Looking for in Candidates for Fully Remote Jobs?",
]


def seed_file() -> Path:
    return SHARED_SEED if SHARED_SEED.is_file() else DEMO_SEED


def make_seed_site(root: Path, *, with_avatar: bool = True) -> Path:
    """A Jekyll site folder holding the seed post (and, optionally, the author's picture)."""
    (root / "_posts").mkdir(parents=True)
    shutil.copy(seed_file(), root / "_posts" / SEED_NAME)
    (root / "_config.yml").write_text('baseurl: ""\n', encoding="utf-8")
    if with_avatar:
        (root / "images" / "author").mkdir(parents=True)
        shutil.copy(FIXTURES / "images" / "author" / "Quire_logo.png", root / "images" / "author")
    return root


def seed_body_source() -> str:
    return seed_file().read_text(encoding="utf-8").split("---", 2)[2]


def rich_texts(page, block_type="paragraph", field=None) -> str:
    """The rich text HTML of all ``block_type`` blocks of ``page``, joined."""
    parts = []
    for block in page.body:
        if block.block_type == block_type:
            value = block.value[field] if field else block.value
            parts.append(value.source if isinstance(value, RichText) else str(value))
    return "".join(parts)


def body_json(page) -> str:
    """The page body as stored, for searching it as text."""
    return json.dumps(list(page.body.raw_data), ensure_ascii=False)


def visible_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def rich_text_fields(page):
    """(html, editor features) of every rich text in the body: paragraphs, notices, CTAs."""
    stream_block = BlogPage._meta.get_field("body").stream_block
    for block in page.body:
        if block.block_type == "paragraph":
            yield block.value.source, stream_block.child_blocks["paragraph"].features
        elif block.block_type in ("notice", "call_to_action") and block.value["text"]:
            text_block = stream_block.child_blocks[block.block_type].child_blocks["text"]
            yield block.value["text"].source, text_block.features


def editor_keeps(html: str, features) -> bool:
    """Whether Wagtail's rich text editor loads and saves ``html`` without losing anything."""
    converter = ContentstateConverter(features)
    saved = converter.to_database_format(converter.from_database_format(html))

    def essence(markup):
        soup = BeautifulSoup(markup, "html.parser")
        # The editor adds an empty paragraph after a closing rule; nothing is lost by it.
        tags = sorted(
            tag.name for tag in soup.find_all(True) if tag.name != "p" or tag.text.strip()
        )
        links = [a.get("href") for a in soup.find_all("a")]
        return visible_text(markup), tags, links

    return essence(saved) == essence(html)


def content_counts() -> dict:
    return {
        "pages": BlogPage.objects.count(),
        "revisions": Revision.objects.count(),
        "authors": Author.objects.count(),
        "categories": Category.objects.count(),
        "calls to action": CallToAction.objects.count(),
        "images": get_image_model().objects.count(),
        "related": BlogPageRelatedPost.objects.count(),
    }


@pytest.fixture
def seed_site(tmp_path):
    return make_seed_site(tmp_path / "site")


@pytest.fixture
def seed_report(seed_site, blog_index):
    return run_import(seed_site, blog_index)


@pytest.fixture
def seed_page(seed_report):
    assert seed_report.posts[0].status == Status.CREATED, seed_report.posts[0].error
    return BlogPage.objects.get(source_path=f"_posts/{SEED_NAME}")


def test_demo_seed_is_a_verbatim_copy_of_the_corpus_seed():
    if not SHARED_SEED.is_file():
        pytest.skip(f"The shared corpus is not beside the repository ({SHARED_SEED} is missing).")
    assert DEMO_SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_post_is_created_live_under_the_blog(seed_page, blog_index):
    assert seed_page.live
    assert seed_page.get_parent().pk == blog_index.pk
    assert seed_page.title == SEED_TITLE


def test_seed_slug_is_the_file_name_without_the_date(seed_page):
    assert seed_page.slug == "work-life-integration"


def test_seed_date_is_read_in_the_site_time_zone(seed_page):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert seed_page.date == datetime.datetime(2021, 8, 10, 11, 58, 7, tzinfo=zone)


def test_seed_category(seed_page):
    assert [category.name for category in seed_page.categories] == ["Productivity-tips"]


def test_seed_tags_appear_once_each_although_the_front_matter_repeats_some(seed_page):
    front_matter_tags = seed_page.source_front_matter["tags"].split()
    assert len(front_matter_tags) > len(set(front_matter_tags))  # the source repeats tags
    names = list(seed_page.tags.values_list("name", flat=True))
    assert sorted(names) == sorted(set(front_matter_tags))


def test_seed_author_with_description_link_and_avatar(seed_page):
    (author,) = seed_page.authors
    assert author.name == "Quire Marketing Team"
    assert author.description == "Make Your Teams Succeed."
    assert author.link == "https://medium.com/quire-you"
    assert author.avatar is not None
    assert author.avatar.file_hash


def test_seed_author_without_its_picture_file_is_imported_with_a_warning(tmp_path, blog_index):
    report = run_import(make_seed_site(tmp_path / "site", with_avatar=False), blog_index)
    assert Author.objects.get(name="Quire Marketing Team").avatar is None
    assert any("Author picture" in warning for warning in report.posts[0].warnings)


def test_seed_intros(seed_page):
    assert seed_page.index_intro == SEED_INTRO
    assert seed_page.category_intro == SEED_INTRO


def test_seed_liquid_variables_are_substituted(seed_page, seed_report):
    assert "{{" not in body_json(seed_page)
    warnings = " ".join(seed_report.posts[0].warnings)
    assert "/images/2021-08-10-work-life-integration/work_life_integration.png" in warnings


def test_seed_headings_become_heading_blocks_in_order(seed_page):
    expected = [
        ({"##": "h2", "###": "h3"}[marks], text.strip())
        for marks, text in re.findall(r"^(#{2,3}) (.+)$", seed_body_source(), re.MULTILINE)
    ]
    headings = [
        (block.value["level"], block.value["text"])
        for block in seed_page.body
        if block.block_type == "heading"
    ]
    assert headings == expected
    assert len(headings) == 12


def test_seed_paragraphs_are_all_in_the_body(seed_page):
    text = visible_text(rich_texts(seed_page))
    paragraphs = [chunk.strip() for chunk in seed_body_source().split("\n\n")]
    prose = [
        chunk
        for chunk in paragraphs
        if chunk and not chunk.startswith(("#", "<", "!", "[", "{%", "* "))
    ]
    assert len(prose) > 40
    for paragraph in prose:
        assert " ".join(paragraph.replace("**", "").split()) in text


def test_seed_emphasis_is_kept_as_wagtail_bold(seed_page):
    html = rich_texts(seed_page)
    assert "<b>Work-life balance</b>" in html
    assert "<strong>" not in html


def test_seed_rich_text_survives_the_wagtail_editor(seed_page):
    fields = list(rich_text_fields(seed_page))
    assert len(fields) > 10
    for html, features in fields:
        assert editor_keeps(html, features), html


def test_seed_list_is_a_list_in_a_paragraph_block(seed_page):
    soup = BeautifulSoup(rich_texts(seed_page), "html.parser")
    (bullets,) = soup.find_all("ul")
    items = [" ".join(item.get_text().split()) for item in bullets.find_all("li")]
    assert items == [
        "break down the real differences between the two.",
        "explain why thinking about it as work-life integration produces a better result.",
        "show you how to achieve that better result with a few easy to implement tips and tricks.",
    ]


def test_seed_links_are_all_kept(seed_page):
    body_data = body_json(seed_page)
    source = seed_body_source()
    definitions = set(re.findall(r"^\[[^\]]+\]:\s+(\S+)", source, re.MULTILINE))
    links = set(re.findall(r"""(?:href="|\]\()(https?://[^")]+)""", source)) - definitions
    assert links == {"https://quire.io/blog/p/remote-team-advice.html", "https://bit.ly/38mUj9f"}
    for link in links:
        assert link in body_data


def test_seed_notice_becomes_a_notice_block_with_its_link(seed_page):
    (notice,) = [block.value for block in seed_page.body if block.block_type == "notice"]
    assert notice["style"] == "info"
    soup = BeautifulSoup(notice["text"].source, "html.parser")
    assert soup.a["href"] == "https://quire.io/blog/p/remote-team-advice.html"
    assert "how to win as a remote team" in soup.get_text()


def test_seed_guest_only_banner_becomes_a_guests_call_to_action(seed_page):
    (cta,) = [block.value for block in seed_page.body if block.block_type == "call_to_action"]
    assert cta["audience"] == "guests"
    assert cta["url"] == "https://bit.ly/38mUj9f"
    # Its picture is not in the corpus: a banner whose button says what the image did.
    assert cta["image"] is None and cta["style"] == "banner"
    assert (cta["heading"], cta["button_label"]) == ("", "Project management software")


def test_seed_missing_images_are_warnings_not_empty_image_blocks(seed_page, seed_report):
    warnings = seed_report.posts[0].warnings
    assert any(
        "Hero image" in warning and "work_life_integration.png" in warning for warning in warnings
    )
    assert any("work_life_integration.png" in w and "Image left out" in w for w in warnings)
    assert any("Quire_signup.png" in warning for warning in warnings)
    assert seed_page.hero_image is None
    assert [block for block in seed_page.body if block.block_type == "image"] == []


def test_seed_reference_link_definitions_are_not_body_text(seed_page):
    body_data = body_json(seed_page)
    assert "jekyllrb.com" not in body_data
    assert "[jekyll" not in body_data


def test_seed_related_titles_wait_unresolved(seed_page):
    assert seed_page.unresolved_related_titles == SEED_RELATED
    assert seed_page.related_post_links.count() == 0


def test_seed_relates_to_a_post_imported_later(seed_page, blog_index):
    report = run_import(OVERWORK_POST, blog_index)
    assert report.posts[0].status == Status.CREATED
    overwork = BlogPage.objects.get(title=SEED_RELATED[1])

    seed_page.refresh_from_db()
    assert [link.related_post for link in seed_page.related_post_links.all()] == [overwork]
    assert seed_page.unresolved_related_titles == [SEED_RELATED[0], SEED_RELATED[2]]
    assert seed_page.live and not seed_page.has_unpublished_changes
    assert report.related_links_added == 1


def test_importing_the_seed_twice_changes_nothing(seed_page, seed_site, blog_index):
    before = content_counts()
    report = run_import(seed_site, blog_index)
    assert [post.status for post in report.posts] == [Status.UNCHANGED]
    assert content_counts() == before
    assert BlogPage.objects.get(pk=seed_page.pk).latest_revision_id == seed_page.latest_revision_id


def test_a_changed_seed_is_updated_as_one_new_revision(seed_page, seed_site, blog_index):
    post_file = seed_site / "_posts" / SEED_NAME
    post_file.write_text(
        post_file.read_text(encoding="utf-8") + "\n\nA paragraph added after the import.\n",
        encoding="utf-8",
    )
    revisions_before = Revision.objects.for_instance(seed_page).count()

    report = run_import(seed_site, blog_index)

    assert [post.status for post in report.posts] == [Status.UPDATED]
    page = BlogPage.objects.get(pk=seed_page.pk)
    assert Revision.objects.for_instance(page).count() == revisions_before + 1
    assert page.live and not page.has_unpublished_changes
    assert "A paragraph added after the import." in visible_text(rich_texts(page))
    assert BlogPage.objects.count() == 1


def test_seed_post_page_is_served_to_readers(seed_page, client):
    response = client.get("/blog/work-life-integration/")
    assert response.status_code == 200
    assert "Why work-life integration is better for you" in response.content.decode()


def test_seed_legacy_address_redirects_to_the_post(seed_page, client):
    response = client.get("/blog/p/work-life-integration.html")
    assert response.status_code == 301
    assert response["Location"].endswith("/blog/work-life-integration/")
