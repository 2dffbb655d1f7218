"""Snippets shown on live pages go through the same review as posts (issue #12, point 6).

A writer's change to an author, a category or a call to action is a draft: readers keep
seeing the published version (cached copies included) until a Marketing editor approves
or publishes it; then every page shows the change at once. A snippet never published is
not shown to readers at all. Everything goes through the real admin views.
"""

import importlib
import re
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from blog.site_settings import BlogSettings
from blog.snippets import Author, Category
from jekyll.export.markdown import MarkdownWriter
from jekyll.runner import run_import
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
)
from tests.jekyll.test_import import OVERWORK_POST

pytestmark = pytest.mark.django_db

PHISHING = "https://phish.example/login"


@pytest.fixture(autouse=True)
def caches_on(settings):
    """What production runs: whole pages and their costly parts cached until a change."""
    settings.FOLIO_PAGE_CACHE = True
    settings.FOLIO_FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


def member_of(group_name, username):
    user = User.objects.create_user(username=username, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer_client():
    client = Client()
    client.force_login(member_of("Marketing writers", "writer"))
    return client


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(member_of("Marketing editors", "editor"))
    return client


@pytest.fixture
def reader():
    """An anonymous reader: served from the page cache when a copy is there."""
    return Client()


# --- the admin, as a browser drives it -----------------------------------------------------


def admin_url(snippet, view):
    return f"/admin/snippets/blog/{snippet._meta.model_name}/{view}/{snippet.pk}/"


def edit_form(client, snippet, **changes):
    """The snippet's edit form as the admin renders it for this user, with ``changes``."""
    response = client.get(admin_url(snippet, "edit"))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    for name, value in changes.items():
        data[name] = value
    return data


def save_draft(client, snippet, **changes):
    return client.post(admin_url(snippet, "edit"), edit_form(client, snippet, **changes))


def submit(client, snippet, **changes):
    data = edit_form(client, snippet, **changes)
    data["action-submit"] = "Submit for moderation"
    return client.post(admin_url(snippet, "edit"), data)


def publish(client, snippet, **changes):
    data = edit_form(client, snippet, **changes)
    data["action-publish"] = "Publish"
    return client.post(admin_url(snippet, "edit"), data)


def approve(client, snippet):
    """The editor's "Approve" on the snippet's current moderation task."""
    snippet.refresh_from_db()
    state = snippet.current_workflow_task_state
    assert state is not None, "nothing awaits moderation"
    url = (
        f"/admin/snippets/blog/{snippet._meta.model_name}/workflow/action/"
        f"{snippet.pk}/approve/{state.pk}/"
    )
    return client.post(url, {"comment": ""})


# --- what readers see: one scene per kind of snippet ----------------------------------------


@dataclass
class Scene:
    """A published snippet shown on ``url``, and a change to one of its fields."""

    snippet: object
    url: str
    change: dict
    old_text: str
    new_text: str


def author_link_scene(blog_index):
    author = AuthorFactory(name="Jane Writer", link="https://example.com/jane")
    post = BlogPageFactory(parent=blog_index, authors=[author])
    return Scene(author, post.url, {"link": PHISHING}, 'href="https://example.com/jane"', PHISHING)


def category_description_scene(blog_index):
    category = CategoryFactory(name="Remote work", description="<p>Teams across time zones.</p>")
    BlogPageFactory(parent=blog_index, categories=[category])
    return Scene(
        category,
        f"/blog/category/{category.slug}/",
        {"description": rich_text("<p>Cheap pills here.</p>")},
        "Teams across time zones.",
        "Cheap pills here.",
    )


def body_call_to_action_scene(blog_index):
    cta = CallToActionFactory(url="https://example.com/signup")
    post = BlogPageFactory(
        parent=blog_index, body=[("call_to_action", {"snippet": cta, "audience": "guests"})]
    )
    return Scene(cta, post.url, {"url": PHISHING}, 'href="https://example.com/signup"', PHISHING)


def site_wide_call_to_action_scene(blog_index):
    cta = CallToActionFactory(url="https://example.com/sitewide")
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_guest_call_to_action = cta
    settings.save()
    post = BlogPageFactory(parent=blog_index)
    return Scene(cta, post.url, {"url": PHISHING}, 'href="https://example.com/sitewide"', PHISHING)


@pytest.fixture(
    params=[
        author_link_scene,
        category_description_scene,
        body_call_to_action_scene,
        site_wide_call_to_action_scene,
    ],
    ids=["author-link", "category-description", "body-cta-url", "site-wide-cta-url"],
)
def scene(request, blog_index):
    # As on a running site, its settings exist (the first request would make them).
    BlogSettings.for_site(Site.objects.get(is_default_site=True))
    return request.param(blog_index)


def reader_sees(reader, scene):
    response = reader.get(scene.url)
    assert response.status_code == 200
    # A call to action's button goes through /go/ (analytics): its reader sees where it leads.
    for path in re.findall(rb'href="(/go/[^"]+)"', response.content):
        response.content += b' href="%s"' % reader.get(path.decode())["Location"].encode()
    return response


# --- a writer's change is a draft -----------------------------------------------------------


def test_writers_change_is_saved_as_a_draft_readers_do_not_see(scene, reader, writer_client):
    assert scene.old_text in reader_sees(reader, scene).content.decode()
    response = save_draft(writer_client, scene.snippet, **scene.change)
    assert response.status_code == 302
    page = reader_sees(reader, scene).content.decode()
    assert scene.old_text in page
    assert scene.new_text not in page
    scene.snippet.refresh_from_db()
    assert scene.snippet.has_unpublished_changes
    assert scene.new_text in str(scene.snippet.get_latest_revision().content)


def test_a_draft_save_keeps_the_cached_page(scene, reader, writer_client):
    reader_sees(reader, scene)
    assert reader_sees(reader, scene)["X-Folio-Cache"] == "hit"
    save_draft(writer_client, scene.snippet, **scene.change)
    assert reader_sees(reader, scene)["X-Folio-Cache"] == "hit"


def test_writers_edit_form_offers_moderation_not_publishing(scene, writer_client):
    html = writer_client.get(admin_url(scene.snippet, "edit")).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_editors_edit_form_offers_publishing(scene, editor_client):
    html = editor_client.get(admin_url(scene.snippet, "edit")).content.decode()
    assert 'name="action-publish"' in html


def test_a_writers_forged_publish_changes_nothing_readers_see(scene, reader, writer_client):
    reader_sees(reader, scene)
    publish(writer_client, scene.snippet, **scene.change)
    page = reader_sees(reader, scene).content.decode()
    assert scene.old_text in page
    assert scene.new_text not in page
    scene.snippet.refresh_from_db()
    assert scene.snippet.live_revision_id is None or scene.new_text not in str(
        scene.snippet.live_revision.content
    )


def test_writer_submits_the_change_to_the_marketing_workflow(scene, reader, writer_client):
    reader_sees(reader, scene)
    assert submit(writer_client, scene.snippet, **scene.change).status_code == 302
    scene.snippet.refresh_from_db()
    assert scene.snippet.workflow_in_progress
    assert scene.snippet.current_workflow_state.workflow.name == "Marketing"
    assert scene.new_text not in reader_sees(reader, scene).content.decode()


def test_a_writer_cannot_approve_the_change(scene, reader, writer_client):
    submit(writer_client, scene.snippet, **scene.change)
    response = approve(writer_client, scene.snippet)
    # Wagtail's admin answers a permission denied by sending the user to the dashboard.
    assert (response.status_code, response.get("Location")) in [(403, None), (302, "/admin/")]
    scene.snippet.refresh_from_db()
    assert scene.snippet.current_workflow_task_state.status == "in_progress"
    assert scene.new_text not in reader_sees(reader, scene).content.decode()


def test_editor_previews_the_change_under_review(scene, writer_client, editor_client):
    submit(writer_client, scene.snippet, **scene.change)
    scene.snippet.refresh_from_db()
    task = scene.snippet.current_workflow_task
    url = (
        f"/admin/snippets/blog/{scene.snippet._meta.model_name}/workflow/preview/"
        f"{scene.snippet.pk}/{task.pk}/"
    )
    response = editor_client.get(url)
    assert response.status_code == 200
    assert scene.new_text in response.content.decode()


def test_editors_approval_shows_the_change_at_once(scene, reader, writer_client, editor_client):
    reader_sees(reader, scene)
    submit(writer_client, scene.snippet, **scene.change)
    assert approve(editor_client, scene.snippet).status_code == 302
    response = reader_sees(reader, scene)
    assert response["X-Folio-Cache"] == "miss"
    assert scene.new_text in response.content.decode()
    assert scene.old_text not in response.content.decode()


def test_editors_publish_shows_the_change_at_once(scene, reader, editor_client):
    reader_sees(reader, scene)
    assert publish(editor_client, scene.snippet, **scene.change).status_code == 302
    response = reader_sees(reader, scene)
    assert response["X-Folio-Cache"] == "miss"
    assert scene.new_text in response.content.decode()


def test_an_editors_draft_is_not_shown_either(scene, reader, editor_client):
    reader_sees(reader, scene)
    save_draft(editor_client, scene.snippet, **scene.change)
    assert scene.new_text not in reader_sees(reader, scene).content.decode()


# --- snippets never published are not shown --------------------------------------------------


def new_author_by_writer(writer_client, name="New Person"):
    response = writer_client.post(
        "/admin/snippets/blog/author/add/",
        {"name": name, "slug": "", "description": "Fresh face.", "avatar": "", "link": PHISHING},
    )
    assert response.status_code == 302
    return Author.objects.get(name=name)


def test_an_author_created_by_a_writer_is_a_draft(blog_index, writer_client):
    assert not new_author_by_writer(writer_client).live


def test_an_unpublished_authors_page_is_not_found(blog_index, reader, writer_client):
    author = new_author_by_writer(writer_client)
    assert reader.get(f"/blog/author/{author.slug}/").status_code == 404
    assert reader.get(f"/blog/author/{author.slug}/feed/").status_code == 404


def test_an_unpublished_categorys_page_is_not_found(blog_index, reader):
    category = CategoryFactory(live=False)
    BlogPageFactory(parent=blog_index, categories=[category])
    assert reader.get(f"/blog/category/{category.slug}/").status_code == 404


def test_a_post_leaves_out_its_unpublished_author_and_category(blog_index, reader):
    shown = AuthorFactory(name="Published Person")
    hidden = AuthorFactory(name="Draft Person", live=False, link=PHISHING)
    category = CategoryFactory(name="Draft Category", live=False)
    post = BlogPageFactory(parent=blog_index, authors=[shown, hidden], categories=[category])
    for url in (post.url, "/blog/", "/blog/feed/"):
        page = reader.get(url).content.decode()
        assert "Published Person" in page
        assert "Draft Person" not in page
        assert PHISHING not in page
        assert "Draft Category" not in page


def test_an_unpublished_call_to_action_is_not_shown(blog_index, reader):
    in_body = CallToActionFactory(heading="Draft body banner", live=False)
    site_wide = CallToActionFactory(heading="Draft site-wide banner", live=False)
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_guest_call_to_action = site_wide
    settings.save()
    post = BlogPageFactory(
        parent=blog_index, body=[("call_to_action", {"snippet": in_body, "audience": "guests"})]
    )
    page = reader.get(post.url).content.decode()
    assert "Draft body banner" not in page
    assert "Draft site-wide banner" not in page
    assert 'class="cta' not in page


def test_the_api_lists_only_published_authors_and_categories(blog_index, reader):
    AuthorFactory(name="Published Person")
    draft_author = AuthorFactory(name="Draft Person", live=False)
    CategoryFactory(name="Published Category")
    draft_category = CategoryFactory(name="Draft Category", live=False)
    authors = reader.get("/api/v2/authors/").json()["items"]
    categories = reader.get("/api/v2/categories/").json()["items"]
    assert [item["name"] for item in authors] == ["Published Person"]
    assert [item["name"] for item in categories] == ["Published Category"]
    assert reader.get(f"/api/v2/authors/{draft_author.pk}/").status_code == 404
    assert reader.get(f"/api/v2/categories/{draft_category.pk}/").status_code == 404


def test_the_api_leaves_unpublished_snippets_out_of_a_post(blog_index, reader):
    cta = CallToActionFactory(heading="Draft banner", live=False)
    post = BlogPageFactory(
        parent=blog_index,
        authors=[AuthorFactory(name="Published Person"), AuthorFactory(name="Draft", live=False)],
        categories=[CategoryFactory(name="Draft Category", live=False)],
        body=[("call_to_action", {"snippet": cta, "audience": "guests"})],
    )
    data = reader.get(f"/api/v2/pages/{post.pk}/").json()
    assert [author["name"] for author in data["authors"]] == ["Published Person"]
    assert data["categories"] == []
    assert "Draft banner" not in str(data["body"])


def test_publishing_a_new_author_shows_their_page(blog_index, reader, writer_client, editor_client):
    author = new_author_by_writer(writer_client)
    BlogPageFactory(parent=blog_index, authors=[author])
    assert reader.get(f"/blog/author/{author.slug}/").status_code == 404
    submit(writer_client, author)
    approve(editor_client, author)
    response = reader.get(f"/blog/author/{author.slug}/")
    assert response.status_code == 200
    assert "New Person" in response.content.decode()


def test_unpublishing_an_author_takes_them_off_pages_at_once(blog_index, reader, editor_client):
    author = AuthorFactory(name="Leaving Person")
    post = BlogPageFactory(parent=blog_index, authors=[author])
    assert "Leaving Person" in reader.get(post.url).content.decode()
    response = editor_client.post(admin_url(author, "unpublish"))
    assert response.status_code == 302
    response = reader.get(post.url)
    assert response["X-Folio-Cache"] == "miss"
    assert "Leaving Person" not in response.content.decode()
    assert reader.get(f"/blog/author/{author.slug}/").status_code == 404


def test_a_writer_previews_a_new_authors_page(blog_index, writer_client):
    preview_url = "/admin/snippets/blog/author/preview/"
    data = {"name": "Preview Person", "slug": "", "description": "Hi.", "avatar": "", "link": ""}
    assert writer_client.post(preview_url, data).json()["is_valid"]
    response = writer_client.get(preview_url)
    assert response.status_code == 200
    assert "Preview Person" in response.content.decode()
    assert not Author.objects.filter(name="Preview Person").exists()


# --- snippets made outside the admin ---------------------------------------------------------


def test_imported_authors_and_categories_are_live(blog_index, reader):
    report = run_import(OVERWORK_POST, blog_index)
    assert not report.failed
    author = Author.objects.get(name="Quire Marketing Team")
    category = Category.objects.get(name__iexact="Productivity-tips")
    assert author.live and category.live
    assert reader.get(f"/blog/author/{author.slug}/").status_code == 200
    assert reader.get(f"/blog/category/{category.slug}/").status_code == 200


def test_existing_snippets_stay_live_with_their_content_as_first_revision():
    migration = importlib.import_module(
        "blog.migrations.0005_snippets_reviewed_in_marketing_workflow"
    )
    author = AuthorFactory(link="https://example.com/jane")  # made in code: no revision
    migration.record_live_revisions(django_apps, None)
    author.refresh_from_db()
    assert author.live
    assert author.live_revision_id is not None
    assert author.latest_revision_id == author.live_revision_id
    assert author.live_revision.as_object().link == "https://example.com/jane"


def test_the_jekyll_export_keeps_a_call_to_action_not_yet_published(db):
    # The export is the editors' copy of every post, drafts included, not the readers' view.
    cta = CallToActionFactory(heading="Draft banner", url="https://example.com/draft", live=False)
    writer = MarkdownWriter(image_url=str, page_url=str)
    markdown = writer.block_call_to_action({"snippet": cta, "audience": "guests"})
    assert "Draft banner" in markdown
    assert "https://example.com/draft" in markdown
