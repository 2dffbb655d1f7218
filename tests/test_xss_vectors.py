"""The XSS vector corpus (tests/xss_vectors.py) through every way HTML gets into Folio.

The importer (Markdown and HTML bodies), the post editor and the snippet editors of
Wagtail's admin (real form posts), and what the pages and both APIs then give out: no
payload may survive as markup that can run script. The browser test
(tests/browser/test_xss.py) shows no dialog opens; these tests read the HTML with a
parser, which is faster and names what survived.

Script-capable markup (``script_capable_markup`` in tests/xss_vectors.py): ``<script>``
(other than JSON-LD data and the site's own ``/static/`` files), ``<object>``, ``<embed>``,
``<base>``, frames, ``<meta>`` refreshes, ``on*`` attributes, ``<iframe srcdoc>``, CSS with
``expression()``/``javascript:``, and ``javascript:``, ``vbscript:`` or ``data:`` URLs in
any URL attribute. ``data:`` is refused
even for raster images: the sanitiser allows only http(s), mailto and tel URLs, and no
legitimate content needs inline images.
"""

import io
import json
import textwrap

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from blog.snippets import Author, CallToAction, Category
from jekyll.mapping.html_to_blocks import html_to_blocks
from jekyll.mapping.images import ImageLocator
from jekyll.rendering.markdown import render_markdown as render_body
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory, CallToActionFactory
from tests.xss_vectors import (
    CHECKER_BLIND_SPOTS,
    HOSTILE_URLS,
    XSS_VECTORS,
    is_dangerous_url,
    script_capable_markup,
)


def test_the_checker_flags_every_vector_but_its_known_blind_spots():
    # Else a clean result below could come from a blind checker.
    missed = [vector for vector in XSS_VECTORS if not script_capable_markup(vector)]
    assert missed == CHECKER_BLIND_SPOTS


# --- the importer, without the database ---------------------------------------------


def html_values(block):
    """The HTML a block will render: rich text and raw HTML (others are escaped text)."""
    value = block["value"]
    if block["type"] in ("paragraph", "raw_html"):
        yield value
    elif block["type"] in ("notice", "call_to_action") and value.get("text"):
        yield value["text"]


def url_values(value):
    """Every string of a block's value under a key that names a URL."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and ("url" in key or key in ("link", "href", "src")):
                yield item
            else:
                yield from url_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from url_values(item)


def imported_blocks(html, tmp_path):
    return html_to_blocks(html, ImageLocator(tmp_path)).blocks


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_imported_html_body_keeps_no_script(vector, tmp_path):
    blocks = imported_blocks(f"<p>Intro</p>{vector}<p>Outro</p>", tmp_path)
    for block in blocks:
        for html in html_values(block):
            assert script_capable_markup(html) == [], (vector, block)
        assert not any(is_dangerous_url(url) for url in url_values(block["value"])), block


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_imported_markdown_body_keeps_no_script(vector, tmp_path):
    markdown = f"Intro with [a link]({HOSTILE_URLS[0]})\n\n{vector}\n\nOutro *text*\n"
    for block in imported_blocks(render_body(markdown), tmp_path):
        for html in html_values(block):
            assert script_capable_markup(html) == [], (vector, block)
        assert not any(is_dangerous_url(url) for url in url_values(block["value"])), block


def test_imported_guest_banner_with_a_script_url_keeps_no_link(tmp_path):
    html = '<div class="guest-only"><a href="javascript:alert(1)">Sign up</a></div>'
    blocks = imported_blocks(html, tmp_path)
    assert blocks, "the banner was dropped, not cleaned"
    for block in blocks:
        assert not any(is_dangerous_url(url) for url in url_values(block["value"])), block
        for html_value in html_values(block):
            assert script_capable_markup(html_value) == []


# --- Wagtail's admin ------------------------------------------------------------------


@pytest.fixture(name="admin_client")
def admin_client_fixture(db):
    """An editor's own client: pages are read with ``client``, as an anonymous reader."""
    editor = Client()
    editor.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return editor


def contentstate_link(text, url):
    """Draftail's form value for one paragraph linking ``text`` to ``url``, as a hostile
    client (not the editor's JavaScript) could post it."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def hostile_body():
    """Every vector as a paragraph's text, as its link URL and as raw HTML, and a
    paragraph linking to each hostile URL. (Draftail posts rich text as contentstate
    JSON, never HTML, so a vector reaches a paragraph as text or as a URL.)"""
    items = []
    for vector in XSS_VECTORS:
        items.append(("paragraph", contentstate_link(f"Before {vector} after", "https://x.org/")))
        items.append(("paragraph", contentstate_link("linked", vector)))
        items.append(("raw_html", f"<div>kept {vector}</div>"))
    items += [("paragraph", contentstate_link("click me", url)) for url in HOSTILE_URLS]
    return items


def edit_post(admin_client, post, body_items, **fields):
    data = post_form_data(post, title=fields.pop("title", post.title), body_html="<p>x</p>")
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    data.update(nested_form_data({"body": streamfield(body_items)}))
    data.update(fields)
    data["action-publish"] = "action-publish"
    return admin_client.post(f"/admin/pages/{post.pk}/edit/", data)


@pytest.fixture(name="hostile_post")
def hostile_post_fixture(admin_client, blog_index):
    """A post published through the admin's edit form with every vector in its body."""
    post = BlogPageFactory(parent=blog_index, slug="hostile")
    response = edit_post(admin_client, post, hostile_body())
    assert response.status_code == 302, response.content[:2000]
    return BlogPage.objects.get(pk=post.pk)


def test_post_edit_form_stores_no_script(hostile_post):
    for block in hostile_post.body.raw_data:
        assert script_capable_markup(str(block["value"])) == [], block


def test_post_edit_form_keeps_the_payloads_harmless_text(hostile_post):
    # Cleaned, not dropped: the text around (and inside) the payloads is still there.
    text = " ".join(str(block["value"]) for block in hostile_post.body.raw_data)
    assert "Before" in text and "after" in text and "click me" in text


def test_post_from_the_edit_form_renders_no_script(client, hostile_post):
    response = client.get(hostile_post.url)
    assert response.status_code == 200
    assert script_capable_markup(response.content.decode()) == []


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_post_edit_form_refuses_a_script_url_for_a_call_to_action(admin_client, blog_index, url):
    post = BlogPageFactory(parent=blog_index, slug="cta-target")
    banner = {
        "snippet": "",
        "heading": "Join",
        "text": rich_text("<p>Free</p>"),
        "image": "",
        "image_alt": "",
        "button_label": "Sign up",
        "url": url,
        "audience": "guests",
    }
    response = edit_post(admin_client, post, [("call_to_action", banner)])
    assert response.status_code == 200  # the form again, with its error
    post.refresh_from_db()
    assert not any(is_dangerous_url(u) for u in url_values(list(post.body.raw_data)))


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_snippet_forms_refuse_script_urls(admin_client, url):
    author = admin_client.post(
        "/admin/snippets/blog/author/add/",
        {"name": "Mallory", "slug": "", "description": "x", "link": url},
    )
    cta = admin_client.post(
        "/admin/snippets/blog/calltoaction/add/",
        {
            "name": "Banner",
            "heading": "Join",
            "text": rich_text("<p>Free</p>"),
            "button_label": "Go",
            "url": url,
            "audience": "guests",
        },
    )
    assert (author.status_code, cta.status_code) == (200, 200)  # forms with errors
    assert not Author.objects.exists() and not CallToAction.objects.exists()


# Snippets are reviewed like posts: an admin's "Publish" makes them show on pages.
PUBLISH = {"action-publish": "action-publish"}


@pytest.fixture(name="hostile_snippets_post")
def hostile_snippets_post_fixture(admin_client, blog_index):
    """Author, category and call to action made in the admin with vectors in every text
    field, shown on a post made in the admin too."""
    vectors = "".join(XSS_VECTORS)
    for index, vector in enumerate(XSS_VECTORS):
        for url, data in (
            ("author", {"name": f"A{index} {vector}"[:255], "slug": "", "description": vector}),
            (
                "category",
                {
                    "name": f"C{index} {vector}"[:255],
                    "slug": "",
                    "description": contentstate_link(vector, vector),
                },
            ),
        ):
            response = admin_client.post(f"/admin/snippets/blog/{url}/add/", {**data, **PUBLISH})
            assert response.status_code == 302, (url, vector)
    category_response = admin_client.post(
        "/admin/snippets/blog/category/add/",
        {
            "name": "Hostile",
            "slug": "hostile",
            "description": contentstate_link(vectors, HOSTILE_URLS[1]),
            **PUBLISH,
        },
    )
    assert category_response.status_code == 302
    cta_response = admin_client.post(
        "/admin/snippets/blog/calltoaction/add/",
        {
            "name": "Hostile banner",
            "heading": vectors[:255],
            "text": contentstate_link(vectors[:500], HOSTILE_URLS[0]),
            "button_label": XSS_VECTORS[3][:80],
            "url": "https://example.com/signup",
            "audience": "everyone",
            **PUBLISH,
        },
    )
    assert cta_response.status_code == 302, cta_response.content[:2000]
    post = BlogPageFactory(
        parent=blog_index,
        slug="hostile-snippets",
        authors=list(Author.objects.all()),
        categories=list(Category.objects.all()),
    )
    cta = CallToAction.objects.get()
    response = edit_post(
        admin_client,
        post,
        [("call_to_action", {"snippet": str(cta.pk), "audience": "everyone", "style": "banner"})],
    )
    assert response.status_code == 302, response.content[:2000]
    return BlogPage.objects.get(pk=post.pk)


def test_snippet_forms_store_no_script_in_rich_text(hostile_snippets_post):
    for html in [*Category.objects.values_list("description", flat=True)] + [
        CallToAction.objects.get().text
    ]:
        assert script_capable_markup(html) == [], html


def test_pages_showing_admin_made_snippets_render_no_script(client, hostile_snippets_post):
    author = Author.objects.first()
    for url in (
        hostile_snippets_post.url,
        "/blog/",
        "/blog/category/hostile/",
        f"/blog/author/{author.slug}/",
        "/blog/category/hostile/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if "xml" not in response["Content-Type"]:
            assert script_capable_markup(response.content.decode()) == [], url


# --- what the APIs give out -----------------------------------------------------------


def api_html_and_urls(data, key=""):
    """(HTML strings, URL strings) of an API answer: body HTML and every URL-named key."""
    html, urls = [], []
    if isinstance(data, dict):
        if data.get("type") in ("paragraph", "raw_html") and isinstance(data.get("value"), str):
            html.append(data["value"])
        for name, value in data.items():
            if isinstance(value, str):
                if "url" in name or name in ("link", "href", "src"):
                    urls.append(value)
                if name in ("text", "html", "description") and key in (
                    "value",
                    "call_to_action",
                    "categories",
                ):
                    html.append(value)
            else:
                more_html, more_urls = api_html_and_urls(value, name)
                html += more_html
                urls += more_urls
    elif isinstance(data, list):
        for item in data:
            more_html, more_urls = api_html_and_urls(item, key)
            html += more_html
            urls += more_urls
    return html, urls


def assert_api_answer_is_clean(response):
    assert response.status_code == 200, response.content[:300]
    html, urls = api_html_and_urls(response.json())
    assert html, "no HTML found: the walker does not see the body"
    for fragment in html:
        assert script_capable_markup(fragment) == [], fragment
    assert [url for url in urls if is_dangerous_url(url)] == []


def test_api_v2_gives_out_no_script_for_an_admin_made_post(client, hostile_post):
    assert_api_answer_is_clean(client.get(f"/api/v2/pages/{hostile_post.pk}/"))
    assert_api_answer_is_clean(client.get("/api/v2/pages/slug/hostile/"))


def test_api_v2_gives_out_no_script_for_admin_made_snippets(client, hostile_snippets_post):
    assert_api_answer_is_clean(client.get(f"/api/v2/pages/{hostile_snippets_post.pk}/"))
    categories = client.get("/api/v2/categories/", {"slug": "hostile"}).json()["items"]
    assert script_capable_markup(categories[0]["description"]) == []


def test_api_v3_gives_out_no_script_for_an_admin_made_post(client, hostile_post):
    assert_api_answer_is_clean(client.get(f"/api/v3/pages/{hostile_post.pk}/"))


@pytest.fixture(name="imported_post")
def imported_post_fixture(blog_index, tmp_path):
    """Every vector in a Markdown post imported with ``import_jekyll``."""
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    front_matter = textwrap.dedent(
        """\
        ---
        title: Hostile import
        date: 2024-01-02 10:00
        authorLink: "javascript:alert('author-link')"
        ---

        """
    )
    body = "\n\n".join(XSS_VECTORS)
    banner = '<div class="guest-only"><a href="javascript:alert(\'cta\')">Sign up</a></div>'
    (posts / "2024-01-02-hostile-import.md").write_text(
        f"{front_matter}{body}\n\n{banner}\n", encoding="utf-8"
    )
    call_command("import_jekyll", str(posts.parent), stdout=io.StringIO(), stderr=io.StringIO())
    return BlogPage.objects.get(slug="hostile-import")


def test_imported_post_stores_no_script(imported_post):
    for block in imported_post.body.raw_data:
        if block["type"] in ("paragraph", "raw_html"):
            assert script_capable_markup(block["value"]) == [], block
        assert not any(is_dangerous_url(url) for url in url_values(block["value"])), block


def test_apis_give_out_no_script_for_an_imported_post(client, imported_post):
    assert_api_answer_is_clean(client.get(f"/api/v2/pages/{imported_post.pk}/"))
    assert_api_answer_is_clean(client.get(f"/api/v3/pages/{imported_post.pk}/"))


def test_api_v2_cleans_rich_text_saved_outside_the_editor(client, blog_index):
    # API v3 writes and the ORM store rich text without the editor's allow-list.
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            ("paragraph", "".join(XSS_VECTORS)),
            ("notice", {"style": "info", "text": "".join(XSS_VECTORS)}),
            ("call_to_action", {"text": "".join(XSS_VECTORS), "url": HOSTILE_URLS[0]}),
            ("call_to_action", {"snippet": CallToActionFactory(url=HOSTILE_URLS[1])}),
        ],
    )
    assert_api_answer_is_clean(client.get(f"/api/v2/pages/{post.pk}/"))


@pytest.mark.parametrize("rich_text_format", ["db_html", "markdown", "db_markdown"])
def test_api_v2_raw_rich_text_formats_are_cleaned_too(client, blog_index, rich_text_format):
    post = BlogPageFactory(parent=blog_index, body=[("paragraph", "".join(XSS_VECTORS))])
    response = client.get(f"/api/v2/pages/{post.pk}/", {"rich_text_format": rich_text_format})
    assert response.status_code == 200, response.content[:300]
    paragraph = response.json()["body"][0]["value"]
    assert script_capable_markup(paragraph) == []
    assert "javascript:" not in paragraph.lower()


def test_db_html_keeps_the_markup_that_stands_for_pages_and_images(client, blog_index):
    stored = (
        f'<p>See <a linktype="page" id="{blog_index.pk}">the blog</a>.</p>'
        '<embed alt="A desk" embedtype="image" format="left" id="7"/>'
    )
    post = BlogPageFactory(parent=blog_index, body=[("paragraph", stored)])
    response = client.get(f"/api/v2/pages/{post.pk}/", {"rich_text_format": "db_html"})
    assert response.json()["body"][0]["value"] == stored


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_script_urls_of_image_blocks_and_authors_are_dropped(client, blog_index, url):
    author = Author.objects.create(name="Link Author", slug="link-author", link=url)
    image = {"image": None, "external_url": url, "alt": "", "caption": "Shot", "link": url}
    post = BlogPageFactory(parent=blog_index, authors=[author], body=[("image", image)])
    api = client.get(f"/api/v2/pages/{post.pk}/").json()
    assert api["authors"][0]["link"] is None
    assert api["body"][0]["value"]["link"] is None
    assert api["body"][0]["value"]["external_url"] is None
    for page_url in (post.url, "/blog/author/link-author/"):
        html = client.get(page_url).content.decode()
        assert script_capable_markup(html) == [], page_url
        assert url not in html, page_url


def test_api_v3_cleans_rich_text_saved_outside_the_editor(client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        body=[
            ("paragraph", "".join(XSS_VECTORS)),
            ("notice", {"style": "info", "text": "".join(XSS_VECTORS)}),
            ("raw_html", "".join(XSS_VECTORS)),
            ("call_to_action", {"text": "".join(XSS_VECTORS), "url": HOSTILE_URLS[0]}),
        ],
    )
    assert_api_answer_is_clean(client.get(f"/api/v3/pages/{post.pk}/"))
