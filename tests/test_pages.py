"""What a reader sees on the HTML pages: home, blog listings, posts, search and errors."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.rect import Rect

from tests.factories import AuthorFactory, CategoryFactory, ImageFactory
from tests.page_fixtures import (
    guest_cta_fixture,  # noqa: F401 - a fixture, used by name
    main_text,
    make_draft,
    make_post,
    make_private,
    member_user_fixture,  # noqa: F401
    relate,
    renditions_made,
    soup,
    wide_image_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def card_titles(response):
    return [h.get_text(strip=True) for h in soup(response).select(".card .card__title")]


def test_home_page_shows_intro_latest_posts_and_link_to_blog(client, home_page, blog_index):
    home_page.intro = "<p>Welcome to our corner of the web.</p>"
    home_page.save_revision().publish()
    make_post(blog_index, title="Fresh thoughts")

    response = client.get("/")

    assert response.status_code == 200
    page = soup(response)
    assert "Welcome to our corner of the web." in main_text(response)
    assert card_titles(response) == ["Fresh thoughts"]
    assert page.find("main").find("a", href="/blog/") is not None


def test_blog_index_lists_posts_newest_first_as_cards(client, blog_index):
    make_post(blog_index, title="Older post")
    make_post(blog_index, title="Newer post")

    response = client.get("/blog/")

    assert response.status_code == 200
    assert card_titles(response) == ["Newer post", "Older post"]


def test_blog_index_shows_newest_post_larger_on_first_page_only(client, blog_index):
    for n in range(16):
        make_post(blog_index, title=f"Post {n:02d}")

    first = soup(client.get("/blog/"))
    second = soup(client.get("/blog/?page=2"))

    lead_cards = first.select(".card--lead")
    assert len(lead_cards) == 1
    assert lead_cards[0].find(class_="card__title").get_text(strip=True) == "Post 15"
    assert second.select(".card--lead") == []


def test_card_shows_category_date_title_intro_and_authors(client, blog_index):
    make_post(
        blog_index,
        title="Planning well",
        index_intro="How to plan a week.",
        authors=[AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Chen")],
        categories=[CategoryFactory(name="Tips")],
    )

    card = soup(client.get("/blog/")).select_one(".card")

    assert card.select_one(".meta").get_text(" ", strip=True).startswith("Tips ·")
    assert card.select_one(".meta time")["datetime"].startswith("20")
    assert card.select_one(".card__title a")["href"] == "/blog/planning-well/"
    assert card.select_one(".card__intro").get_text(strip=True) == "How to plan a week."
    assert card.select_one(".card__authors").get_text(strip=True) == "By Ann Lee and Bo Chen"


def test_card_without_hero_image_shows_placeholder_not_an_image(client, blog_index):
    make_post(blog_index, title="No picture", hero_image=None)

    card = soup(client.get("/blog/")).select_one(".card")

    assert card.select_one(".card__placeholder") is not None
    assert card.find("img") is None


def test_cards_lazy_load_images_except_the_first(client, blog_index):
    for n in range(3):
        make_post(blog_index, title=f"Pictured {n}", hero_image=ImageFactory())

    images = soup(client.get("/blog/")).select(".card img")

    assert len(images) == 3
    assert images[0].get("loading") is None
    assert [img.get("loading") for img in images[1:]] == ["lazy", "lazy"]


def test_post_page_shows_category_date_title_tags_and_reading_time(client, blog_index):
    category = CategoryFactory(name="Remote work", slug="remote-work")
    post = make_post(
        blog_index,
        title="Working apart",
        categories=[category],
        tag_names=["teams", "focus"],
        body=[("paragraph", "<p>" + "word " * 500 + "</p>")],
    )

    response = client.get(post.url)

    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "Working apart"
    header = page.select_one(".post__header")
    assert header.find("a", href="/blog/category/remote-work/").get_text() == "Remote work"
    assert header.find("time")["datetime"] == post.date.isoformat()
    assert "3 min read" in header.get_text(" ", strip=True)
    assert "word word word" in page.select_one(".post__body").get_text()


def test_post_page_links_each_tag_once(client, blog_index):
    post = make_post(blog_index, tag_names=["teams", "focus", "teams"])

    links = [a["href"] for a in soup(client.get(post.url)).find_all("a", href=re.compile("/tag/"))]

    assert sorted(links) == ["/blog/tag/focus/", "/blog/tag/teams/"]


def test_post_hero_is_a_responsive_picture_loaded_eagerly(client, blog_index, wide_image):
    post = make_post(blog_index, hero_image=wide_image)
    renditions_made(post)

    hero = soup(client.get(post.url)).select_one(".post__hero picture")

    source = hero.find("source")
    assert source["type"] == "image/webp"
    assert source["srcset"].count(" 400w") == 1 and " 1200w" in source["srcset"]
    img = hero.find("img")
    assert img["src"].endswith(".jpg")
    assert img["alt"] == "Team at work"
    assert img["width"] and img["height"]
    assert " 800w" in img["srcset"] and img.get("sizes")
    assert img.get("loading") is None


def test_hero_picture_follows_an_edited_focal_point_at_once(client, blog_index, wide_image):
    post = make_post(blog_index, title="Focused", hero_image=wide_image)
    renditions_made(post)
    card_srcset = soup(client.get("/blog/")).select_one(".card picture img")["srcset"]
    wide_image.set_focal_point(Rect(0, 0, 200, 200))
    wide_image.save()
    renditions_made(post)
    refreshed = soup(client.get("/blog/")).select_one(".card picture img")["srcset"]
    assert refreshed != card_srcset
    assert refreshed == soup(client.get("/blog/")).select_one(".card picture img")["srcset"]


def test_cards_show_an_edited_author_name_at_once(client, blog_index):
    author = AuthorFactory(name="Ann Before")
    make_post(blog_index, title="Renamed author", authors=[author])
    assert "By Ann Before" in main_text(client.get("/blog/"))
    author.name = "Ann After"
    author.save()
    text = main_text(client.get("/blog/"))
    assert "By Ann After" in text and "Ann Before" not in text


def test_cards_show_an_edited_post_title_at_once(client, blog_index):
    post = make_post(blog_index, title="Title before")
    assert card_titles(client.get("/blog/")) == ["Title before"]
    post.title = "Title after"
    post.save_revision().publish()
    assert card_titles(client.get("/blog/")) == ["Title after"]


def test_every_image_on_a_post_has_alt_text(client, blog_index, wide_image):
    author = AuthorFactory(name="Ann", avatar=ImageFactory())
    post = make_post(
        blog_index,
        hero_image=wide_image,
        authors=[author],
        body=[("image", {"image": wide_image, "alt": "A desk with a plan"})],
    )

    page = soup(client.get(post.url))

    images = page.find_all("img")
    assert len(images) >= 3
    assert all(img.has_attr("alt") for img in images)
    body_image = page.select_one(".block-image img")
    assert body_image["alt"] == "A desk with a plan"
    assert body_image["loading"] == "lazy"


def test_image_block_with_external_url_renders_plain_lazy_img(client, blog_index):
    post = make_post(
        blog_index,
        body=[("image", {"external_url": "https://cdn.example.com/a.png", "alt": "A chart"})],
    )

    img = soup(client.get(post.url)).select_one(".block-image img")

    assert img["src"] == "https://cdn.example.com/a.png"
    assert img["alt"] == "A chart"
    assert img["loading"] == "lazy"


def test_author_box_links_name_to_the_authors_own_link(client, blog_index):
    author = AuthorFactory(
        name="Ann Lee", link="https://ann.example.com/", description="Writes about calm work."
    )
    post = make_post(blog_index, authors=[author])

    box = soup(client.get(post.url)).select_one(".author-box")

    assert box.find("a", href="https://ann.example.com/").get_text() == "Ann Lee"
    assert "Writes about calm work." in box.get_text()


def test_author_box_links_to_author_page_when_author_has_no_link(client, blog_index):
    author = AuthorFactory(name="Bo Chen", slug="bo-chen", link="")
    post = make_post(blog_index, authors=[author])

    box = soup(client.get(post.url)).select_one(".author-box")

    assert box.find("a", href="/blog/author/bo-chen/").get_text() == "Bo Chen"


def test_notice_block_is_a_tinted_box(client, blog_index):
    post = make_post(
        blog_index,
        body=[("notice", {"style": "tip", "text": "<p>Read more on remote teams.</p>"})],
    )

    notice = soup(client.get(post.url)).select_one(".post__body .notice")

    assert "notice--tip" in notice["class"]
    assert notice.get_text(strip=True) == "Read more on remote teams."


def test_code_block_is_highlighted_on_the_server(client, blog_index):
    post = make_post(
        blog_index, body=[("code", {"language": "python", "code": "def plan():\n    pass\n"})]
    )

    code = soup(client.get(post.url)).select_one(".block-code .highlight")

    assert code.find("span", class_="k").get_text() == "def"


def test_table_block_renders_a_table_with_header(client, blog_index):
    table = {
        "data": [["Habit", "Hours"], ["Plan", "2"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Time saved",
    }
    post = make_post(blog_index, body=[("table", table)])

    rendered = soup(client.get(post.url)).select_one(".block-table table")

    assert [th.get_text(strip=True) for th in rendered.select("thead th")] == ["Habit", "Hours"]
    assert rendered.find("caption").get_text(strip=True) == "Time saved"


def test_embed_block_renders_the_cached_embed(client, blog_index):
    url = "https://www.youtube.com/watch?v=abc"
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc" title="A video"></iframe>',
        width=480,
        height=270,
    )
    post = make_post(blog_index, body=[("embed", {"embed": url, "caption": "Our demo"})])

    embed = soup(client.get(post.url)).select_one(".block-embed")

    assert embed.select_one(".embed--video iframe")["src"] == "https://www.youtube.com/embed/abc"
    assert embed.find("figcaption").get_text() == "Our demo"


def guests_only_body():
    return [
        ("paragraph", "<p>Intro.</p>"),
        (
            "call_to_action",
            {
                "heading": "Guests only offer",
                "button_label": "Try it",
                "url": "https://example.com/try",
                "audience": "guests",
            },
        ),
    ]


def test_guest_sees_guests_only_and_site_wide_calls_to_action(client, blog_index, guest_cta):
    post = make_post(blog_index, body=guests_only_body())

    response = client.get(post.url)

    banners = soup(response).select(".cta")
    assert [b.find("h2").get_text() for b in banners] == [
        "Guests only offer",
        "Join the site-wide club",
    ]
    button = banners[-1].find("a")
    assert button.get_text() == "Sign up today"
    assert client.get(button["href"])["Location"] == "https://example.com/sitewide"


def test_logged_in_user_sees_no_guest_call_to_action(client, blog_index, guest_cta, member_user):
    post = make_post(blog_index, body=guests_only_body())
    client.force_login(member_user)

    response = client.get(post.url)

    assert response.status_code == 200
    assert soup(response).select(".cta") == []
    assert "Intro." in main_text(response)


def test_member_cookie_hides_guest_call_to_action(client, blog_index, guest_cta):
    post = make_post(blog_index, body=guests_only_body())
    client.cookies[settings.FOLIO_MEMBER_COOKIE] = "1"

    response = client.get(post.url)

    assert soup(response).select(".cta") == []


def test_member_sees_members_only_call_to_action_and_guest_does_not(
    client, blog_index, member_user
):
    cta = {"heading": "Members corner", "url": "https://example.com/app", "audience": "members"}
    post = make_post(blog_index, body=[("call_to_action", cta)])

    as_guest = soup(client.get(post.url)).select(".cta")
    client.force_login(member_user)
    as_member = soup(client.get(post.url)).select(".cta")

    assert as_guest == []
    assert [banner.find("h2").get_text() for banner in as_member] == ["Members corner"]


def test_post_response_varies_on_cookie(client, blog_index):
    post = make_post(blog_index)

    response = client.get(post.url)

    assert "cookie" in response["Vary"].lower()


def test_related_articles_show_explicit_picks(client, blog_index):
    post = make_post(blog_index, title="Main post")
    picked = make_post(blog_index, title="Picked post")
    make_post(blog_index, title="Unrelated post")
    relate(post, picked)

    related = soup(client.get(post.url)).select_one(".related")

    assert related.find("h2").get_text() == "Related articles"
    assert [h.get_text(strip=True) for h in related.select(".card__title")] == ["Picked post"]


def test_related_articles_fall_back_to_posts_sharing_tags(client, blog_index):
    post = make_post(blog_index, title="Main post", tag_names=["focus", "teams"])
    make_post(blog_index, title="Shares one tag", tag_names=["focus"])
    make_post(blog_index, title="Shares two tags", tag_names=["focus", "teams"])
    make_post(blog_index, title="Shares none", tag_names=["other"])

    related = soup(client.get(post.url)).select_one(".related")

    titles = [h.get_text(strip=True) for h in related.select(".card__title")]
    assert titles == ["Shares two tags", "Shares one tag"]


def test_related_articles_section_is_absent_when_there_are_none(client, blog_index):
    post = make_post(blog_index, tag_names=["lonely"])

    response = client.get(post.url)

    assert response.status_code == 200
    assert soup(response).select(".related") == []
    assert "Related articles" not in response.content.decode()


def test_share_links_carry_the_url_encoded_post_url(client, blog_index):
    post = make_post(blog_index, title="Share me")

    links = [a["href"] for a in soup(client.get(post.url)).select(".share a")]

    encoded = "http%3A%2F%2Ftestserver%2Fblog%2Fshare-me%2F"
    assert len(links) == 3
    assert all(encoded in href for href in links)
    assert any(href.startswith("https://twitter.com/") for href in links)
    assert any(href.startswith("https://www.facebook.com/") for href in links)
    assert any(href.startswith("https://www.linkedin.com/") for href in links)


def test_tag_page_lists_tagged_posts(client, blog_index):
    make_post(blog_index, title="Tagged post", tag_names=["focus"])
    make_post(blog_index, title="Other post", tag_names=["else"])

    response = client.get("/blog/tag/focus/")

    assert response.status_code == 200
    assert soup(response).find("h1").get_text() == "Posts tagged “focus”"
    assert card_titles(response) == ["Tagged post"]


def test_category_page_shows_description_and_category_teasers(client, blog_index):
    category = CategoryFactory(
        name="Guides", slug="guides", description="<p>How to do <b>things</b>.</p>"
    )
    make_post(
        blog_index,
        title="A guide",
        categories=[category],
        index_intro="Long index intro.",
        category_intro="Short category teaser.",
    )
    make_post(blog_index, title="Not a guide")

    response = client.get("/blog/category/guides/")

    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text() == "Guides"
    assert page.select_one(".listing-header__intro b").get_text() == "things"
    assert card_titles(response) == ["A guide"]
    assert page.select_one(".card__intro").get_text() == "Short category teaser."


def test_author_page_shows_author_details_and_posts(client, blog_index):
    author = AuthorFactory(
        name="Ann Lee",
        slug="ann-lee",
        description="Writes about calm work.",
        link="https://ann.example.com/",
        avatar=ImageFactory(title="Ann's portrait"),
    )
    make_post(blog_index, title="By Ann", authors=[author])
    make_post(blog_index, title="By someone else")

    response = client.get("/blog/author/ann-lee/")

    assert response.status_code == 200
    header = soup(response).select_one(".listing-header")
    assert header.find("h1").get_text() == "Ann Lee"
    assert "Writes about calm work." in header.get_text()
    assert header.find("a", href="https://ann.example.com/") is not None
    assert header.find("img", class_="avatar") is not None
    assert card_titles(response) == ["By Ann"]


@pytest.mark.parametrize("kind", ["tag", "category", "author"])
def test_unknown_listing_slug_is_404(client, blog_index, kind):
    assert client.get(f"/blog/{kind}/no-such-thing/").status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "999", "0"])
def test_bad_page_number_is_404(client, blog_index, page_number):
    make_post(blog_index)

    assert client.get(f"/blog/?page={page_number}").status_code == 404


def test_index_paginates_fifteen_posts_per_page(client, blog_index):
    for n in range(16):
        make_post(blog_index, title=f"Post {n:02d}")

    first, second = client.get("/blog/"), client.get("/blog/?page=2")

    assert len(card_titles(first)) == 15
    assert card_titles(second) == ["Post 00"]
    first_nav, second_nav = (
        soup(first).select_one(".pagination"),
        soup(second).select_one(".pagination"),
    )
    assert first_nav.find("a", rel="next")["href"] == "/blog/?page=2"
    assert first_nav.find("a", rel="prev") is None
    assert second_nav.find("a", rel="prev")["href"] == "/blog/"
    assert second_nav.find("a", rel="next") is None


def test_single_page_listing_has_no_pagination(client, blog_index):
    make_post(blog_index)

    assert soup(client.get("/blog/")).select(".pagination") == []


def test_search_finds_posts_by_title_words(client, blog_index):
    make_post(blog_index, title="Recurring tasks explained")
    make_post(blog_index, title="Something else")

    response = client.get("/search/", {"q": "recurring"})

    assert response.status_code == 200
    page = soup(response)
    titles = [h.get_text(strip=True) for h in page.select(".search-result__title")]
    assert titles == ["Recurring tasks explained"]
    assert page.find("input", attrs={"name": "q"})["value"] == "recurring"


def test_search_without_results_says_so(client, blog_index):
    make_post(blog_index, title="Recurring tasks explained")

    response = client.get("/search/", {"q": "xylophone"})

    assert response.status_code == 200
    assert "No results for “xylophone”" in main_text(response)


def test_search_page_without_query_shows_the_form(client, blog_index):
    response = client.get("/search/")

    assert response.status_code == 200
    assert soup(response).find("form", role="search") is not None


def test_draft_post_is_404_and_on_no_public_page(client, blog_index):
    make_post(blog_index, title="Live post", tag_names=["shared"])
    draft = make_draft(blog_index, title="Secret draft", slug="secret-draft")
    draft.tags.add("shared")
    draft.save()

    assert client.get("/blog/secret-draft/").status_code == 404
    assert client.get("/blog/p/secret-draft.html").status_code == 404
    for url in ["/", "/blog/", "/blog/tag/shared/", "/search/?q=secret"]:
        assert "Secret draft" not in client.get(url).content.decode(), url


def test_private_post_is_not_served_to_anonymous_visitors(client, blog_index):
    post = make_private(
        make_post(
            blog_index,
            title="Private post",
            body=[("paragraph", "<p>Only for the chosen few.</p>")],
        )
    )

    response = client.get(post.url)

    assert "Only for the chosen few." not in response.content.decode()
    assert soup(response).find("input", attrs={"type": "password"}) is not None


def test_private_post_is_on_no_public_page(client, blog_index):
    make_post(blog_index, title="Public post", tag_names=["shared"])
    make_private(make_post(blog_index, title="Private post", tag_names=["shared"]))

    for url in ["/", "/blog/", "/blog/tag/shared/", "/search/?q=private"]:
        assert "Private post" not in client.get(url).content.decode(), url


def test_private_post_is_not_shown_as_an_explicit_related_article(client, blog_index):
    post = make_post(blog_index, title="Main post")
    private = make_private(make_post(blog_index, title="Private pick"))
    relate(post, private)

    assert "Private pick" not in client.get(post.url).content.decode()


def test_draft_is_not_shown_as_an_explicit_related_article(client, blog_index):
    post = make_post(blog_index, title="Main post")
    draft = make_draft(blog_index, title="Draft pick")
    relate(post, draft)

    response = client.get(post.url)

    assert response.status_code == 200
    assert "Draft pick" not in response.content.decode()


def test_legacy_post_url_redirects_permanently_to_the_post(client, blog_index):
    post = make_post(blog_index, title="Old permalink", slug="Old-Permalink")

    response = client.get("/blog/p/Old-Permalink.html")

    assert response.status_code == 301
    assert response["Location"] == post.url


def test_unknown_legacy_post_url_is_404(client, blog_index):
    assert client.get("/blog/p/never-existed.html").status_code == 404


def test_unknown_url_gets_the_friendly_404_page(client, blog_index):
    assert settings.DEBUG is False

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    page = soup(response)
    assert page.find("h1").get_text() == "We can’t find that page"
    assert page.find("form", role="search") is not None
    assert page.find("main").find("a", href="/") is not None


def test_stylesheets_stay_small():
    css_dir = settings.BASE_DIR / "static" / "css"

    assert sum(path.stat().st_size for path in css_dir.glob("*.css")) < 30_000


def test_server_error_page_renders_without_any_context():
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert 'rel="stylesheet"' in html
    assert "<script" not in html and "style=" not in html


@pytest.mark.parametrize("url", ["/", "/blog/", "POST", "/search/?q=plan"])
def test_pages_have_landmarks_skip_link_and_one_h1(client, blog_index, url):
    post = make_post(blog_index, title="Plan well", tag_names=["plan"])
    response = client.get(post.url if url == "POST" else url)

    page = soup(response)
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main" and page.find("main", id="main") is not None
    assert page.find("header") is not None and page.find("footer") is not None
    assert page.find("nav", attrs={"aria-label": "Main"}) is not None
    assert len(page.find_all("h1")) == 1
    assert page.find("html")["lang"] == "en"


@pytest.mark.parametrize("url", ["/", "/blog/", "POST", "/search/?q=plan", "/blog/tag/plan/"])
def test_pages_have_no_inline_scripts_styles_or_handlers(client, blog_index, url, wide_image):
    post = make_post(blog_index, title="Plan well", tag_names=["plan"], hero_image=wide_image)
    response = client.get(post.url if url == "POST" else url)

    page = soup(response)
    scripts = page.find_all("script")
    # JSON-LD data, and files of the site's own (the analytics script): nothing inline.
    assert all(
        s.get("type") == "application/ld+json" or (s.get("src") and not s.string) for s in scripts
    )
    assert page.find_all(style=True) == [] and page.find_all("style") == []
    for tag in page.find_all(True):
        assert not [attr for attr in tag.attrs if attr.startswith("on")], tag.name
