"""The seed post, imported by `load_demo` as on a fresh `make run`, read as a reader sees it."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command

from blog.models import BlogPage

pytestmark = pytest.mark.django_db

POST_URL = "/blog/work-life-integration/"
SIGNUP_URL = "https://bit.ly/38mUj9f"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return BlogPage.objects.get(slug="work-life-integration")


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_reader_sees_title_date_and_category_link(client, demo):
    soup = soup_of(client.get(POST_URL))
    assert soup.h1.get_text(strip=True) == (
        "Work-Life Balance is so Yesterday, Now We Need Work-Life Integration"
    )
    assert soup.find("time")["datetime"].startswith("2021-08-10T11:58:07")
    category = soup.select_one(".meta__category")
    assert category.get_text(strip=True) == "Productivity-tips"
    assert client.get(category["href"]).status_code == 200


def test_reader_sees_the_author_card(client, demo):
    card = soup_of(client.get(POST_URL)).select_one(".author-box")
    assert card.select_one(".author-box__name a")["href"] == "https://medium.com/quire-you"
    assert "Quire Marketing Team" in card.get_text()
    assert "Make Your Teams Succeed." in card.get_text()
    assert card.find("img")["alt"] is not None


def test_reader_sees_each_tag_once_linking_to_its_page(client, demo):
    tags = [a.get_text(strip=True) for a in soup_of(client.get(POST_URL)).select("a.tag")]
    assert len(tags) == len(set(tags)) == 28  # 31 in the front matter, 3 repeated
    assert "work-life-balance" in tags
    assert client.get("/blog/tag/work-life-balance/").status_code == 200


def test_reader_sees_the_notice_with_its_link(client, demo):
    notice = soup_of(client.get(POST_URL)).select_one(".notice")
    assert notice.find("a")["href"] == "https://quire.io/blog/p/remote-team-advice.html"


def test_guest_sees_the_signup_banner(client, demo):
    soup = soup_of(client.get(POST_URL))
    # The source's banner is its sign-up picture, a link (demo/jekyll/images/).
    link = soup.select_one(".cta-image a")
    assert link.img["alt"] == "Project management software"
    assert client.get(link["href"])["Location"] == SIGNUP_URL  # through /go/ (analytics)


def test_member_cookie_hides_the_signup_banner(client, demo):
    client.cookies["folio_member"] = "1"
    response = client.get(POST_URL)
    assert soup_of(response).select(".cta, .cta-image") == []
    assert "Cookie" in response["Vary"]


def test_logged_in_user_does_not_see_the_signup_banner(client, demo):
    client.force_login(User.objects.create_user("product-user"))
    assert soup_of(client.get(POST_URL)).select(".cta, .cta-image") == []


def test_unresolved_related_titles_break_nothing(client, demo):
    assert len(demo.unresolved_related_titles) == 3
    soup = soup_of(client.get(POST_URL))
    for card in soup.select(".related a"):
        assert card["href"].startswith("/blog/")
    assert "None" not in soup.get_text()


def test_no_broken_images(client, demo):
    for img in soup_of(client.get(POST_URL)).find_all("img"):
        assert img.get("src"), img
        assert img.get("alt") is not None, img


def test_post_is_on_the_index_home_feed_and_sitemap(client, demo):
    title = "Work-Life Balance is so Yesterday"
    for url in ("/", "/blog/", "/blog/feed/", "/blog/feed.xml", "/blog/feed/atom/"):
        assert title in client.get(url).content.decode(), url
    assert POST_URL in client.get("/sitemap.xml").content.decode()


def test_legacy_permalink_answers_301(client, demo):
    response = client.get("/blog/p/work-life-integration.html")
    assert response.status_code == 301
    assert response["Location"].endswith(POST_URL)


def test_load_demo_twice_changes_nothing(demo):
    revisions = demo.revisions.count()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "1 unchanged" in output.getvalue()
    assert BlogPage.objects.count() == 1
    assert demo.revisions.count() == revisions
