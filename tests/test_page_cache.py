"""The page cache serves anonymous readers and never shows them stale or personal content."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from tests.factories import AuthorFactory, BlogPageFactory

pytestmark = pytest.mark.django_db

FEED = "/blog/feed/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.FOLIO_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def get(client, url=FEED, **extra):
    return client.get(url, **extra)


def test_second_anonymous_request_is_served_from_cache(client, blog_index):
    BlogPageFactory(parent=blog_index)
    assert get(client)["X-Folio-Cache"] == "miss"
    assert get(client)["X-Folio-Cache"] == "hit"


def test_publishing_a_post_shows_it_at_once(client, blog_index):
    BlogPageFactory(parent=blog_index, title="First post")
    get(client)
    BlogPageFactory(parent=blog_index, title="Fresh post")
    response = get(client)
    assert response["X-Folio-Cache"] == "miss"
    assert b"Fresh post" in response.content


def test_unpublishing_a_post_removes_it_at_once(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Soon gone")
    assert b"Soon gone" in get(client).content
    post.unpublish()
    assert b"Soon gone" not in get(client).content


def test_a_lost_generation_number_never_brings_back_an_unpublished_post(client, blog_index):
    """The number that retires cached copies can be lost while the copies stay (its file
    deleted, its Redis key evicted): counting must not start again where old copies wait."""
    from ops.page_cache import generation_cache

    post = BlogPageFactory(parent=blog_index, title="Soon gone")
    generation_cache().clear()
    assert b"Soon gone" in get(client).content  # kept under the number it started at
    post.unpublish()
    assert b"Soon gone" not in get(client).content
    generation_cache().clear()
    response = get(client)
    assert response["X-Folio-Cache"] == "miss"
    assert b"Soon gone" not in response.content


def test_deleting_a_post_removes_it_at_once(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Deleted post")
    assert b"Deleted post" in get(client).content
    post.delete()
    assert b"Deleted post" not in get(client).content


def test_editing_an_author_refreshes_pages_that_show_them(client, blog_index):
    author = AuthorFactory(name="Old Name")
    BlogPageFactory(parent=blog_index, authors=[author])
    assert b"Old Name" in get(client).content
    author.name = "New Name"
    author.save()
    assert b"New Name" in get(client).content


def test_logged_in_editors_bypass_the_cache(client, blog_index):
    BlogPageFactory(parent=blog_index)
    get(client)
    client.force_login(User.objects.create_user("editor"))
    assert "X-Folio-Cache" not in get(client)


def test_requests_with_a_session_cookie_bypass_the_cache(client, blog_index):
    get(client)
    client.cookies["sessionid"] = "anything"
    assert "X-Folio-Cache" not in get(client)


def test_members_and_guests_get_separate_copies(client, blog_index):
    get(client)
    client.cookies["folio_member"] = "1"
    assert get(client)["X-Folio-Cache"] == "miss"
    assert get(client)["X-Folio-Cache"] == "hit"


def test_cached_responses_vary_on_cookie(client, blog_index):
    assert "Cookie" in get(client)["Vary"]


def test_posts_are_never_cached(client, blog_index):
    response = client.post(FEED)
    assert "X-Folio-Cache" not in response


def test_admin_is_never_cached(client, blog_index):
    assert "X-Folio-Cache" not in client.get("/admin/login/")


def test_health_check_is_never_cached(client, blog_index):
    client.get("/healthz")
    assert "X-Folio-Cache" not in client.get("/healthz")


def test_cache_can_be_switched_off(client, blog_index, settings):
    settings.FOLIO_PAGE_CACHE = False
    get(client)
    assert "X-Folio-Cache" not in get(client)


def test_publishing_a_revision_refreshes_cached_pages(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Before edit")
    assert b"Before edit" in get(client).content
    post.title = "After edit"
    post.save_revision().publish()
    assert b"After edit" in get(client).content


def test_saving_a_draft_keeps_the_cached_copy(client, blog_index):
    post = BlogPageFactory(parent=blog_index, title="Published title")
    get(client)
    post.title = "Draft title"
    post.save_revision()
    response = get(client)
    assert response["X-Folio-Cache"] == "hit"
    assert b"Draft title" not in response.content


def test_making_a_post_private_hides_it_at_once(client, blog_index):
    from wagtail.models import PageViewRestriction

    post = BlogPageFactory(parent=blog_index, title="Soon private")
    assert b"Soon private" in get(client).content
    PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")
    assert b"Soon private" not in get(client).content


def test_cached_api_responses_answer_conditional_requests(client, blog_index):
    BlogPageFactory(parent=blog_index)
    url = "/api/v2/pages/?type=blog.BlogPage"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response["X-Folio-Cache"] == "hit"
    assert response.status_code == 304


def test_api_responses_do_not_vary_on_cookies(client, blog_index):
    url = "/api/v2/pages/?type=blog.BlogPage"
    client.get(url)
    client.cookies["folio_member"] = "1"
    response = client.get(url)
    assert response["X-Folio-Cache"] == "hit"
    assert "Cookie" not in response.get("Vary", "")


def test_renaming_a_tag_refreshes_cached_pages(client, blog_index):
    from taggit.models import Tag

    BlogPageFactory(parent=blog_index, tag_names=["old-tag"])
    assert b"old-tag" in get(client).content
    tag = Tag.objects.get(name="old-tag")
    tag.name = "new-tag"
    tag.save()
    assert b"new-tag" in get(client).content


def test_cached_copy_is_sent_gzipped_to_clients_that_accept_it(client, blog_index):
    import gzip

    BlogPageFactory(parent=blog_index, title="Compressed post")
    plain = get(client)
    response = get(client, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["X-Folio-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    assert int(response["Content-Length"]) == len(response.content)


def test_cached_copy_is_sent_plain_to_clients_without_gzip(client, blog_index):
    BlogPageFactory(parent=blog_index, title="Plain post")
    get(client, HTTP_ACCEPT_ENCODING="gzip")
    response = get(client)
    assert response["X-Folio-Cache"] == "hit"
    assert "Content-Encoding" not in response
    assert b"Plain post" in response.content


def test_gzipped_cached_api_copy_answers_conditional_requests(client, blog_index):
    BlogPageFactory(parent=blog_index)
    url = "/api/v2/pages/?type=blog.BlogPage&fields=*"
    strong_etag = client.get(url)["ETag"]
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["X-Folio-Cache"] == "hit"
    assert gzipped["ETag"] == f"W/{strong_etag}"
    for etag in (strong_etag, gzipped["ETag"]):
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING="gzip")
        assert revalidated.status_code == 304


def test_cached_api_copy_keeps_cors_and_caching_headers(client, blog_index):
    BlogPageFactory(parent=blog_index)
    url = "/api/v2/pages/?type=blog.BlogPage&fields=*"
    first = client.get(url, HTTP_ORIGIN="https://front.example.org")
    hit = client.get(url, HTTP_ORIGIN="https://front.example.org", HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Folio-Cache"] == "hit"
    assert hit["Access-Control-Allow-Origin"] == "*"
    changed_by_gzip = {"X-Folio-Cache", "Content-Encoding", "Content-Length", "ETag", "Vary"}
    assert {k: v for k, v in hit.items() if k not in changed_by_gzip} == {
        k: v for k, v in first.items() if k not in changed_by_gzip
    }


def test_cached_redirect_keeps_its_status_and_location(client, blog_index):
    post = BlogPageFactory(parent=blog_index, slug="moved-post")
    first = get(client, f"{blog_index.url}p/moved-post.html")
    hit = get(client, f"{blog_index.url}p/moved-post.html")
    assert hit["X-Folio-Cache"] == "hit"
    assert (hit.status_code, hit["Location"]) == (301, first["Location"])
    assert first["Location"].endswith(post.url)


def test_without_redis_every_worker_process_reads_one_generation(settings, blog_index):
    """gunicorn's workers each have their own memory: the number that retires cached
    copies lives where all of them read it, so a publish in one reaches the others."""
    from django.core.cache.backends.filebased import FileBasedCache

    from ops.page_cache import GENERATION_KEY, current_generation

    assert "generation" in settings.CACHES, "tests run without REDIS_URL"
    other_worker = FileBasedCache(settings.CACHES["generation"]["LOCATION"], {})
    before = current_generation()
    assert other_worker.get(GENERATION_KEY) == before
    BlogPageFactory(parent=blog_index, title="Published through this worker")
    assert other_worker.get(GENERATION_KEY) > before


def test_a_batch_of_changes_retires_cached_copies_once_when_it_ends(client, blog_index):
    from ops.page_cache import current_generation, one_invalidation_after

    BlogPageFactory(parent=blog_index, title="Before the batch")
    assert get(client)["X-Folio-Cache"] == "miss"
    before = current_generation()
    with one_invalidation_after("test batch"):
        BlogPageFactory(parent=blog_index, title="First in the batch")
        BlogPageFactory(parent=blog_index, title="Second in the batch")
        assert current_generation() == before
    assert current_generation() == before + 1
    response = get(client)
    assert response["X-Folio-Cache"] == "miss"
    assert b"Second in the batch" in response.content
