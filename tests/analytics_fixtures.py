"""Fixtures and helpers for the analytics tests (tests/test_analytics_*.py).

Each test counts into a buffer of its own (a fresh namespace: a new buffer file, or new
Redis keys), so counts never leak from one test to the next. Fixtures are named
``*_fixture`` in Python and by their short name in pytest (as in ``page_fixtures``).
"""

import json
import os
import re
import shutil
import uuid

import pytest
import redis
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from wagtail.models import GroupPagePermission, Page, Site

from analytics import buffer, targets
from analytics.flush import flush
from analytics.models import CtaDay, PageDay, SourceDay
from blog.site_settings import BlogSettings
from tests.factories import BlogPageFactory, CallToActionFactory

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
# Its own database number, so several suites on one machine keep apart (FOLIO_TEST_REDIS_URL).
REDIS_URL = os.environ.get("FOLIO_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
SIGNUP = "https://example.com/signup"
INLINE = "https://example.com/inline-offer"


@pytest.fixture(name="own_buffer", autouse=True)
def own_buffer_fixture(settings, tmp_path):
    """A buffer for this test only; the process forgets which pages were live."""
    settings.FOLIO_ANALYTICS_NAMESPACE = f"test-{uuid.uuid4().hex}"
    settings.FOLIO_ANALYTICS_BUFFER_DIR = str(tmp_path / "analytics")
    settings.FOLIO_ANALYTICS_REDIS_URL = ""
    targets.forget()
    yield
    targets.forget()
    shutil.rmtree(tmp_path / "analytics", ignore_errors=True)


@pytest.fixture(name="buffer_kind", params=["local", "redis"])
def buffer_kind_fixture(request, settings):
    """Run the test once with the machine-local buffer and once with Redis."""
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.ping()
        except redis.RedisError:
            pytest.skip(f"Redis is not running at {REDIS_URL}")
        settings.FOLIO_ANALYTICS_REDIS_URL = REDIS_URL
        yield "redis"
        prefix = f"folio:analytics:{settings.FOLIO_ANALYTICS_NAMESPACE}:"
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
        return
    yield "local"


def beacon(client, payload, *, user_agent=BROWSER, **headers):
    """POST a beacon as analytics.js sends it (a text/plain JSON string)."""
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(
        "/analytics/beacon",
        data=body,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=user_agent,
        **headers,
    )


def view(client, page, audience="guest", **extra):
    headers = {k: extra.pop(k) for k in list(extra) if k.isupper() or k == "user_agent"}
    return beacon(client, {"page": page.pk, "audience": audience, "view": True, **extra}, **headers)


def click_links(client, response, *, user_agent=BROWSER, **headers):
    """Follow every /go/ link of a page as the reader's browser would (no redirect
    followed further): the responses, in page order."""
    paths = re.findall(r'href="(/go/[^"]+)"', response.content.decode())
    return [client.get(path, HTTP_USER_AGENT=user_agent, **headers) for path in paths]


def go_links(response):
    return re.findall(r'href="(/go/[^"]+)"', response.content.decode())


def flushed():
    """Run the flush as the worker does; the number of batches it added."""
    return flush()


def page_day(page):
    return PageDay.objects.filter(page=page).first()


def views_of(page):
    row = page_day(page)
    return row.views if row else 0


def cta_counts(page, cta_key, audience=None):
    """(impressions, clicks) of one call to action on one page, all days."""
    rows = CtaDay.objects.filter(page=page, cta=cta_key)
    if audience:
        rows = rows.filter(audience=audience)
    return (sum(r.impressions for r in rows), sum(r.clicks for r in rows))


def sources_of(page):
    return {
        (row.channel, row.referrer, row.utm_source, row.utm_medium, row.utm_campaign): row.views
        for row in SourceDay.objects.filter(page=page)
    }


def buffered():
    """The counts waiting in the buffer (not yet flushed), drained into a batch."""
    store = buffer.get_buffer()
    name = store.drain()
    counts = store.batch(name) if name else {}
    return counts


@pytest.fixture(name="cta_post")
def cta_post_fixture(blog_index):
    """A post with a snippet call to action for guests and an inline one for everyone."""
    # As on a running site, its settings exist (the first request would make them, and
    # retire every cached copy in doing so).
    BlogSettings.for_site(Site.objects.get(is_default_site=True))
    snippet = CallToActionFactory(heading="Try it free", url=SIGNUP, audience="guests")
    post = BlogPageFactory(
        parent=blog_index,
        title="Plan your week",
        slug="plan-your-week",
        body=[
            ("paragraph", "<p>Weekly planning.</p>"),
            ("call_to_action", {"snippet": snippet, "audience": "guests"}),
            (
                "call_to_action",
                {"heading": "Read the guide", "url": INLINE, "audience": "everyone"},
            ),
        ],
    )
    post.snippet_cta = snippet
    post.inline_block_id = post.body[2].id
    return post


def snippet_key(snippet):
    return f"s{snippet.pk}"


def inline_key(post):
    return f"b-{post.inline_block_id}"


def user_in(group_name, username):
    user = User.objects.create_user(username=username, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(name="staff_without_analytics")
def staff_without_analytics_fixture(db):
    """Someone who may edit every page in the admin, but not read analytics."""
    group = Group.objects.create(name="Support")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=group,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user = User.objects.create_user(username="support", password="pw-for-tests", is_staff=True)
    user.groups.add(group)
    return user
