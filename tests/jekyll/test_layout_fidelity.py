"""Layout-level fidelity: an imported post reads as the old site showed it.

The hero above the post only where the site's layout showed it (and never the same
picture twice), related posts exactly as the layout matched them, guests-only image
links, links in headings, videos that play, images where they stood, whole quotes, and
teasers without HTML shown as text.
"""

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed

from blog.models import BlogPage
from jekyll.export.markdown import MarkdownWriter
from jekyll.mapping.html_to_blocks import html_to_blocks
from jekyll.mapping.images import ImageLocator
from jekyll.runner import run_import
from tests.factories import ImageFactory
from tests.jekyll.test_import import FIXTURES
from tests.page_fixtures import make_post, soup

PIXEL = FIXTURES / "images" / "fixture" / "pixel.png"


def blocks_of(html: str):
    return html_to_blocks(html, ImageLocator(FIXTURES)).blocks


def types(blocks) -> list[str]:
    return [block["type"] for block in blocks]


def site_of(tmp_path: Path, posts: dict[str, str], files: dict[str, str | bytes] = ()) -> Path:
    """A site folder: ``posts`` (file name → text) and other ``files`` (path → content),
    with the fixture pixel at images/pixel.png."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "images").mkdir()
    shutil.copy(PIXEL, site / "images" / "pixel.png")
    for name, text in posts.items():
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    for name, content in dict(files).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (site / name).write_bytes(content)
        else:
            (site / name).write_text(content, encoding="utf-8")
    return site


def imported(site: Path, blog_index):
    report = run_import(site, blog_index)
    assert not report.failed, [post.error for post in report.failed]
    return report


def warnings_of(report) -> list[str]:
    return [warning for post in report.posts for warning in post.warnings]


# --- the hero image ----------------------------------------------------------------------

HERO_POST = "---\ntitle: With a hero\nlayout: post\nimage: pixel.png\n---\nSome text.\n"
HEAD_ONLY_LAYOUT = (
    '<html><head><meta property="og:image" content="{{ page.image }}"></head>'
    "<body><h1>{{ page.title }}</h1>{{ content }}</body></html>"
)
HERO_LAYOUT = (
    '---\nlayout: default\n---\n<article><img class="hero" src="/images/{{ page.image }}">'
    "{{ content }}</article>"
)


def test_hero_is_shown_where_the_sites_layout_renders_page_image(tmp_path, blog_index, client):
    site = site_of(tmp_path, {"2021-01-01-hero.md": HERO_POST}, {"_layouts/post.html": HERO_LAYOUT})
    imported(site, blog_index)

    post = BlogPage.objects.get(title="With a hero")

    assert post.show_hero
    assert soup(client.get(post.url)).select_one(".post__hero img") is not None


def test_hero_is_not_shown_where_the_layout_uses_page_image_only_in_the_head(
    tmp_path, blog_index, client
):
    site = site_of(
        tmp_path, {"2021-01-01-hero.md": HERO_POST}, {"_layouts/post.html": HEAD_ONLY_LAYOUT}
    )
    imported(site, blog_index)
    post = BlogPage.objects.get(title="With a hero")

    page = soup(client.get(post.url))

    assert not post.show_hero and post.hero_image is not None
    assert page.select_one(".post__hero") is None
    # Kept for the card and the link preview.
    assert "/media/" in page.find("meta", attrs={"property": "og:image"})["content"]
    assert soup(client.get("/blog/")).select_one(".card__media img") is not None


def test_hero_is_not_shown_for_a_site_without_its_layouts(tmp_path, blog_index, client):
    imported(site_of(tmp_path, {"2021-01-01-hero.md": HERO_POST}), blog_index)

    post = BlogPage.objects.get(title="With a hero")

    assert not post.show_hero
    assert soup(client.get(post.url)).select_one(".post__hero") is None


def test_editor_can_turn_the_hero_off(client, blog_index):
    post = make_post(blog_index, hero_image=ImageFactory(), show_hero=False)

    assert soup(client.get(post.url)).select_one(".post__hero") is None


def test_hero_that_is_also_the_first_body_image_is_shown_once(client, blog_index):
    picture = ImageFactory()
    post = make_post(
        blog_index,
        hero_image=picture,
        body=[
            ("paragraph", "<p>Before the picture.</p>"),
            ("image", {"image": picture, "alt": "The same picture"}),
        ],
    )

    page = soup(client.get(post.url))

    assert page.select_one(".post__hero") is None
    assert len(page.select(".block-image img")) == 1


# --- related posts -----------------------------------------------------------------------


def post_text(title: str, related=(), extra: str = "") -> str:
    lines = [f"title: {title!r}"]
    if related:
        lines.append("relatedPosts:")
        lines += [f"  - {name!r}" for name in related]
    return "---\n" + "\n".join(lines) + f"\n{extra}---\nText of {title}.\n"


def related_titles(title: str) -> list[str]:
    page = BlogPage.objects.get(title=title)
    return [link.related_post.title for link in page.related_post_links.order_by("sort_order")]


def test_related_posts_keep_their_order_when_later_posts_resolve_them(tmp_path, blog_index):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-first.md": post_text("First", ["Third", "Second"]),
            "2021-01-02-second.md": post_text("Second"),
            "2021-01-03-third.md": post_text("Third"),
        },
    )
    imported(site, blog_index)

    assert related_titles("First") == ["Third", "Second"]


def test_related_posts_resolved_by_a_later_import_keep_their_order(tmp_path, blog_index):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-first.md": post_text("First", ["Later", "Second"]),
            "2021-01-02-second.md": post_text("Second"),
        },
    )
    imported(site, blog_index)
    (site / "_posts" / "2021-01-05-later.md").write_text(post_text("Later"))

    imported(site, blog_index)

    assert related_titles("First") == ["Later", "Second"]


def test_a_related_title_that_differs_in_more_than_spacing_is_not_linked_but_reported(
    tmp_path, blog_index
):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-hello.md": post_text("Hello GitHub, We’re Quire"),
            "2021-01-02-pointer.md": post_text("Pointer", ["Hello GitHub, We're Quire"]),
        },
    )
    report = imported(site, blog_index)

    assert related_titles("Pointer") == []
    assert BlogPage.objects.get(title="Pointer").unresolved_related_titles == [
        "Hello GitHub, We're Quire"
    ]
    assert any(
        "Hello GitHub, We're Quire" in warning and "Hello GitHub, We’re Quire" in warning
        for warning in warnings_of(report)
    )


def test_related_titles_match_across_unicode_forms_and_spaces(tmp_path, blog_index):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-cafe.md": post_text("Caf\u00e9 notes:  a  list"),
            "2021-01-02-pointer.md": post_text("Pointer", ["Cafe\u0301 notes: a list "]),
        },
    )
    imported(site, blog_index)

    assert related_titles("Pointer") == ["Caf\u00e9 notes:  a  list"]


def test_a_post_whose_related_titles_match_nothing_shows_no_related_posts(
    tmp_path, blog_index, client
):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-lonely.md": post_text("Lonely", ["Never written"], "tags: shared\n"),
            "2021-01-02-sibling.md": post_text("Sibling", extra="tags: shared\n"),
        },
    )
    imported(site, blog_index)
    post = BlogPage.objects.get(title="Lonely")

    assert "Related articles" not in client.get(post.url).content.decode()
    assert client.get(f"/api/v2/pages/{post.pk}/").json()["related_posts"] == []


# --- guests-only image links ---------------------------------------------------------------

IMAGE_LINK_CTA = (
    '<div class="guest-only"><p><a href="https://example.com/signup?ref=blog">'
    '<img src="/images/fixture/pixel.png" alt="Sign up today"></a></p></div>'
)


def test_guests_only_image_link_becomes_an_image_link_call_to_action():
    ((block_type, value),) = [(b["type"], b["value"]) for b in blocks_of(IMAGE_LINK_CTA)]

    assert block_type == "call_to_action"
    assert value["style"] == "image"
    assert value["image_alt"] == "Sign up today"
    assert value["heading"] == "" and value["button_label"] == ""
    assert value["url"] == "https://example.com/signup?ref=blog"


def test_guests_only_banner_with_words_stays_a_banner():
    blocks = blocks_of(
        '<div class="guest-only"><h3>Try Quire</h3><p>Free for small teams.</p>'
        '<p><a href="https://example.com/try">Start now</a></p></div>'
    )

    assert blocks[0]["value"]["style"] == "banner"
    assert blocks[0]["value"]["heading"] == "Try Quire"


def test_image_link_call_to_action_shows_the_linked_image_and_no_words(client, blog_index):
    post = make_post(
        blog_index,
        body=[
            (
                "call_to_action",
                {
                    "image": ImageFactory(),
                    "image_alt": "Sign up today",
                    "url": "https://example.com/signup",
                    "audience": "guests",
                    "style": "image",
                    "button_label": "",
                },
            )
        ],
    )

    cta = soup(client.get(post.url)).select_one(".cta-image")

    assert cta.select_one("a img")["alt"] == "Sign up today"
    assert cta.find(["h2", "h3"]) is None and cta.select_one(".button") is None
    assert "Sign up today" not in cta.get_text()


# --- headings, images, quotes --------------------------------------------------------------


def test_a_link_in_a_heading_stays_a_link_on_its_words():
    (heading,) = blocks_of('<h2>Read <a href="https://example.com/guide">the guide</a> first</h2>')

    assert heading["value"] == {
        "text": "Read the guide first",
        "level": "h2",
        "link": "https://example.com/guide",
        "link_text": "the guide",
    }


def test_a_heading_link_is_rendered_on_its_words(client, blog_index):
    post = make_post(
        blog_index,
        body=[
            (
                "heading",
                {
                    "text": "Read the guide first",
                    "level": "h2",
                    "link": "/docs/",
                    "link_text": "the guide",
                },
            )
        ],
    )

    heading = soup(client.get(post.url)).select_one("h2.block-heading")

    assert heading.get_text() == "Read the guide first"
    assert [(a.get_text(), a["href"]) for a in heading.find_all("a")] == [("the guide", "/docs/")]


def test_an_image_inside_a_paragraph_stays_between_its_words():
    blocks = blocks_of(
        '<p>Before the picture <img src="/images/fixture/pixel.png" alt="x"> after it.</p>'
    )

    assert types(blocks) == ["paragraph", "image", "paragraph"]
    assert blocks[0]["value"] == "<p>Before the picture</p>"
    assert blocks[2]["value"] == "<p>after it.</p>"


def test_images_in_numbered_steps_stay_after_their_step():
    blocks = blocks_of(
        '<ol><li><p>Open the app</p><p><img src="/images/fixture/pixel.png" alt="app"></p></li>'
        '<li><p>Click Install</p><p><img src="/images/fixture/pixel.png" alt="install"></p></li>'
        "<li><p>Done</p></li></ol>"
    )

    assert types(blocks) == ["paragraph", "image", "paragraph", "image", "paragraph"]
    assert blocks[0]["value"] == "<ol><li>Open the app</li></ol>"
    assert blocks[2]["value"] == '<ol start="2"><li>Click Install</li></ol>'
    assert blocks[4]["value"] == '<ol start="3"><li>Done</li></ol>'


def test_a_picture_left_out_does_not_cut_its_list():
    conversion = html_to_blocks(
        '<ol><li>Open it <img src="/images/nope.png" alt="gone"></li><li>Close it</li></ol>',
        ImageLocator(FIXTURES),
    )

    assert conversion.blocks == [
        {"type": "paragraph", "value": "<ol><li>Open it</li><li>Close it</li></ol>"}
    ]
    assert any("/images/nope.png" in warning for warning in conversion.warnings)


def test_numbered_steps_keep_their_numbers_on_the_page(client, blog_index):
    post = make_post(blog_index, body=[("paragraph", '<ol start="2"><li>Click Install</li></ol>')])

    assert soup(client.get(post.url)).select_one(".block-paragraph ol")["start"] == "2"


def test_a_quote_of_several_paragraphs_with_a_link_is_one_quote():
    (block,) = blocks_of(
        '<blockquote><p>First <a href="https://example.com/q">part</a>.</p>'
        "<p>Second part.</p></blockquote>"
    )

    assert block["type"] == "paragraph"
    assert block["value"] == (
        '<blockquote>First <a href="https://example.com/q">part</a>.<br/><br/>'
        "Second part.</blockquote>"
    )


def test_a_quote_inside_a_quote_keeps_both():
    (block,) = blocks_of(
        "<blockquote><p>Outer.</p><blockquote><p>Inner.</p></blockquote><p>Outer again.</p>"
        "</blockquote>"
    )

    assert block["type"] == "raw_html"
    page = soup_of(block["value"])
    assert [" ".join(q.get_text(" ").split()) for q in page.find_all("blockquote")] == [
        "Outer. Inner. Outer again.",
        "Inner.",
    ]


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


# --- videos --------------------------------------------------------------------------------


def test_a_youtube_iframe_becomes_a_player_built_from_its_id():
    (block,) = blocks_of(
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0" '
        "allowfullscreen></iframe>"
    )

    assert block == {
        "type": "embed",
        "value": {"embed": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": ""},
    }


def test_a_vimeo_iframe_becomes_a_vimeo_player():
    (block,) = blocks_of('<iframe src="https://player.vimeo.com/video/76979871"></iframe>')

    assert block["value"]["embed"] == "https://vimeo.com/76979871"


def test_a_youtube_video_plays_without_asking_youtube(client, blog_index):
    post = make_post(
        blog_index, body=[("embed", {"embed": "https://youtu.be/dQw4w9WgXcQ", "caption": ""})]
    )

    response = client.get(post.url)

    player = soup(response).select_one(".block-embed iframe")
    assert player["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert not Embed.objects.exists()
    policy = response["Content-Security-Policy"]
    assert "frame-src https:" in policy or "youtube-nocookie.com" in policy


def test_an_embed_of_another_provider_not_cached_is_a_link(client, blog_index):
    url = "https://www.slideshare.net/quire/roadmap"
    post = make_post(blog_index, body=[("embed", {"embed": url, "caption": "Our roadmap"})])

    embed = soup(client.get(post.url)).select_one(".block-embed")

    assert embed.find("iframe") is None
    assert embed.find("a", href=url).get_text() == "Our roadmap"


def test_a_video_file_of_the_site_becomes_a_video_that_plays(tmp_path, blog_index, client):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-clip.md": (
                "---\ntitle: Clip\n---\nWatch this:\n\n"
                '<video controls poster="/images/pixel.png">'
                '<source src="/videos/demo.mp4" type="video/mp4"></video>\n'
            )
        },
        {"videos/demo.mp4": b"\x00\x00\x00\x18ftypmp42 not really a video"},
    )
    imported(site, blog_index)
    post = BlogPage.objects.get(title="Clip")

    (video,) = [block.value for block in post.body if block.block_type == "video"]
    document = get_document_model().objects.get()
    assert video["file"].pk == document.pk and video["poster"] is not None
    player = soup(client.get(post.url)).select_one(".block-video video")
    source = player.find("source")
    assert source["src"] == document.file.url and source["type"] == "video/mp4"
    assert client.get(source["src"]).status_code == 200
    assert "media-src 'self'" in client.get(post.url)["Content-Security-Policy"]


def test_the_same_video_in_two_posts_is_stored_once(tmp_path, blog_index):
    video = '<video src="/videos/demo.mp4" controls></video>\n'
    site = site_of(
        tmp_path,
        {
            "2021-01-01-one.md": f"---\ntitle: One\n---\n{video}",
            "2021-01-02-two.md": f"---\ntitle: Two\n---\n{video}",
        },
        {"videos/demo.mp4": b"\x00\x00\x00\x18ftypmp42 bytes"},
    )
    imported(site, blog_index)

    assert get_document_model().objects.count() == 1


def test_a_video_missing_from_the_site_is_reported(tmp_path, blog_index):
    site = site_of(
        tmp_path,
        {"2021-01-01-gone.md": '---\ntitle: Gone\n---\n<video src="/videos/gone.mp4"></video>\n'},
    )

    report = imported(site, blog_index)

    assert any("/videos/gone.mp4" in warning for warning in warnings_of(report))


# --- teasers --------------------------------------------------------------------------------


def test_a_teaser_with_a_line_break_reads_as_two_lines(tmp_path, blog_index, client):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-teaser.md": (
                '---\ntitle: Teaser\nindex-intro: "First line<br/>Second &amp; last line"\n---\nText.\n'
            )
        },
    )
    imported(site, blog_index)
    post = BlogPage.objects.get(title="Teaser")

    assert post.index_intro == "First line\nSecond & last line"
    card = soup(client.get("/blog/")).select_one(".card__intro")
    assert "<br" not in card.get_text() and card.find("br") is not None
    feed = ET.fromstring(client.get("/blog/feed/").content)
    # The description is HTML: a line break, and "&" as text.
    assert feed.findtext("channel/item/description") == "First line<br>Second &amp; last line"
    assert client.get(f"/api/v2/pages/{post.pk}/").json()["index_intro"] == post.index_intro


def test_an_editor_uploads_a_video_file_for_the_video_block(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    upload = SimpleUploadedFile("launch.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4")

    response = client.post("/admin/documents/add/", {"title": "Launch", "file": upload})

    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Launch"


def test_the_api_gives_headings_their_link_and_image_links_their_style(client, blog_index):
    post = make_post(
        blog_index,
        body=[
            (
                "heading",
                {
                    "text": "Read the guide",
                    "level": "h3",
                    "link": "/docs/",
                    "link_text": "the guide",
                },
            ),
            (
                "call_to_action",
                {
                    "image": ImageFactory(),
                    "image_alt": "Sign up today",
                    "url": "https://example.com/signup",
                    "audience": "guests",
                    "style": "image",
                },
            ),
        ],
    )

    body = client.get(f"/api/v2/pages/{post.pk}/").json()["body"]

    heading, cta = (block["value"] for block in body)
    assert heading == {
        "text": "Read the guide",
        "level": "h3",
        "link": "http://testserver/docs/",
        "link_text": "the guide",
    }
    assert cta["style"] == "image" and cta["image"]["alt"] == "Sign up today"


def test_links_to_old_pages_go_to_the_old_site_and_links_to_posts_to_the_post(
    tmp_path, blog_index, client
):
    site = site_of(
        tmp_path,
        {
            "2021-01-01-target.md": "---\ntitle: Target\n---\nThe linked post.\n",
            "2021-01-02-links.md": (
                "---\ntitle: Links\n---\n"
                "Read [the setup page](/blog/docs/setup/), [pricing](/pricing) and "
                "[the target](/blog/2021/01/01/target.html).\n"
            ),
        },
        {"_config.yml": 'url: "https://old.example.com"\nbaseurl: "/blog"\n'},
    )
    imported(site, blog_index)
    post = BlogPage.objects.get(title="Links")

    links = {a.get_text(): a["href"] for a in soup(client.get(post.url)).select(".post__body a")}

    assert links["the setup page"] == "https://old.example.com/blog/docs/setup/"
    assert links["pricing"] == "https://old.example.com/pricing"
    target = client.get(links["the target"])
    assert target.status_code == 301 and target["Location"] == "/blog/target/"


# --- code -----------------------------------------------------------------------------------


def test_code_with_line_numbers_keeps_them():
    (block,) = blocks_of(
        '<pre data-linenos="1"><code class="language-python">a = 1\nb = 2\n</code></pre>'
    )

    assert block["value"] == {"language": "python", "code": "a = 1\nb = 2", "line_numbers": True}


def test_code_block_with_line_numbers_shows_them_apart_from_the_code(client, blog_index):
    post = make_post(
        blog_index,
        body=[("code", {"language": "python", "code": "a = 1\nb = 2", "line_numbers": True})],
    )

    block = soup(client.get(post.url)).select_one(".block-code")

    assert block.select_one("td.linenos").get_text().split() == ["1", "2"]
    assert block.select_one("td.code").get_text() == "a = 1\nb = 2\n"


def test_line_numbers_survive_an_export_and_an_import(tmp_path, blog_index):
    text = MarkdownWriter(image_url=str, page_url=str).block_code(
        {"language": "python", "code": "a = 1\nb = 2", "line_numbers": True}
    )
    site = site_of(tmp_path, {"2021-01-01-code.md": f"---\ntitle: Code\n---\n{text}\n"})

    imported(site, blog_index)

    (code,) = [block.value for block in BlogPage.objects.get(title="Code").body]
    assert (code["code"], code["line_numbers"]) == ("a = 1\nb = 2", True)


# --- what the Quire corpus showed ----------------------------------------------------------


def test_a_quote_inside_a_paragraph_stays_a_quote():
    # Redcarpet leaves <center> inside a paragraph; a browser closes the paragraph there.
    blocks = blocks_of(
        '<p><center><blockquote class="twitter-tweet"><p>Enter to win!</p>&mdash; Quire '
        '<a href="https://twitter.com/quire_io/status/1">November 17, 2020</a></blockquote>'
        "</center></p>"
    )

    assert types(blocks) == ["raw_html"]
    assert soup_of(blocks[0]["value"]).blockquote.get_text(" ", strip=True).startswith("Enter")


def test_a_heading_inside_a_quote_stays_a_heading_in_the_quote():
    (block,) = blocks_of("<blockquote><h4>Tip: press Ctrl+Shift+Del</h4></blockquote>")

    assert block["type"] == "raw_html"
    assert soup_of(block["value"]).select_one("blockquote h4").get_text() == (
        "Tip: press Ctrl+Shift+Del"
    )


def test_a_heading_inside_a_list_item_stays_a_heading_and_the_list_goes_on():
    blocks = blocks_of(
        "<ol><li>Install it.</li><li><p>Select an email.</p><h4>Note: it reads the subject.</h4>"
        "</li><li>Check your project.</li></ol>"
    )

    assert types(blocks) == ["paragraph", "heading", "paragraph"]
    assert blocks[0]["value"] == "<ol><li>Install it.</li><li>Select an email.</li></ol>"
    assert blocks[1]["value"] == {"text": "Note: it reads the subject.", "level": "h4"}
    assert blocks[2]["value"] == '<ol start="3"><li>Check your project.</li></ol>'


def test_a_last_line_written_with_two_hyphens_stays_in_the_quote():
    (block,) = blocks_of("<blockquote><p>I love it.</p><p>-- Peter S.</p></blockquote>")

    assert block["value"] == {"text": "I love it.\n\n-- Peter S.", "attribution": ""}


def test_a_guests_only_image_link_whose_picture_is_on_the_old_site_keeps_it():
    blocks = html_to_blocks(
        '<div class="guest-only"><p><a href="https://example.com/signup">'
        '<img src="/images/gone/signup.png" alt="Sign up"></a></p></div>',
        ImageLocator(FIXTURES, image_base_url="https://old.example.com/blog"),
    ).blocks

    (value,) = [block["value"] for block in blocks]
    assert value["style"] == "image" and value["image"] is None
    assert value["external_image_url"] == "https://old.example.com/blog/images/gone/signup.png"


def test_an_image_link_call_to_action_shows_a_picture_from_elsewhere(client, blog_index):
    post = make_post(
        blog_index,
        body=[
            (
                "call_to_action",
                {
                    "external_image_url": "https://old.example.com/signup.png",
                    "image_alt": "Sign up",
                    "url": "https://example.com/signup",
                    "audience": "guests",
                    "style": "image",
                },
            )
        ],
    )

    picture = soup(client.get(post.url)).select_one(".cta-image a img")

    assert (picture["src"], picture["alt"]) == ("https://old.example.com/signup.png", "Sign up")
