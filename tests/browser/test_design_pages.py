"""The finished public design in a real browser: screenshots at 375, 768 and 1280 px (in
test-artifacts/), the web fonts served by Folio itself, nothing wider than the screen, and
a branded site still free of serious accessibility violations."""

from urllib.parse import urlsplit

import pytest

from tests.brand_fixtures import brand_settings, link
from tests.browser.test_accessibility import AXE, blocking_violations
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory, ImageFactory
from tests.page_fixtures import publish, renditions_made

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (375, 768, 1280)


@pytest.fixture
def designed_blog(live_blog):
    """A branded blog: a featured post with a hero image, posts without one, an author
    with an avatar, footer words, links and profiles."""
    brand_settings(
        site_name="Acme Journal",
        accent_colour="#1d4ed8",
        footer_text="Acme makes calendars for small teams.",
        footer_links=[
            link("Product", "https://acme.example/"),
            link("Careers", "https://acme.example/jobs"),
        ],
        social_profiles=[
            ("profile", {"network": "linkedin", "url": "https://linkedin.com/company/acme"}),
            ("profile", {"network": "github", "url": "https://github.com/acme"}),
        ],
    )
    avatar = ImageFactory(title="Ada", file__width=400, file__height=400, file__filename="ada.jpg")
    author = AuthorFactory(
        name="Ada Writer", slug="ada", avatar=avatar, description="Writes about focus."
    )
    category = CategoryFactory(name="Productivity", slug="productivity")
    hero = ImageFactory(title="Desk", file__width=1600, file__height=900, file__filename="desk.jpg")
    posts = [
        publish(BlogPageFactory(parent=live_blog, title=f"Notes from week {n}", slug=f"week-{n}",
                                index_intro="What we learned, in five minutes.",
                                authors=[author], categories=[category]))
        for n in range(1, 4)
    ]  # fmt: skip
    lead = publish(
        BlogPageFactory(
            parent=live_blog,
            title="Deep work in small teams",
            slug="deep-work",
            index_intro="How small teams protect their focus.",
            hero_image=hero,
            featured=True,
            authors=[author],
            categories=[category],
            body=[
                (
                    "paragraph",
                    "<p>Focus is a team sport: meetings eat the day, so we made rules.</p>",
                ),
                (
                    "image",
                    {
                        "image": hero,
                        "alt": "A tidy desk",
                        "caption": "Where the work happens",
                        "size": "wide",
                    },
                ),
                ("paragraph", "<p>Every team gets two mornings a week without meetings.</p>"),
            ],
        )
    )
    renditions_made(lead, *posts)
    return lead


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_blog_and_a_post(page, live_server, designed_blog, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (("index", "/blog/"), ("post", "/blog/deep-work/")):
        page.goto(live_server.url + path)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(artifacts / f"design-{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") == width, (name, width)


def test_the_web_fonts_come_from_the_site_itself(page, live_server, designed_blog):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(live_server.url + "/blog/deep-work/")
    page.evaluate("document.fonts.ready")

    assert page.evaluate("document.fonts.check('16px Inter')")
    assert page.evaluate("document.fonts.check('16px \"Source Serif 4\"')")
    assert page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family).sort()"
    ) == ["Inter", "Source Serif 4"]
    assert hosts == {urlsplit(live_server.url).netloc}


def test_the_brand_shows_in_header_and_footer(page, live_server, designed_blog):
    page.goto(live_server.url + "/blog/")

    assert page.locator(".site-header .brand").inner_text() == "Acme Journal"
    footer = page.locator(".site-footer")
    assert "Acme makes calendars for small teams." in footer.inner_text()
    assert (
        footer.get_by_role("link", name="Careers").get_attribute("href")
        == "https://acme.example/jobs"
    )
    accent = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--accent')"
    )
    assert accent.strip() == "#1d4ed8"


def test_a_featured_post_is_highlighted_and_cards_without_a_picture_name_their_category(
    page, live_server, designed_blog
):
    page.goto(live_server.url + "/blog/")

    featured = page.locator(".card--featured")
    assert featured.count() == 1
    assert featured.locator(".card__badge").inner_text().lower() == "featured"
    assert page.locator(".card__placeholder").first.inner_text().upper() == "PRODUCTIVITY"


def test_the_byline_shows_the_authors_avatar(page, live_server, designed_blog):
    page.goto(live_server.url + "/blog/deep-work/")

    avatar = page.locator(".post__byline .avatar").first
    assert avatar.bounding_box()["width"] == pytest.approx(40, abs=1)


@pytest.mark.parametrize("path", ["/blog/", "/blog/deep-work/"])
def test_a_branded_site_has_no_serious_accessibility_violation(
    unguarded_page, live_server, designed_blog, path
):
    if not AXE.exists():
        pytest.skip(f"accessibility tests need axe-core at {AXE}")
    unguarded_page.goto(live_server.url + path)

    violations = blocking_violations(unguarded_page)

    assert violations == [], "\n".join(violations)


def test_printing_a_post_leaves_out_the_site_around_it(page, live_server, designed_blog):
    page.goto(live_server.url + "/blog/deep-work/")
    page.emulate_media(media="print")

    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".share").is_hidden()
    assert page.locator(".post__body").is_visible()
