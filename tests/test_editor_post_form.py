"""The post editor (issue #15): preview as a guest or a member, a post dated by its first
publication, an Import tab only for imported posts, and no import-only parts for new
content while imported content keeps them."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from blog.site_settings import BlogSettings
from tests.admin_forms import post_form_data
from tests.factories import BlogPageFactory, CallToActionFactory

pytestmark = pytest.mark.django_db

GUEST_CTA = "Sign up: it is free"
MEMBER_CTA = "Try the new timeline"
DEFAULT_GUEST_CTA = "Start your free trial"


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def typed_cta(heading, audience):
    return {
        "snippet": "", "heading": heading, "text": rich_text(""), "image": "",
        "image_alt": "", "button_label": "Go", "url": "https://example.com/",
        "audience": audience, "style": "banner",
    }  # fmt: skip


def preview(admin_client, post, mode):
    """The edit view's preview of ``post`` with a guests-only and a members-only call to
    action, in preview ``mode``, as the side panel asks for it."""
    url = f"/admin/pages/{post.pk}/edit/preview/"
    data = post_form_data(post, title=post.title, body_html="<p>x</p>")
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    blocks = [
        ("call_to_action", typed_cta(GUEST_CTA, "guests")),
        ("call_to_action", typed_cta(MEMBER_CTA, "members")),
    ]
    data.update(nested_form_data({"body": streamfield(blocks)}))
    assert admin_client.post(url, data).json()["is_valid"]
    return admin_client.get(url, {"mode": mode, "in_preview_panel": "true"}).content.decode()


@pytest.fixture
def default_guest_cta(blog_index):
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_guest_call_to_action = CallToActionFactory(heading=DEFAULT_GUEST_CTA)
    settings.save()


def test_guest_preview_shows_guests_only_calls_to_action_and_the_default_one(
    admin_client, blog_index, default_guest_cta
):
    html = preview(admin_client, BlogPageFactory(parent=blog_index), "guest")

    assert GUEST_CTA in html
    assert DEFAULT_GUEST_CTA in html
    assert MEMBER_CTA not in html


def test_member_preview_shows_members_only_calls_to_action(
    admin_client, blog_index, default_guest_cta
):
    html = preview(admin_client, BlogPageFactory(parent=blog_index), "member")

    assert MEMBER_CTA in html
    assert GUEST_CTA not in html
    assert DEFAULT_GUEST_CTA not in html


def test_preview_modes_are_offered_in_the_editor(admin_client, blog_index):
    post = BlogPageFactory(parent=blog_index)

    html = admin_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()

    assert "This site, as a guest" in html
    assert "This site, as a member" in html


# -- the post's date ---------------------------------------------------------------------


def new_post_data(blog_index, date=""):
    data = post_form_data(BlogPage(slug="spring-plans"), title="Spring plans", body_html="<p>x</p>")
    data["date"] = date
    return data


def test_a_post_is_dated_by_its_first_publication_not_its_first_draft(admin_client, blog_index):
    add_url = f"/admin/pages/add/blog/blogpage/{blog_index.pk}/"
    admin_client.post(add_url, new_post_data(blog_index))
    post = BlogPage.objects.get(slug="spring-plans")
    assert post.date is None
    publishing = post.get_latest_revision_as_object()
    before = timezone.now()

    publishing.save_revision().publish()

    post.refresh_from_db()
    assert post.date >= before
    assert post.date == post.first_published_at


def test_a_date_the_editor_sets_is_kept_on_publication(admin_client, blog_index):
    add_url = f"/admin/pages/add/blog/blogpage/{blog_index.pk}/"
    data = new_post_data(blog_index, date="2021-08-10 11:58")
    data["action-publish"] = "action-publish"

    admin_client.post(add_url, data)

    post = BlogPage.objects.get(slug="spring-plans")
    assert timezone.localtime(post.date).date() == datetime.date(2021, 8, 10)


def test_the_date_field_says_how_a_post_is_dated(admin_client, blog_index):
    html = admin_client.get(f"/admin/pages/add/blog/blogpage/{blog_index.pk}/").content.decode()

    assert "dated when it is first published" in html


# -- the Import tab ----------------------------------------------------------------------


def tabs(admin_client, post):
    html = admin_client.get(f"/admin/pages/{post.pk}/edit/").content
    soup = BeautifulSoup(html, "html.parser")
    return soup, [
        tab.find(string=True, recursive=True).strip() for tab in soup.select('[role="tab"]')
    ]


def test_a_post_written_in_the_admin_has_no_import_tab(admin_client, blog_index):
    _, names = tabs(admin_client, BlogPageFactory(parent=blog_index))

    assert "Import" not in names


def test_an_imported_post_says_in_words_where_it_came_from(admin_client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        source_path="_posts/2021-08-10-work-life-integration.markdown",
        unresolved_related_titles=["No More Unhealthy Overworking Culture"],
    )

    soup, names = tabs(admin_client, post)

    assert "Import" in names
    panel = soup.select_one("#tab-import").get_text(" ", strip=True)
    assert "imported from _posts/2021-08-10-work-life-integration.markdown" in panel
    assert "“No More Unhealthy Overworking Culture”" in panel
    assert "[]" not in panel and "['" not in panel


# -- import-only parts -------------------------------------------------------------------


def editor_html(admin_client, url):
    return admin_client.get(url).content.decode()


def test_a_new_post_offers_no_import_only_parts(admin_client, blog_index):
    html = editor_html(admin_client, f"/admin/pages/add/blog/blogpage/{blog_index.pk}/")

    assert "Raw HTML (imported)" not in html
    # The Image block's and the call to action's field for a picture kept from an import.
    assert "Only for images that are not in the library" not in html
    assert "external_image_url" not in html


def test_an_imported_post_keeps_its_import_only_parts_editable(admin_client, blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        source_path="_posts/2020-01-01-old.md",
        body=[
            ("raw_html", "<p>kept</p>"),
            ("image", {"external_url": "https://old.example.com/a.png", "alt": "Old"}),
        ],
    )

    html = editor_html(admin_client, f"/admin/pages/{post.pk}/edit/")

    assert "Raw HTML (imported)" in html
    assert "https://old.example.com/a.png" in html


def test_a_new_post_saves_and_publishes_with_the_writers_blocks(admin_client, blog_index):
    add_url = f"/admin/pages/add/blog/blogpage/{blog_index.pk}/"
    data = new_post_data(blog_index, date="2024-03-01 09:00")
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    cta = typed_cta("Join us", "everyone")
    cta.pop("image")
    data.update(nested_form_data({"body": streamfield([("call_to_action", cta)])}))
    data["action-publish"] = "action-publish"

    admin_client.post(add_url, data)

    post = BlogPage.objects.get(slug="spring-plans")
    assert post.live
    assert "Join us" in admin_client.get(post.url).content.decode()
    assert json.loads(json.dumps(post.body.raw_data[0]["value"]))["heading"] == "Join us"
