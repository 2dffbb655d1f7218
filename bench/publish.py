"""Time an editor publishing an edited post through Wagtail's admin, over HTTP.

The edit form's fields (StreamField blocks included) are built by the admin's JavaScript,
so Chromium opens the edit view once and hands over the form exactly as it would submit
it. Each publish is then a plain HTTP POST of that form with a changed title and
``action-publish``, timed from request to response; the response comes after the page
cache has been invalidated (Folio does that before the editor's request returns).
"""

import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class AdminSession:
    """An admin login kept in plain cookies (production cookies are Secure-only, and the
    benchmark talks plain HTTP to 127.0.0.1, so a cookie jar would not send them)."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 3xx land here without redirects
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode(errors="replace")

    def log_in(self, username, password):
        _, html = self.request("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _ = self.request(
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"admin login failed (HTTP {status})")


def edit_form_fields(session, page_id):
    """The edit form of ``page_id`` as the browser would post it: (name, value) pairs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies(
            [{"name": k, "value": v, "url": session.base} for k, v in session.cookies.items()]
        )
        page = context.new_page()
        page.goto(f"{session.base}/admin/pages/{page_id}/edit/")
        # The StreamField's inputs exist once the admin's JavaScript has built the editor.
        page.wait_for_selector("form[data-edit-form] input[name='body-count']", state="attached")
        fields = page.evaluate(
            """() => [...new FormData(document.querySelector('form[data-edit-form]'))]
                .filter(([, value]) => typeof value === 'string')"""
        )
        browser.close()
    return fields


def time_publishes(base, page_id, username, password, *, count=10):
    """Median and max milliseconds of ``count`` publishes of an edited post."""
    session = AdminSession(base)
    session.log_in(username, password)
    fields = edit_form_fields(session, page_id)
    # An earlier run (--reuse) left its own edit mark in the title: start from the original.
    title = re.sub(r" \(edit \d+\)$", "", dict(fields)["title"])
    timings = []
    for number in range(count):
        data = [(k, v) for k, v in fields if k != "title"]
        data += [("title", f"{title} (edit {number + 1})"), ("action-publish", "action-publish")]
        started = time.perf_counter()
        status, html = session.request(f"/admin/pages/{page_id}/edit/", data)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 302:
            errors = re.findall(r'class="error-message"[^>]*>\s*(?:<p>)?([^<]+)', html)
            raise RuntimeError(f"publish was refused (HTTP {status}): {errors or html[:300]}")
    return {"median": statistics.median(timings), "max": max(timings), "count": count}
