"""The blog-wide guest call to action reaches API clients (issue #16).

The post page shows guests the call to action of Settings → Blog after the post (whatever
calls to action its body has). API v2's ``html`` for a guest ends with it, in the page's
markup with absolute URLs, and a member's has none; API v3's post detail gives it as
``guest_call_to_action`` in ``/api/v2/site/``'s shape (v3 has no ``html`` and no
audience: the client shows it to its guests). The page cache (on in tests) keeps guests'
and members' answers apart.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.api.rendered import absolute_urls_in_html
from blog.audience import Audience
from blog.site_settings import BlogSettings
from tests.api_fixtures import API, get_json, list_posts, post_detail
from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory
from tests.page_fixtures import guest_cta_fixture, renditions_made, site_settings  # noqa: F401
from tests.test_openapi_v2 import DOCS

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def soup(html):
    return BeautifulSoup(html, "html.parser")


def page_footer_cta(client, post):
    """The blog-wide call to action's markup on the post page, as a guest sees it, with
    its URLs made absolute (as the API gives every URL)."""
    response = client.get(post.url)
    assert response.status_code == 200
    footer = soup(response.content).find("footer", class_="post__footer")
    (cta,) = footer.find_all(class_=["cta", "cta-image"])
    return str(soup(absolute_urls_in_html(str(cta), HOST)))


def ctas_in(html):
    return [str(tag) for tag in soup(html).find_all(class_=["cta", "cta-image"])]


def html_for(client, post, **params):
    return post_detail(client, post, fields="html", **params)["html"]


@pytest.fixture(name="post")
def post_fixture(blog_index):
    return BlogPageFactory(parent=blog_index, body=[("paragraph", "<p>The post itself.</p>")])


def test_a_guests_html_ends_with_the_blog_wide_call_to_action_as_the_page_shows_it(
    client, post, guest_cta
):
    on_the_page = page_footer_cta(client, post)
    html = html_for(client, post, audience="guest")
    assert ctas_in(html) == [on_the_page]
    assert soup(html).find_all(True)[-1] in soup(html).find(class_="cta").descendants
    assert f'href="{HOST}/go/' in on_the_page  # its button counts clicks, as on the page


def test_html_without_an_audience_is_a_guests_and_has_it(client, post, guest_cta):
    assert html_for(client, post) == html_for(client, post, audience="guest")
    assert guest_cta.heading in html_for(client, post)


def test_a_members_html_has_no_blog_wide_call_to_action(client, post, guest_cta):
    html = html_for(client, post, audience="member")
    assert ctas_in(html) == []
    assert guest_cta.heading not in html


def test_a_body_with_its_own_guests_call_to_action_keeps_the_blog_wide_one_as_the_page_does(
    client, blog_index, guest_cta
):
    own = CallToActionFactory(heading="This post's own offer", audience=Audience.GUESTS)
    post = BlogPageFactory(parent=blog_index, body=[("call_to_action", {"snippet": own})])
    page = soup(client.get(post.url).content)
    shown_on_the_page = [tag.get_text(" ", strip=True) for tag in page.select(".post .cta")]
    html = html_for(client, post, audience="guest")
    assert [tag.get_text(" ", strip=True) for tag in soup(html).select(".cta")] == (
        shown_on_the_page
    )
    assert [own.heading in shown_on_the_page[0], guest_cta.heading in shown_on_the_page[1]] == [
        True,
        True,
    ]


def test_an_unpublished_blog_wide_call_to_action_is_in_no_html(client, post):
    settings = site_settings()
    settings.default_guest_call_to_action = CallToActionFactory(heading="Not yet", live=False)
    settings.save()
    assert ctas_in(html_for(client, post, audience="guest")) == []


def test_without_a_blog_wide_call_to_action_a_guests_html_is_the_body_alone(client, post):
    assert ctas_in(html_for(client, post, audience="guest")) == []


def test_each_post_of_a_listing_has_it_with_its_own_click_link(client, blog_index, guest_cta):
    posts = [BlogPageFactory(parent=blog_index) for _ in range(2)]
    items = list_posts(client, fields="html", audience="guest")["items"]
    assert len(items) == 2
    for item in items:
        assert guest_cta.heading in item["html"]
        assert f"/{item['id']}/" in soup(item["html"]).select_one(".cta a")["href"]
    assert {item["id"] for item in items} == {post.pk for post in posts}


def test_reading_the_guest_call_to_action_never_writes_the_blog_settings(client, post):
    """Creating missing settings would be a content change that retires every cached page."""
    BlogSettings.objects.all().delete()
    assert ctas_in(html_for(client, post, audience="guest")) == []
    assert get_json(client, f"/api/v3/pages/{post.pk}/")["guest_call_to_action"] is None
    assert get_json(client, f"{API}/site/")["guest_call_to_action"] is None
    assert not BlogSettings.objects.exists()


def test_plaintext_stays_the_body_alone(client, post, guest_cta):
    plaintext = post_detail(client, post, fields="plaintext", audience="guest")["plaintext"]
    assert plaintext == "The post itself."


def test_guests_and_members_answers_are_cached_apart(client, post, guest_cta):
    url = f"{API}/pages/{post.pk}/?fields=html&audience="
    answers = {}
    for _ in range(2):  # the second round is answered from the page cache
        for audience in ("guest", "member"):
            response = client.get(url + audience)
            assert response.status_code == 200
            answers.setdefault(audience, []).append(response)
    for audience, (first, second) in answers.items():
        assert second["X-Folio-Cache"] == "hit", audience
        assert second.content == first.content and second["ETag"] == first["ETag"]
    guest, member = answers["guest"][1], answers["member"][1]
    assert guest_cta.heading in guest.json()["html"]
    assert guest_cta.heading not in member.json()["html"]
    assert guest["ETag"] != member["ETag"]


def test_a_change_of_the_blog_wide_call_to_action_reaches_cached_answers(client, post, guest_cta):
    assert guest_cta.heading in html_for(client, post)
    settings = site_settings()
    settings.default_guest_call_to_action = CallToActionFactory(heading="A new offer")
    settings.save()
    html = html_for(client, post)
    assert "A new offer" in html and guest_cta.heading not in html


# --- API v3 --------------------------------------------------------------------------------


def v3_detail(client, post, **params):
    return get_json(client, f"/api/v3/pages/{post.pk}/", **params)


def test_a_v3_post_gives_the_blog_wide_call_to_action_as_the_site_endpoint_does(
    client, post, guest_cta
):
    site = get_json(client, f"{API}/site/")
    detail = v3_detail(client, post)
    assert detail["guest_call_to_action"] == site["guest_call_to_action"]
    assert detail["guest_call_to_action"]["heading"] == guest_cta.heading


def test_a_v3_post_without_one_gives_null(client, post):
    assert v3_detail(client, post)["guest_call_to_action"] is None


def test_v3_fields_can_ask_for_it_alone(client, post, guest_cta):
    detail = v3_detail(client, post, fields="_,guest_call_to_action")
    assert set(detail) == {"id", "meta", "guest_call_to_action"}
    assert "guest_call_to_action" not in v3_detail(client, post, fields="-guest_call_to_action")


def test_v3_pages_of_other_types_do_not_have_it(client, post, guest_cta):
    assert "guest_call_to_action" not in v3_detail(client, post.get_parent())


def test_the_v3_document_declares_it_for_posts(client):
    document = get_json(client, "/api/v3/openapi.json")
    prop = document["components"]["schemas"]["BlogPageSchema"]["properties"]
    assert prop["guest_call_to_action"]["anyOf"][1] == {"type": "null"}


def html_listing_queries(client, limit):
    url = f"{API}/pages/?type=blog.BlogPage&fields=html&audience=guest&limit={limit}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert all("With a picture" in item["html"] for item in response.json()["items"])
    return len(captured.captured_queries)


def test_the_blog_wide_call_to_action_costs_the_same_queries_for_more_posts(client, blog_index):
    cta = CallToActionFactory(heading="With a picture", image=ImageFactory())
    settings = site_settings()
    settings.default_guest_call_to_action = cta
    settings.save()
    posts = [BlogPageFactory(parent=blog_index) for _ in range(6)]
    renditions_made(*posts)
    html_listing_queries(client, 1)  # the site and the posts' count, found once
    assert html_listing_queries(client, 6) == html_listing_queries(client, 2)


# --- the docs' examples, on the demo ---------------------------------------------------------

DOCS_HTML_EXAMPLE = "/api/v2/pages/slug/work-life-integration/?fields=_,html&audience=guest"


def test_the_docs_guest_html_example_answers_on_the_demo(client):
    assert f"'http://127.0.0.1:8000{DOCS_HTML_EXAMPLE}'" in DOCS.read_text(encoding="utf-8")
    call_command("load_demo", stdout=io.StringIO())
    settings = site_settings()
    settings.default_guest_call_to_action = CallToActionFactory(heading="Try it free")
    settings.save()
    data = get_json(client, DOCS_HTML_EXAMPLE)
    assert set(data) == {"html"}
    (cta,) = soup(data["html"]).select("section.cta")
    assert cta["aria-label"] == "Try it free"
    assert cta.select_one("a.button")["href"].startswith("http://testserver/go/")
