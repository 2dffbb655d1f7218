"""Who sees a call to action (issue #15, bug 1), in the editor's words: when a saved call
to action (a snippet) is chosen, the snippet decides who sees it, and what it says; the
block's own fields, its audience too, count only when no snippet is chosen.

Every combination of snippet/inline × everyone/guests/members is read by a guest and a
member, on the page (cached pages on, as in production) and in the API v2.
"""

import pytest
from django.test import Client

from tests.api_fixtures import post_detail
from tests.factories import BlogPageFactory, CallToActionFactory

pytestmark = pytest.mark.django_db

MEMBER_COOKIE = {"folio_member": "1"}
# The block's own audience, deliberately the opposite of the snippet's: the snippet wins.
OTHER_AUDIENCE = {"everyone": "members", "guests": "members", "members": "guests"}
SEES = {
    "everyone": {"guest": True, "member": True},
    "guests": {"guest": True, "member": False},
    "members": {"guest": False, "member": True},
}
COMBINATIONS = [
    (source, audience, visitor)
    for source in ("snippet", "inline")
    for audience in ("everyone", "guests", "members")
    for visitor in ("guest", "member")
]


def post_with_cta(blog_index, source, audience):
    heading = f"{source} CTA for {audience}"
    if source == "snippet":
        snippet = CallToActionFactory(heading=heading, audience=audience)
        value = {"snippet": snippet, "audience": OTHER_AUDIENCE[audience]}
    else:
        value = {"heading": heading, "url": "https://example.com/signup", "audience": audience}
    post = BlogPageFactory(parent=blog_index, body=[("call_to_action", value)])
    return post, heading


def page_as(visitor, post):
    client = Client()
    if visitor == "member":
        client.cookies.load(MEMBER_COOKIE)
    # Twice: the second answer comes from the page cache, kept per audience.
    first = client.get(post.url).content.decode()
    second = client.get(post.url).content.decode()
    assert first == second
    return second


@pytest.mark.parametrize("source, audience, visitor", COMBINATIONS)
def test_call_to_action_on_the_page_follows_the_snippet_else_the_block(
    blog_index, source, audience, visitor
):
    post, heading = post_with_cta(blog_index, source, audience)

    assert (heading in page_as(visitor, post)) is SEES[audience][visitor]


@pytest.mark.parametrize("source, audience, visitor", COMBINATIONS)
def test_call_to_action_in_the_api_follows_the_snippet_else_the_block(
    client, blog_index, source, audience, visitor
):
    post, heading = post_with_cta(blog_index, source, audience)

    body = post_detail(client, post, audience=visitor)["body"]

    ctas = [block["value"] for block in body if block["type"] == "call_to_action"]
    assert bool(ctas) is SEES[audience][visitor]
    if ctas:
        assert ctas[0]["heading"] == heading
        assert ctas[0]["audience"] == audience


@pytest.mark.parametrize("audience", ["everyone", "guests", "members"])
def test_api_without_audience_says_who_the_snippet_is_for(client, blog_index, audience):
    post, _ = post_with_cta(blog_index, "snippet", audience)

    (cta,) = post_detail(client, post)["body"]

    assert cta["value"]["audience"] == audience
