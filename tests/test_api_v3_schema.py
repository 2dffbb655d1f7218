"""Schemathesis against Wagtail's API v3, from its own OpenAPI schema (/api/v3/openapi.json).

Every read (GET) is called anonymously and with an administrator's token, with generated
parameters: no answer may be a server error or differ from the schema. Each query
parameter of each read also gets the values that broke v3 before (NUL characters, numbers
past 64 bits, negative numbers): the answer is a 2xx, 3xx or a problem+json 4xx. Every
write (POST, PUT, PATCH, DELETE) without a token must be refused with 401 or 403 and
change nothing. All of it runs on SQLite and on PostgreSQL (``DATABASE_URL``), whose
text columns refuse NUL characters.

The app is called in-process through WSGI, inside the test's database transaction, on a
blog with a post carrying every block type (reads of content), the site alone (reads of
redirects, schemas, sites, whoami) or a plain post (the rest). Examples per operation: a handful by
default, hundreds with ``HYPOTHESIS_PROFILE=full`` (``make fuzz``); derandomised.
Schemathesis' own pytest loader (``from_fixture``) does not work with pytest 9 (it sets
``node._nodeid``), so each operation's Hypothesis strategy is used directly.
"""

from urllib.parse import quote

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from wagtail.models import APIToken

from blog.models import BlogPage
from tests.api_fixtures import document_fixture, rich_post_fixture  # noqa: F401
from tests.factories import AuthorFactory, BlogPageFactory
from tests.hypothesis_profiles import fuzz_settings

FUZZ = fuzz_settings(default=8, full=60, suppress=[HealthCheck.filter_too_much])

# The schema is built from code alone (no database), so it can be read at collection.
SCHEMA = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def serves_no_model(operation):
    """Wagtail's snippet revision and workflow operations exist for snippets with
    revisions or draft states; Folio has none, so Wagtail declares their ``type`` as
    ``{"const": ""}``, a path segment no request can have. Nothing can be generated for
    them; ``test_operations_for_no_snippet_type_are_closed_to_anonymous_users`` covers them instead."""
    return any(
        parameter.definition.get("schema", {}).get("const") == ""
        for parameter in operation.path_parameters
    )


UNREACHABLE = [operation for operation in OPERATIONS if serves_no_model(operation)]
TESTABLE = [operation for operation in OPERATIONS if not serves_no_model(operation)]
READS = [operation for operation in TESTABLE if operation.method.upper() == "GET"]
# Invalid input needs a parameter to be invalid in.
READS_WITH_PARAMETERS = [
    operation for operation in READS if operation.path_parameters or operation.query
]
WRITES = [operation for operation in TESTABLE if operation.method.upper() != "GET"]

pytestmark = pytest.mark.django_db


# Schemathesis asks for gzip as ``requests`` does, but its WSGI transport does not
# decompress what Folio's gzip middleware then sends.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(name="post")
def post_fixture(blog_index):
    """One plain post: enough for the tests that only look at status codes."""
    return BlogPageFactory(parent=blog_index, slug="plain")


@pytest.fixture(autouse=True)
def connection_kept_across_requests():
    """Keep the test's connection open between the in-process requests.

    Django closes a connection whose autocommit differs from its settings at the end of
    each request, which inside a test's transaction it always does; Django's own test
    client disconnects the same receiver for the same reason.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Reads whose answers hold no page, image, document or snippet: the site alone will do,
# without building the post with every block first.
SITE_ONLY_PREFIXES = tuple(
    f"/api/v3/{name}/" for name in ("redirects", "schema", "sites", "whoami")
)


def content_for(operation, request):
    """What ``operation`` has to read: the rich post, or only the site when it shows none."""
    fixture = "home_page" if operation.path.startswith(SITE_ONLY_PREFIXES) else "rich_post"
    return request.getfixturevalue(fixture)


@pytest.mark.parametrize("operation", READS, ids=lambda operation: operation.label)
def test_anonymous_reads_match_the_schema_and_never_fail(request, operation):
    content_for(operation, request)

    @FUZZ
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(
            headers=PLAIN, checks=[not_a_server_error, response_schema_conformance]
        )

    check()


@pytest.fixture(name="admin_token")
def admin_token_fixture(db):
    """A superuser's token: every read is open to it, the token-only ones included."""
    user = User.objects.create_superuser("fuzz-admin", "admin@example.com", "x")
    _, plaintext = APIToken.create_token(user=user, name="fuzz")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.mark.parametrize("operation", READS, ids=lambda operation: operation.label)
def test_token_reads_match_the_schema_and_never_fail(request, admin_token, operation):
    content_for(operation, request)

    @FUZZ
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(
            headers={**PLAIN, **admin_token},
            checks=[not_a_server_error, response_schema_conformance],
        )

    check()


# Values that were a 500 (HTML) before Folio's layer: NUL in text PostgreSQL refuses,
# numbers past 64 bits the database cannot take, negative numbers.
AWKWARD_VALUES = [
    "\x00", "a\x00b", "9223372036854775808", "99999999999999999999999", "-1",
    "-9223372036854775809", "0", "", "%00", "é", "' OR 1=1 --", "a" * 300,
]  # fmt: skip


def awkward_requests(operation, post):
    """(path, query) pairs: each query parameter of ``operation`` with each awkward value,
    the path's parameters set to the plain post (or its type)."""
    path = operation.path.format(
        **{
            parameter.name: "blog.BlogPage" if parameter.name in ("type", "type_name") else post.pk
            for parameter in operation.path_parameters
        }
    )
    for parameter in operation.query:
        for value in AWKWARD_VALUES:
            yield path, f"{quote(parameter.name)}={quote(value, safe='')}"


@pytest.mark.parametrize("operation", READS, ids=lambda operation: operation.label)
def test_reads_with_awkward_query_values_are_json_answers(client, post, admin_token, operation):
    headers = {"HTTP_AUTHORIZATION": admin_token["Authorization"]}
    for path, query in awkward_requests(operation, post):
        for credentials in ({}, headers):
            response = client.get(f"{path}?{query}", **credentials)
            assert response.status_code < 500, (path, query, response.content[:300])
            if response.status_code >= 400:
                assert response["Content-Type"] == "application/problem+json", (path, query)


@pytest.mark.parametrize("operation", READS_WITH_PARAMETERS, ids=lambda operation: operation.label)
def test_anonymous_reads_with_invalid_parameters_are_not_server_errors(post, operation):
    @FUZZ
    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def check(case):
        case.call_and_validate(headers=PLAIN, checks=[not_a_server_error])

    check()


@pytest.mark.parametrize("operation", WRITES, ids=lambda operation: operation.label)
def test_anonymous_writes_are_refused(post, operation):
    posts_before = BlogPage.objects.count()

    @FUZZ
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(headers=PLAIN)
        assert response.status_code in (401, 403), (case.formatted_path, response.text[:300])

    check()
    assert BlogPage.objects.count() == posts_before


@pytest.mark.parametrize("operation", UNREACHABLE, ids=lambda operation: operation.label)
def test_operations_for_no_snippet_type_are_closed_to_anonymous_users(client, post, operation):
    author = AuthorFactory()
    url = operation.path.format(type="blog.Author", pk=author.pk, revision_id=1)
    response = client.generic(operation.method.upper(), url)
    assert response.status_code in (401, 403, 404), response.content[:300]
