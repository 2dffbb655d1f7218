"""Reader-facing HTML routes never answer 500, whatever the URL carries.

Page numbers, tag/category/author slugs (also under their feeds), legacy permalinks and
search queries get the inputs a crawler, a typo or an attacker sends: very long, unicode,
percent-encoded, SQL-looking, empty, NUL. A 200, 301, 400 or 404 is fine; a 500 is not.

The parametrized cases are the known-awkward inputs; the Hypothesis tests add random ones
(a few dozen per route, thousands with ``HYPOTHESIS_PROFILE=full``). As in
``test_api_fuzz``, each test builds its content once and runs its examples in an inner
``@given`` function: the requests only read, so the examples may share it.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from tests.factories import AuthorFactory, CategoryFactory
from tests.hypothesis_profiles import fuzz_settings
from tests.page_fixtures import make_post

pytestmark = pytest.mark.django_db

FUZZ = fuzz_settings(default=40, full=600, suppress=[HealthCheck.data_too_large])

PAGE_NUMBERS = [
    "0", "-1", "abc", "1e9", "999999999999999999999999", str(2**63), "1.5", "", " ", "٣",
    "１", "½", "NaN", "inf", "1 OR 1=1", "%00", "\x00", "2%00", "😀",
]  # fmt: skip
SLUGS = [
    "nope", "é", "日本語", "😀", "a" * 5000, "%00", "%ZZ", "a%2Fb", "' OR '1'='1",
    '"; DROP TABLE taggit_tag; --', "..", " ", "-", "_", "<script>alert(1)<%2Fscript>",
]  # fmt: skip
SEARCH_QUERIES = [
    "", " ", "a" * 10_000, "日本語 テスト", "😀" * 100, "' OR 1=1 --", '" OR ""="',
    "1; DROP TABLE wagtailcore_page", "\x00", "a\x00b", "%", "_", "*", "AND OR NOT", '"',
    "(", ")", "-", "+", "~", "\\", "\u202e", "<script>alert(1)</script>",
]  # fmt: skip
FILTERED_LISTINGS = ["tag", "category", "author"]
SUFFIXES = ["", "feed/", "feed/atom/"]

# Any unicode but lone surrogates, which cannot be encoded in a URL at all.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)


@pytest.fixture(name="blog")
def blog_fixture(blog_index):
    """A blog with one post having a tag, a category and an author to filter on."""
    make_post(
        blog_index,
        slug="remote-work",
        tag_names=["remote"],
        categories=[CategoryFactory(name="Culture", slug="culture")],
        authors=[AuthorFactory(name="Ann", slug="ann")],
    )
    return blog_index


def assert_not_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, url
    return response


def test_malformed_page_numbers_are_not_server_errors(client, blog):
    for path in ["/blog/", "/blog/tag/remote/", "/blog/author/ann/", "/search/?q=remote&"]:
        separator = "&" if "?" in path else "?"
        for number in PAGE_NUMBERS:
            assert_not_a_server_error(client, f"{path}{separator}page={quote(number, safe='')}")


def test_malformed_page_numbers_of_the_blog_are_404(client, blog):
    for number in ["0", "-1", "abc", "1e9", "999999999999999999999999"]:
        assert client.get(f"/blog/?page={number}").status_code == 404, number


@pytest.mark.parametrize("listing", FILTERED_LISTINGS)
def test_awkward_filter_slugs_are_not_server_errors(client, blog, listing):
    for slug in SLUGS:
        for suffix in SUFFIXES:
            assert_not_a_server_error(client, f"/blog/{listing}/{quote(slug, safe='%')}/{suffix}")


@pytest.mark.parametrize("listing", FILTERED_LISTINGS)
def test_unknown_filter_slug_is_404(client, blog, listing):
    assert client.get(f"/blog/{listing}/%E6%97%A5%E6%9C%AC/").status_code == 404


def test_awkward_legacy_permalinks_are_not_server_errors(client, blog):
    for slug in SLUGS:
        assert_not_a_server_error(client, f"/blog/p/{quote(slug, safe='%')}.html")


def test_awkward_post_slugs_are_not_server_errors(client, blog):
    for slug in SLUGS:
        assert_not_a_server_error(client, f"/blog/{quote(slug, safe='%')}/")


def test_awkward_search_queries_are_answered(client, blog):
    for query in SEARCH_QUERIES:
        url = f"/search/?q={quote(query, safe='')}"
        assert client.get(url).status_code == 200, url


def test_search_ignores_double_quotes_and_nul_characters(client, blog):
    for query in ['"remote"', '"remote', "remo\x00te", '" remote "']:
        response = client.get("/search/", {"q": query})
        assert b"/blog/remote-work/" in response.content, query


def test_very_long_search_is_cut_to_its_start(client, blog):
    response = client.get("/search/", {"q": "remote" + " " * 10_000 + "x"})
    assert b"/blog/remote-work/" in response.content


def test_filtered_listings_take_any_slug(client, blog):
    @FUZZ
    @given(
        listing=st.sampled_from(FILTERED_LISTINGS),
        suffix=st.sampled_from(SUFFIXES),
        slug=any_text.filter(lambda text: text not in ("", ".", "..")),
        page=st.one_of(st.none(), any_text),
    )
    def check(listing, suffix, slug, page):
        url = f"/blog/{listing}/{quote(slug, safe='')}/{suffix}"
        if page is not None:
            url += f"?page={quote(page, safe='')}"
        assert_not_a_server_error(client, url)

    check()


def test_search_takes_any_query_and_page(client, blog):
    @FUZZ
    @given(query=any_text, page=st.one_of(st.none(), any_text, st.integers().map(str)))
    def check(query, page):
        url = f"/search/?q={quote(query, safe='')}"
        if page is not None:
            url += f"&page={quote(page, safe='')}"
        assert_not_a_server_error(client, url)

    check()


def test_blog_index_takes_any_page_number(client, blog):
    @FUZZ
    @given(page=st.one_of(any_text, st.integers().map(str), st.floats().map(str)))
    def check(page):
        assert_not_a_server_error(client, f"/blog/?page={quote(page, safe='')}")

    check()


def test_legacy_permalinks_take_any_slug(client, blog):
    @FUZZ
    @given(slug=any_text.filter(lambda text: text not in ("", ".", "..")))
    def check(slug):
        assert_not_a_server_error(client, f"/blog/p/{quote(slug, safe='')}.html")

    check()
