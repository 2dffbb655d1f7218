"""Who counts as a member, and which blocks each audience sees."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory, override_settings

from blog.audience import GUEST, MEMBER, is_shown_to, visitor_audience
from tests.factories import BlogPageFactory, CallToActionFactory


def request_with(cookies=None, user=None):
    request = RequestFactory().get("/blog/")
    request.COOKIES.update(cookies or {})
    request.user = user or AnonymousUser()
    return request


def test_anonymous_visitor_is_a_guest():
    assert visitor_audience(request_with()) == GUEST


def test_member_cookie_makes_a_member():
    assert visitor_audience(request_with({"folio_member": "1"})) == MEMBER


def test_empty_member_cookie_does_not_count():
    assert visitor_audience(request_with({"folio_member": ""})) == GUEST


@override_settings(FOLIO_MEMBER_COOKIE="product_session")
def test_member_cookie_name_comes_from_settings():
    assert visitor_audience(request_with({"product_session": "abc"})) == MEMBER
    assert visitor_audience(request_with({"folio_member": "1"})) == GUEST


@pytest.mark.django_db
def test_logged_in_user_is_a_member():
    user = User.objects.create_user("reader")
    assert visitor_audience(request_with(user=user)) == MEMBER


@pytest.mark.parametrize(
    "block_audience, guest_sees, member_sees",
    [
        ("everyone", True, True),
        ("guests", True, False),
        ("members", False, True),
        (None, True, True),
    ],
)
def test_block_visibility_by_audience(block_audience, guest_sees, member_sees):
    assert is_shown_to(block_audience, GUEST) is guest_sees
    assert is_shown_to(block_audience, MEMBER) is member_sees


@pytest.mark.django_db
def test_body_blocks_for_drops_guest_cta_for_members(blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            ("paragraph", "<p>Hello</p>"),
            ("call_to_action", {"url": "https://example.com/signup", "audience": "guests"}),
            ("call_to_action", {"url": "https://example.com/new", "audience": "members"}),
        ],
    )
    assert [b.block_type for b in post.body_blocks_for(GUEST)] == ["paragraph", "call_to_action"]
    assert post.body_blocks_for(GUEST)[1].value["audience"] == "guests"
    assert post.body_blocks_for(MEMBER)[1].value["audience"] == "members"


@pytest.mark.django_db
def test_snippet_cta_audience_applies(blog_index):
    snippet = CallToActionFactory(audience="guests")
    post = BlogPageFactory(
        parent=blog_index,
        body=[("call_to_action", {"snippet": snippet, "audience": "guests"})],
    )
    assert post.body_blocks_for(MEMBER) == []
