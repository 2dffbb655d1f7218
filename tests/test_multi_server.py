"""Several app servers share PostgreSQL and Redis: a post published through one is seen
through the other within a second, with no stale cached copy anywhere.

Two real gunicorn instances (production settings, page cache on) run on loopback ports
behind one public host name, as a load balancer would send them. They need a database of
their own that they can both see, so this builds one (``folio_multi_server_<pid>``) beside
pytest's transactional test database, and a Redis database nobody else is using. It runs
where ``DATABASE_URL`` is PostgreSQL and Redis answers on 127.0.0.1:6379 (the PostgreSQL
half of CI) and is skipped elsewhere.
"""

import os
import shutil
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from tests.production_stack import (
    AppServer,
    PostgresDatabase,
    build_blog,
    claim_empty_redis_db,
    log_in,
    needs_production_stack,
    production_environment,
    publish_new_title,
    redis_client,
)

pytestmark = needs_production_stack

FRESH_WITHIN_SECONDS = 1.0
POLL_INTERVAL_SECONDS = 0.05


@pytest.fixture(scope="module")
def two_app_servers(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("multi-server")
    database = PostgresDatabase(f"folio_multi_server_{os.getpid()}")
    redis_db = claim_empty_redis_db()
    servers = []
    try:
        database.create()
        env = production_environment(database.url, redis_db, workdir)
        build_blog(env)
        servers = [AppServer(env, workdir / f"gunicorn-{name}.log") for name in "ab"]
        for server in servers:
            server.wait_until_up()
        yield servers
    finally:
        for server in servers:
            server.stop()
        for server in servers:
            server.wait_until_stopped()
        database.drop()
        redis_client(redis_db).flushdb()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_post(two_app_servers):
    _, server_b = two_app_servers
    item = server_b.get("/api/v2/pages/?type=blog.BlogPage&limit=1").json()["items"][0]
    return SimpleNamespace(
        id=item["id"],
        slug=item["meta"]["slug"],
        title=item["title"],
        path=urlsplit(item["meta"]["html_url"]).path,
    )


def reader_urls(post):
    return {
        "post page": post.path,
        "blog index": "/blog/",
        "API detail": f"/api/v2/pages/{post.id}/",
        "feed": "/blog/feed/",
    }


def warm_cache(server, urls):
    """Read every URL until it comes from the shared cache; return the last cache headers.

    The very first request to a fresh site creates its blog settings, and that retires
    what is cached so far, so one pass is not always enough.
    """
    for _ in range(3):
        served = {name: server.get(url).headers.get("X-Folio-Cache") for name, url in urls.items()}
        if set(served.values()) == {"hit"}:
            break
    return served


def stale_urls(server, urls, *, old_title, new_title):
    stale = []
    for name, url in urls.items():
        text = server.get(url).text
        if new_title not in text or old_title in text:
            stale.append(name)
    return stale


def test_a_copy_cached_through_one_server_is_served_by_the_other(two_app_servers):
    server_a, server_b = two_app_servers
    assert server_a.get("/robots.txt").headers.get("X-Folio-Cache") == "miss"
    assert server_b.get("/robots.txt").headers.get("X-Folio-Cache") == "hit"


def test_a_post_published_through_one_server_is_fresh_on_the_other_within_a_second(
    two_app_servers, demo_post
):
    server_a, server_b = two_app_servers
    urls = reader_urls(demo_post)
    assert warm_cache(server_b, urls) == dict.fromkeys(urls, "hit")
    new_title = f"Published through server A {os.getpid()}"

    log_in(server_a)
    publish_new_title(server_a, demo_post, new_title)
    published_at = time.monotonic()

    stale = list(urls)
    while stale and time.monotonic() - published_at < FRESH_WITHIN_SECONDS:
        stale = stale_urls(server_b, urls, old_title=demo_post.title, new_title=new_title)
        if stale:
            time.sleep(POLL_INTERVAL_SECONDS)
    assert stale == [], f"still stale on server B after {FRESH_WITHIN_SECONDS}s: {stale}"
    # Both of B's workers, and A too, now answer with the new title only.
    for server in (server_b, server_b, server_a):
        assert stale_urls(server, urls, old_title=demo_post.title, new_title=new_title) == []
