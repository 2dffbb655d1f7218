"""Counting works with the page cache: a cached page stays the same bytes for every reader
of its URL and audience, with the script and what it reads (data attributes the server
rendered), and counting never changes or retires it."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.analytics_fixtures import (
    BROWSER,
    PHONE,
    SIGNUP,
    click_links,
    cta_counts,
    cta_post_fixture,  # noqa: F401
    flushed,
    own_buffer_fixture,  # noqa: F401
    snippet_key,
    view,
    views_of,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script src="/static/js/analytics.js" defer></script>'


def attributes(html):
    return dict(re.findall(r'data-analytics-(page|audience|beacon)="([^"]*)"', html))


def test_a_cached_post_is_the_same_bytes_for_every_guest(cta_post):
    first = Client(REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT=BROWSER).get(cta_post.url)
    second = Client(REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT=PHONE).get(cta_post.url)
    assert (first["X-Folio-Cache"], second["X-Folio-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    html = first.content.decode()
    assert SCRIPT in html
    assert attributes(html) == {
        "page": str(cta_post.pk),
        "audience": "guest",
        "beacon": "/analytics/beacon",
    }


def test_counting_neither_changes_nor_retires_the_cached_copy(client, cta_post):
    before = client.get(cta_post.url, HTTP_USER_AGENT=BROWSER)
    view(client, cta_post, referrer="https://www.google.com/")
    click_links(client, before)
    flushed()
    after = client.get(cta_post.url, HTTP_USER_AGENT=BROWSER)
    assert after["X-Folio-Cache"] == "hit"
    assert after.content == before.content
    assert views_of(cta_post) == 1
    assert cta_counts(cta_post, snippet_key(cta_post.snippet_cta)) == (0, 1)


def test_members_get_their_own_copy_that_says_member(client, cta_post):
    client.get(cta_post.url)
    client.cookies["folio_member"] = "1"
    member = client.get(cta_post.url)
    assert member["X-Folio-Cache"] == "miss"
    assert attributes(member.content.decode())["audience"] == "member"
    assert f"/go/{snippet_key(cta_post.snippet_cta)}/" not in member.content.decode()


def test_the_script_is_one_of_the_sites_own_files(client, cta_post):
    page = client.get(cta_post.url)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "connect-src 'self'" in page["Content-Security-Policy"]
    script = client.get("/static/js/analytics.js")
    assert script.status_code == 200
    body = b"".join(script.streaming_content).decode()
    assert "navigator.sendBeacon" in body
    assert "cookie" not in body.replace("no cookies", "").lower()
    assert "localStorage" not in body and "sessionStorage" not in body


def test_editors_pages_carry_no_script(admin_client, cta_post):
    html = admin_client.get(cta_post.url).content.decode()
    assert SCRIPT not in html
    assert attributes(html) == {}


def test_a_listing_under_the_index_is_not_a_view_of_the_index(client, blog_index, cta_post):
    assert attributes(client.get("/blog/").content.decode())["page"] == str(blog_index.pk)
    cta_post.tags.add("planning")
    cta_post.save_revision().publish()
    assert attributes(client.get("/blog/tag/planning/").content.decode()) == {}


def test_analytics_off_leaves_pages_without_script_and_links_direct(client, cta_post, settings):
    settings.FOLIO_ANALYTICS = False
    html = client.get(cta_post.url).content.decode()
    assert SCRIPT not in html and attributes(html) == {}
    assert f'href="{SIGNUP}"' in html
    assert "/go/" not in html


def test_a_preview_counts_nothing_and_links_direct(client, cta_post):
    writer = User.objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name="Marketing writers"))
    client.force_login(writer)
    url = f"/admin/pages/{cta_post.pk}/edit/preview/"
    # The snippet decides its audience (guests): previewed "as a guest" (the writer
    # previewing is signed in, a member otherwise).
    snippet_banner = {"snippet": str(cta_post.snippet_cta.pk), "audience": "everyone"}
    edited_banner = {
        "snippet": "",
        "heading": "Draft offer",
        "text": rich_text("<p>New</p>"),
        "image": "",
        "image_alt": "",
        "button_label": "Claim",
        "url": "https://example.com/draft-offer",
        "audience": "everyone",
    }
    empty = {
        f"{relation}-{count}": "0"
        for relation in ("post_authors", "post_categories", "related_post_links", "comments")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data = nested_form_data(
        {
            "title": cta_post.title,
            "slug": cta_post.slug,
            "date": "2021-08-10 11:58",
            "index_intro": "Intro",
            "category_intro": "",
            "body": streamfield(
                [("call_to_action", snippet_banner), ("call_to_action", edited_banner)]
            ),
            **empty,
        }
    )
    # The live post's blocks, being edited (the form keeps their ids).
    data["body-0-id"] = cta_post.body[1].id
    data["body-1-id"] = cta_post.inline_block_id
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url, {"in_preview_panel": "true", "mode": "guest"}).content.decode()
    assert "Draft offer" in html
    assert f'href="{SIGNUP}"' in html
    assert 'href="https://example.com/draft-offer"' in html
    assert SCRIPT not in html and "/go/" not in html and attributes(html) == {}
