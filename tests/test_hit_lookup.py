"""With the page cache in Redis, a hit reads the generation and its copy in one round trip
(ops/hit_lookup.py), and answers exactly what the two separate reads would.

Against the real Redis CI runs (FOLIO_TEST_REDIS_URL), each test under its own key
prefix, through the real WSGI application as gunicorn calls it.
"""

import uuid

import pytest
import redis
from django.core.cache import caches
from wagtail.models import Site

from blog.site_settings import BlogSettings
from ops import hit_lookup, page_cache
from tests.analytics_fixtures import REDIS_URL
from tests.factories import BlogPageFactory
from tests.test_cached_hits import get
from tests.wsgi_fixtures import (  # noqa: F401 (fixtures)
    connections_kept_fixture,
    django_requests_fixture,
)

pytestmark = pytest.mark.django_db


def redis_cache(prefix, **options):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_TIMEOUT": 1, **options},
    }


@pytest.fixture(name="redis_page_cache")
def redis_page_cache_fixture(settings):
    """The page cache and the generation in Redis, as production has them with REDIS_URL."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL} (.ci/run starts it)")
    prefix = f"test-hits-{uuid.uuid4().hex}"
    settings.CACHES = {"default": redis_cache(prefix)}
    settings.FOLIO_GENERATION_CACHE_ALIAS = "default"
    settings.FOLIO_PAGE_CACHE = True
    yield caches["default"]
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def post(blog_index):
    BlogSettings.for_site(Site.objects.get(is_default_site=True))
    return BlogPageFactory(parent=blog_index, title="Kept in Redis")


def key_for_test(generation):
    return f"folio:hits1:{generation}:guest:gzip:test"


def test_one_round_trip_finds_the_copy_kept_under_the_current_generation(redis_page_cache):
    generation = page_cache.current_generation()
    redis_page_cache.set(key_for_test(generation), ("200 OK", (), b"kept"), 60)

    assert hit_lookup.read_both(redis_page_cache, key_for_test) == (
        key_for_test(generation),
        ("200 OK", (), b"kept"),
    )


def test_one_round_trip_misses_a_copy_of_an_earlier_generation(redis_page_cache):
    redis_page_cache.set(key_for_test(page_cache.current_generation()), ("200 OK", (), b"old"), 60)
    page_cache._bump_generation()

    key, entry = hit_lookup.read_both(redis_page_cache, key_for_test)

    assert entry is None
    assert key == key_for_test(page_cache.current_generation())


def test_without_a_generation_yet_the_two_steps_set_one(redis_page_cache):
    assert hit_lookup.read_both(redis_page_cache, key_for_test) is None

    key, entry = hit_lookup.kept_entry(key_for_test)

    assert entry is None
    assert key == key_for_test(page_cache.current_generation())


def test_a_versioned_key_is_found_as_django_redis_writes_it(redis_page_cache, settings):
    settings.CACHES = {"default": {**settings.CACHES["default"], "VERSION": 7}}
    cache = caches["default"]
    generation = page_cache.current_generation()
    cache.set(key_for_test(generation), ("200 OK", (), b"seven"), 60)

    assert hit_lookup.read_both(cache, key_for_test)[1] == ("200 OK", (), b"seven")


def test_unreachable_redis_is_a_miss_and_django_answers(settings, post, django_requests):
    settings.CACHES = {"default": redis_cache("test-down", SOCKET_CONNECT_TIMEOUT=0.2)}
    settings.CACHES["default"]["LOCATION"] = "redis://127.0.0.1:9/0"  # nothing listens
    settings.FOLIO_GENERATION_CACHE_ALIAS = "default"
    settings.FOLIO_PAGE_CACHE = True

    answer = get(post.url)

    assert answer.status_code == 200
    assert "Kept in Redis" in answer.text()
    assert len(django_requests) == 1


def test_a_repeated_get_is_answered_from_redis_before_django(
    redis_page_cache, post, django_requests
):
    first = get(post.url)
    answered_by_django = len(django_requests)

    second = get(post.url)

    assert len(django_requests) == answered_by_django
    assert second.body == first.body
    assert "Kept in Redis" in second.text()


def test_a_publish_retires_the_copy_kept_in_redis(redis_page_cache, post, django_requests):
    get(post.url)
    post.title = "Retitled and republished"
    post.save_revision().publish()

    answer = get(post.url)

    assert "Retitled and republished" in answer.text()


def test_a_redis_restarted_without_the_script_is_given_it_again(redis_page_cache):
    generation = page_cache.current_generation()
    redis_page_cache.set(key_for_test(generation), ("200 OK", (), b"kept"), 60)
    hit_lookup.read_both(redis_page_cache, key_for_test)
    redis.Redis.from_url(REDIS_URL).script_flush()  # as after a restart

    assert hit_lookup.read_both(redis_page_cache, key_for_test)[1] == ("200 OK", (), b"kept")
