"""Cached parts of a post page (ops/fragment_cache.py): same HTML, fewer queries, never stale."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from blog.site_settings import BlogSettings
from ops.page_cache import current_generation, invalidate_page_cache
from tests.admin_forms import post_form_data
from tests.factories import AuthorFactory, BlogPageFactory, CallToActionFactory
from tests.page_fixtures import make_post, make_private, relate

pytestmark = pytest.mark.django_db

# A warm post page needs no query at all: the site, the route to the post (index, then
# post), the post's authors, categories and tags, its body and the related cards come
# cached until the next content change.
WARM_POST_BUDGET = 0


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FOLIO_FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post_with_related(blog_index):
    cta = CallToActionFactory(heading="Try the product", audience="guests")
    others = [make_post(blog_index, title=f"Neighbour {n}") for n in range(3)]
    post = make_post(
        blog_index,
        title="Main post",
        body=[
            ("paragraph", "<p>Body text for everyone.</p>"),
            ("call_to_action", {"snippet": cta, "audience": "guests"}),
            ("call_to_action", {"url": "https://example.com/upgrade", "audience": "members",
                                "heading": "Members corner"}),
        ],
    )  # fmt: skip
    relate(post, *others)
    # As on a site set up by `setup_site`: its settings row exists (a first request would
    # create it, a change that retires every cached part).
    BlogSettings.for_site(Site.objects.get(is_default_site=True))
    invalidate_page_cache("picks added outside the editor")
    return post


def html(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]+"', "", response.content.decode())


def test_cached_post_page_is_the_same_html_as_a_fresh_one(client, settings, post_with_related):
    first = html(client, post_with_related.url)
    cached = html(client, post_with_related.url)
    settings.FOLIO_FRAGMENT_CACHE = False
    assert first == cached == html(client, post_with_related.url)
    assert "Neighbour 0" in cached and "Body text for everyone." in cached


def test_warm_post_page_skips_the_body_and_related_queries(client, post_with_related):
    html(client, post_with_related.url)
    with CaptureQueriesContext(connection) as queries:
        html(client, post_with_related.url)
    assert len(queries) <= WARM_POST_BUDGET
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]
    assert not [q for q in queries if "blog_calltoaction" in q["sql"]]


def test_guests_and_members_get_their_own_cached_body(client, post_with_related):
    html(client, post_with_related.url)  # guest's copy cached first
    member = html(client, post_with_related.url, HTTP_COOKIE="folio_member=1")
    guest = html(client, post_with_related.url)
    assert "Members corner" in member and "Try the product" not in member
    assert "Try the product" in guest and "Members corner" not in guest


def test_publishing_a_post_shows_its_new_body_at_once(client, post_with_related):
    html(client, post_with_related.url)
    post_with_related.body = [("paragraph", "<p>Rewritten body.</p>")]
    post_with_related.save_revision().publish()
    assert "Rewritten body." in html(client, post_with_related.url)


def test_editing_a_snippet_refreshes_the_cached_bodies_showing_it(client, post_with_related):
    assert "Try the product" in html(client, post_with_related.url)
    cta = post_with_related.body[1].value["snippet"]
    cta.heading = "Start a free trial"
    cta.save()
    page = html(client, post_with_related.url)
    assert "Start a free trial" in page and "Try the product" not in page


def test_renaming_an_author_refreshes_the_byline(client, blog_index):
    author = AuthorFactory(name="Ada Early")
    post = make_post(blog_index, title="Bylined", authors=[author], tag_names=["ops"])
    assert "Ada Early" in html(client, post.url)
    author.name = "Ada Later"
    author.save()
    page = html(client, post.url)
    assert "Ada Later" in page and "Ada Early" not in page


def test_retitling_a_related_post_refreshes_the_cards_of_posts_showing_it(
    client, post_with_related, blog_index
):
    assert "Neighbour 0" in html(client, post_with_related.url)
    neighbour = blog_index.get_children().get(title="Neighbour 0").specific
    neighbour.title = "Renamed neighbour"
    neighbour.save_revision().publish()
    page = html(client, post_with_related.url)
    assert "Renamed neighbour" in page and ">Neighbour 0<" not in page


def test_unpublishing_a_related_post_drops_its_card(client, post_with_related, blog_index):
    html(client, post_with_related.url)
    blog_index.get_children().get(title="Neighbour 1").specific.unpublish()
    assert "Neighbour 1" not in html(client, post_with_related.url)


def test_preview_of_a_draft_never_shows_the_cached_live_body(client, post_with_related):
    html(client, post_with_related.url)  # live body cached
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    client.force_login(editor)
    url = f"/admin/pages/{post_with_related.pk}/edit/preview/"
    data = post_form_data(post_with_related, title="Main post", body_html="<p>Draft words.</p>")
    assert client.post(url, data).json()["is_valid"]
    preview = html(client, url, data={"in_preview_panel": "true"})
    assert "Draft words." in preview and "Body text for everyone." not in preview
    client.logout()
    assert "Body text for everyone." in html(client, post_with_related.url)


def test_making_a_post_private_asks_for_its_password_at_once(client, post_with_related):
    assert "Body text for everyone." in html(client, post_with_related.url)
    make_private(post_with_related, password="secret")
    response = client.get(post_with_related.url)
    assert "Body text for everyone." not in response.content.decode()
    assert b'name="password"' in response.content


def test_a_moved_post_is_found_at_its_new_address_only(client, post_with_related, blog_index):
    old_url = post_with_related.url
    html(client, old_url)
    post_with_related.slug = "main-post-moved"
    post_with_related.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert "Body text for everyone." in html(client, "/blog/main-post-moved/")


def test_site_is_found_again_after_a_site_changes(client, post_with_related):
    html(client, post_with_related.url)
    Site.objects.filter(is_default_site=True).update(site_name="Renamed")  # no signal
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed blog"
    site.save()  # the signal retires the cached lookup
    assert "Renamed blog" in html(client, "/blog/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_change_inside_a_transaction_retires_cached_parts_again_at_commit(blog_index):
    before = current_generation()
    with transaction.atomic():
        BlogPageFactory(parent=blog_index, title="Saved in a transaction")
        BlogPageFactory(parent=blog_index, title="Saved in the same transaction")
        during = current_generation()
    assert during > before
    # A reader's request before the commit may have cached the old content under
    # ``during``: the commit retires it, with one more bump however many changes.
    assert current_generation() == during + 1
