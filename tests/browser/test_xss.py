"""Pages whose content carried script-injection payloads run none of them.

The context here ignores the Content-Security-Policy on purpose: the policy is the second
line of defence, and these tests check the first one, the HTML sanitiser and the template
escaping, on its own.
"""

import io
import textwrap

import pytest
from django.core.management import call_command

from blog.models import BlogPage
from tests.factories import BlogPageFactory, CallToActionFactory
from tests.page_fixtures import publish
from tests.xss_vectors import XSS_VECTORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Markup that can run script: <script> other than JSON-LD data, event-handler attributes,
# javascript:/data: URLs in anything a browser follows or loads, srcdoc frames.
SCRIPT_CAPABLE_MARKUP = """() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        // JSON-LD is data; the site's analytics script is its own file (templates/base.html).
        const ownScript = el.getAttribute("src") === "/static/js/analytics.js" && !el.text;
        if (el.tagName === "SCRIPT" && el.type !== "application/ld+json" && !ownScript) {
            found.push(el.outerHTML);
        }
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
            const isUrl = ["href", "src", "action", "formaction", "data", "background"]
                .includes(name);
            if (name.startsWith("on") || name === "srcdoc"
                || (isUrl && /^(javascript|data|vbscript):/.test(value) && el.tagName !== "IMG")) {
                found.push(`${el.tagName} ${attr.name}=${attr.value}`);
            }
        }
    }
    return found;
}"""


def imported_post(tmp_path):
    """Import, as the Jekyll importer would from a hostile source, a post full of payloads."""
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    body = "\n\n".join(XSS_VECTORS)
    (posts / "2024-01-02-hostile-import.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: "Hostile import <script>alert('title')</script>"
            date: 2024-01-02 10:00
            categories: ["<img src=x onerror=alert('category')>"]
            tags: [xss, "<svg/onload=alert('tag')>"]
            author: "<b onmouseover=alert('author')>Mallory</b>"
            authorDesc: "<script>alert('author-desc')</script>"
            authorLink: "javascript:alert('author-link')"
            index-intro: "<img src=x onerror=alert('intro')> hostile intro"
            ---

            """
        )
        + body
        + '\n\n<div class="guest-only"><a href="javascript:alert(\'cta\')">Sign up</a></div>\n',
        encoding="utf-8",
    )
    call_command("import_jekyll", str(posts.parent), stdout=io.StringIO(), stderr=io.StringIO())
    return BlogPage.objects.get(slug="hostile-import")


def raw_html_post(blog_index):
    """A post built in code with every payload in a raw-HTML block and a hostile CTA."""
    cta = CallToActionFactory(
        heading="<script>alert('cta-heading')</script>",
        button_label="<img src=x onerror=alert('cta-label')>",
        url="https://example.com/signup",
    )
    return publish(
        BlogPageFactory(
            parent=blog_index,
            title="Raw HTML <img src=x onerror=alert('raw-title')>",
            slug="raw-html-payloads",
            index_intro="<svg onload=alert('raw-intro')>",
            body=[
                ("raw_html", "\n".join(XSS_VECTORS)),
                ("call_to_action", {"snippet": cta, "audience": "guests"}),
            ],
        )
    )


def assert_no_payload_runs(page, url):
    page.goto(url)
    # Give handlers that wait for a reader's gesture their chance.
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    assert page.evaluate(SCRIPT_CAPABLE_MARKUP) == [], url


def test_no_payload_runs_on_an_imported_or_raw_html_post(
    unguarded_page, problems, live_server, live_blog, tmp_path
):
    posts = [imported_post(tmp_path), raw_html_post(live_blog)]
    for post in posts:
        # The payloads' harmless text is still there: the body was cleaned, not dropped.
        unguarded_page.goto(live_server.url + post.url)
        assert "click me" in unguarded_page.locator(".post__body").inner_text(), post.url
    paths = [post.url for post in posts]
    paths += [
        "/",
        "/blog/",
        "/blog/tag/xss/",
        "/search/?q=hostile",
        "/api/v2/pages/?type=blog.BlogPage",
    ]
    for path in paths:
        assert_no_payload_runs(unguarded_page, live_server.url + path)
    assert problems.dialogs == []


def test_no_payload_runs_from_a_call_to_action_snippet_text(
    unguarded_page, problems, live_server, live_blog
):
    cta = CallToActionFactory(text="<p onclick=\"alert('cta-text')\">Join</p>")
    post = publish(
        BlogPageFactory(
            parent=live_blog, body=[("call_to_action", {"snippet": cta, "audience": "guests"})]
        )
    )
    assert_no_payload_runs(unguarded_page, live_server.url + post.url)
