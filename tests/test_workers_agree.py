"""Every gunicorn worker sees a Site change on its next request.

Without Redis each worker keeps Wagtail's site root paths (hostname and port) in its own
memory. A port changed in Settings → Sites through one worker used to stay old in the
others for up to an hour: share links, feeds and the API's ``html_url`` named the old
address. Here two workers of one gunicorn (production settings, no Redis) both answer
before and after the change.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.production_stack import (
    AppServer,
    PostgresDatabase,
    build_blog,
    csrf_token,
    log_in,
    needs_production_stack,
    production_environment,
)

pytestmark = needs_production_stack

NEW_PORT = 8443
REQUESTS = 24


@pytest.fixture
def one_server_two_workers(tmp_path):
    database = PostgresDatabase(f"folio_workers_{os.getpid()}")
    server = None
    try:
        database.create()
        env = production_environment(database.url, None, tmp_path)
        build_blog(env)
        server = AppServer(env, tmp_path / "gunicorn.log")
        server.wait_until_up()
        yield database, server
    finally:
        if server is not None:
            server.stop()
            server.wait_until_stopped()
        database.drop()
        shutil.rmtree(tmp_path, ignore_errors=True)


def html_urls(server, post_id):
    """``html_url`` of the post as answered by many concurrent requests (both workers)."""

    def fetch(n):
        return server.get(f"/api/v2/pages/{post_id}/?_={n}-{os.urandom(4).hex()}").json()

    with ThreadPoolExecutor(8) as pool:
        return [item["meta"]["html_url"] for item in pool.map(fetch, range(REQUESTS))]


def test_a_site_port_changed_through_one_worker_is_seen_by_all(one_server_two_workers):
    database, server = one_server_two_workers
    post_id = server.get("/api/v2/pages/?type=blog.BlogPage&limit=1").json()["items"][0]["id"]
    assert all(":8443/" not in url for url in html_urls(server, post_id))

    with psycopg.connect(database.url) as connection:
        site_id, root_page_id, hostname, name = connection.execute(
            "SELECT id, root_page_id, hostname, site_name FROM wagtailcore_site"
        ).fetchone()
    log_in(server)
    edit_url = f"/admin/sites/edit/{site_id}/"
    form = server.get(edit_url)
    assert form.status_code == 200, form.status_code
    response = server.post_form(edit_url, {
        "csrfmiddlewaretoken": csrf_token(form.text),
        "hostname": hostname, "port": NEW_PORT, "site_name": name,
        "root_page": root_page_id, "is_default_site": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]

    stale = [url for url in html_urls(server, post_id) if f":{NEW_PORT}/" not in url]
    assert stale == []
