"""Property-based fuzzing of every API v2 endpoint: no input is a server error.

Hypothesis sends query strings mixing the parameter names the API knows with garbage
(unicode, NUL bytes, huge and negative numbers, SQL, broken percent-encoding, repeated
keys), on listings, details, ``find/`` and ``slug/`` lookups and random path suffixes.
Every answer must be below 500, and every 4xx must be JSON with a ``message``.

Example counts: a few dozen per endpoint by default (the file runs in about a minute);
``HYPOTHESIS_PROFILE=full`` (``make fuzz``) sends thousands per endpoint. Examples are
derandomised, so a CI failure reproduces on any machine.

Each test resolves its fixtures once and runs its examples in an inner ``@given``
function, so all examples share one database state. That is sound because they only
read: nothing one example does can change what the next one sees. (Hypothesis refuses
``@given`` on a test with function-scoped fixtures for the opposite case.)
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from tests.api_fixtures import document_fixture, rich_post_fixture  # noqa: F401
from tests.hypothesis_profiles import fuzz_settings

# Long awkward values (5,000 characters) are more data than Hypothesis likes to draw.
FUZZ = fuzz_settings(default=40, full=600, suppress=[HealthCheck.data_too_large])

API = "/api/v2"
ENDPOINTS = ["pages", "images", "documents", "authors", "categories", "tags", "page_preview"]
PARAMETER_NAMES = [
    "type", "fields", "tags", "category", "author", "date_after", "date_before", "order",
    "limit", "offset", "search", "search_operator", "audience", "child_of", "ancestor_of",
    "descendant_of", "translation_of", "locale", "html_path", "slug", "id", "title", "format",
    "rich_text_format", "content_type", "token", "site", "_", "date", "first_published_at",
    "show_in_menus", "name", "collection", "file", "width",
]  # fmt: skip
AWKWARD_VALUES = [
    "", " ", "0", "1", "-1", "1e9", "1.5", "99999999999999999999999", str(2**63), str(-(2**63)),
    "NaN", "inf", "null", "true", "*", "-", ",", ",,", "_", "-title", "title,-title", "random",
    "id", "-id", "blog.BlogPage", "blog.blogpage", "wagtailcore.Page", "blog.Nope", "auth.User",
    "nope.Page", "blog.", ".", "²", "٣", "2021-01-01", "2021-13-45", "2021-01-01T25:61:00", "guests",
    "members", "everyone", "html", "json", "api", "/", "/blog/", "//evil.example", "..",
    "' OR 1=1 --", '"', '"work', '"; DROP TABLE wagtailcore_page; --', "1; SELECT pg_sleep(1)", "%", "%%",
    "%00", "%ZZ", "%C3%28", "\x00", "a\x00b", "é", "日本語", "😀", "\u202e", "<script>", "a" * 5000,
    "*,-title", "title,title", "-*", "_,id", "meta", "and", "or", "AND", "title(" * 3000,
    "(" * 3000, ",".join(["tag"] * 21), ",".join(["title"] * 21),
]  # fmt: skip

# Any unicode but lone surrogates, which cannot be encoded in a URL at all.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
parameter_names = st.one_of(st.sampled_from(PARAMETER_NAMES), any_text)
parameter_values = st.one_of(st.sampled_from(AWKWARD_VALUES), numbers, any_text)


@st.composite
def query_strings(draw):
    """A raw query string: encoded pairs, repeated keys, sometimes broken escapes."""
    pairs = draw(st.lists(st.tuples(parameter_names, parameter_values), max_size=6))
    parts = [f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs]
    if draw(st.booleans()):
        raw = draw(st.sampled_from(["%", "%Z", "a=%E2%82", "=", "&&", "a", "a=b=c", "%00=%00"]))
        parts.insert(draw(st.integers(0, len(parts))), raw)
    return "&".join(parts)


path_segments = st.one_of(
    st.sampled_from(
        [
            "1",
            "0",
            "-1",
            str(2**63),
            "99999999999999999999999",
            "find",
            "slug",
            "x",
            "%00",
            "%ZZ",
            "..",
            "work-life-integration",
            "1e3",
            " ",
            "%20",
        ]
    ),  # fmt: skip
    any_text.map(lambda text: quote(text, safe="")),
)


@st.composite
def endpoint_paths(draw, endpoint):
    """The endpoint's listing, a detail, ``find/``, ``slug/…`` or a random suffix."""
    segments = draw(
        st.one_of(
            st.just([]),
            st.lists(path_segments, min_size=1, max_size=3),
            st.tuples(st.just("slug"), path_segments).map(list),
            st.tuples(st.just("find")).map(list),
        )
    )
    return f"{API}/{endpoint}/" + "".join(f"{segment}/" for segment in segments)


def assert_no_server_error(response, url):
    assert response.status_code < 500, (url, response.content[:300])
    if 400 <= response.status_code < 500:
        assert response["Content-Type"].startswith("application/json"), (url, response.status_code)
        assert "message" in response.json(), (url, response.content[:300])


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_random_requests_get_no_server_error_and_json_errors(client, rich_post, endpoint):
    @FUZZ
    @given(path=endpoint_paths(endpoint), query=query_strings())
    def check(path, query):
        url = f"{path}?{query}" if query else path
        assert_no_server_error(client.get(url), url)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_known_parameters_with_awkward_values_get_no_server_error(client, rich_post, endpoint):
    pairs = st.lists(
        st.tuples(st.sampled_from(PARAMETER_NAMES), st.sampled_from(AWKWARD_VALUES)),
        min_size=1,
        max_size=4,
    )

    @FUZZ
    @given(pairs=pairs, typed=st.booleans())
    def check(pairs, typed):
        params = [("type", "blog.BlogPage")] if typed else []
        query = "&".join(f"{name}={quote(value, safe='')}" for name, value in params + pairs)
        url = f"{API}/{endpoint}/?{query}"
        assert_no_server_error(client.get(url), url)

    check()


@pytest.mark.django_db
def test_search_with_a_double_quote_is_answered(client, rich_post):
    # search/backends.py drops the quote that Wagtail's SQLite backend cannot take.
    response = client.get(f"{API}/pages/", {"search": '"work'})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_across_every_page_type_is_answered(client, rich_post):
    response = client.get(f"{API}/pages/", {"search": "integration"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [rich_post.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS[:-1])
def test_find_with_a_malformed_id_is_a_400_with_a_message(client, home_page, endpoint):
    # The id is refused before any lookup: no content is needed.
    for raw_id in ("", "abc", "²", "-1", str(2**64)):
        response = client.get(f"{API}/{endpoint}/find/", {"id": raw_id})
        assert response.status_code == 400, (endpoint, raw_id)
        assert response.json()["message"] == "id must be a positive integer"


@pytest.mark.django_db
def test_unknown_paths_under_the_api_are_json_errors(client, home_page):
    for url in (f"{API}/nope/", f"{API}/pages/abc/", f"{API}/pages/1/x/", f"{API}/images/%0A/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "message" in response.json(), url
