"""How soon the post editor is usable for a long post, in a real browser (issue #15).

The suite asserts what the editor loads, not how long it takes (wall-clock is flaky on a
loaded 2-core machine): a 90-block post's editor fetches the same code as an empty form,
plus one thumbnail per image. The timings are measured by
``test_editor_timings_of_a_90_block_post``, which runs only with ``FOLIO_EDITOR_TIMINGS=1``
and prints them (README, Benchmarks, "The post editor").
"""

import os
import re
import time

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.test_editor import PASSWORD, log_in, step
from tests.long_post import LONG_POST_BLOCKS, long_post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BENCH_TIMEOUT_MS = 60_000
THUMBNAIL = ".max-165x165."
# Wagtail's editor, the image chooser's preview (wagtail/images/widgets.py) and Folio's
# two (blog/widgets.py's date choosers, blog/wagtail_hooks.py's autosave catch-up).
SCRIPTS = 34

# The editor is usable when every block of the body is on the page, the title can take the
# cursor and the page has loaded: the milliseconds since the navigation started, or false.
USABLE = """(expected) => {
    const blocks = document.querySelectorAll('#body-root [data-streamfield-child]');
    const title = document.querySelector('#id_title');
    return blocks.length === expected && title && !title.disabled
        && document.readyState === 'complete' ? performance.now() : false;
}"""


def open_editor(page, url, blocks):
    """Go to ``url`` and wait until the editor is usable; its milliseconds and the URLs it
    requested."""
    requests = []

    def record(request):
        requests.append(request.url)

    page.on("request", record)
    page.goto(url, wait_until="commit")
    usable = page.wait_for_function(
        USABLE, arg=blocks, polling="raf", timeout=BENCH_TIMEOUT_MS
    ).json_value()
    page.remove_listener("request", record)
    return usable, requests


@pytest.fixture
def editor(page, live_server):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    log_in(page, live_server, "editor")
    return page


def test_a_long_posts_editor_asks_no_other_site_and_fetches_a_thumbnail_per_image(
    editor, live_server, live_blog, artifacts
):
    post = long_post(live_blog)
    images = {block.value["image"].pk for block in post.body if block.block_type == "image"}
    with step(editor, artifacts, "long-post-requests"):
        _, requests = open_editor(
            editor, f"{live_server.url}/admin/pages/{post.pk}/edit/", LONG_POST_BLOCKS
        )

    files = [url for url in requests if "/static/" in url]
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    assert len(files) == len(set(files)), "a file was fetched twice"
    assert len([url for url in requests if THUMBNAIL in url]) == len(images)
    # Wagtail's editor and its widgets, whatever the length of the post (measured: the
    # same scripts as a new post's form, README Benchmarks "The post editor").
    assert len([url for url in files if url.split("?")[0].endswith(".js")]) <= SCRIPTS


def test_date_choosers_start_when_a_field_is_first_focused(editor, live_server, live_blog):
    post = long_post(live_blog, count=7)
    open_editor(editor, f"{live_server.url}/admin/pages/{post.pk}/edit/", 7)
    # Nothing built while the page loads: the post's date, go-live and expiry fields wait.
    assert editor.locator(".xdsoft_datetimepicker").count() == 0
    assert editor.locator("[data-folio-date-time-chooser]").count() == 3

    date = editor.locator("#id_date")
    date.click()
    chooser = editor.locator(".xdsoft_datetimepicker:visible")
    expect(chooser).to_have_count(1)
    chooser.locator(".xdsoft_date[data-date='15']:not(.xdsoft_other_month)").click()
    expect(date).to_have_value(re.compile(r"^\d{4}-\d{2}-15 \d{2}:\d{2}$"))
    assert editor.locator(".xdsoft_datetimepicker").count() == 1  # only the one used


def test_editor_timings_of_a_90_block_post(editor, live_server, live_blog, artifacts):
    if not os.environ.get("FOLIO_EDITOR_TIMINGS"):
        pytest.skip("timings only with FOLIO_EDITOR_TIMINGS=1")
    post = long_post(live_blog)
    edit_url = f"{live_server.url}/admin/pages/{post.pk}/edit/"
    new_url = f"{live_server.url}/admin/pages/add/blog/blogpage/{live_blog.pk}/"
    figures = {}
    with step(editor, artifacts, "timings"):
        open_editor(editor, edit_url, LONG_POST_BLOCKS)  # warm: static files, thumbnails
        figures["edit view usable"], _ = open_editor(editor, edit_url, LONG_POST_BLOCKS)
        figures["  of which the server's answer"] = editor.evaluate(
            "performance.getEntriesByType('navigation')[0].responseEnd"
        )
        figures["new post usable"], _ = open_editor(editor, new_url, 0)

        open_editor(editor, edit_url, LONG_POST_BLOCKS)
        started = time.perf_counter()
        editor.locator("[data-side-panel-toggle='preview']").click()
        preview = editor.frame_locator("#w-preview-iframe").locator("main")
        preview.wait_for(timeout=BENCH_TIMEOUT_MS)
        figures["preview shown"] = (time.perf_counter() - started) * 1000

        editor.locator("#id_title").fill("A long post, edited")
        started = time.perf_counter()
        with editor.expect_response(lambda response: response.request.method == "POST") as saved:
            editor.get_by_role("button", name="Save draft").click()
        figures["save draft: usable again"] = 0  # keeps the order of the printout
        editor.wait_for_load_state("load")
        editor.wait_for_function(
            USABLE, arg=LONG_POST_BLOCKS, polling="raf", timeout=BENCH_TIMEOUT_MS
        )
        figures["save draft: usable again"] = (time.perf_counter() - started) * 1000
        figures["  of which the server's answer to the save"] = saved.value.request.timing[
            "responseEnd"
        ]

    load = os.getloadavg()[0]
    print(
        f"\nPost editor, {LONG_POST_BLOCKS}-block post, load {load:.1f} on {os.cpu_count()} cores:"
    )
    for name, milliseconds in figures.items():
        print(f"  {name}: {milliseconds:.0f} ms")
