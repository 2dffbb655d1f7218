"""The new filter forms (any of, none of, ``exclude``) cost the same whatever the number of
values, as issue #12 made ``tags=a,b`` do (tests/test_api_filter_cost.py): 2 and 20
values send as many queries, each planned with as many joins and subqueries."""

import pytest

from tests.api_fixtures import API, POST_TYPE
from tests.test_api_filter_cost import (
    MAX_VALUES,
    TAGS,
    join_count,
    plan,
    select_queries,
    sent_queries,
    tagged_fixture,  # noqa: F401 (the ``tagged`` fixture)
)

pytestmark = pytest.mark.django_db

SLUGS = [f"slug-{n}" for n in range(MAX_VALUES)]
# (parameter, its values joined for 2 and for 20 values)
FORMS = [
    ("tags", lambda values: "|".join(values), TAGS),
    ("tags!", ",".join, TAGS),
    ("category", lambda values: "|".join(["remote", *values]), SLUGS),
    ("category", lambda values: ",".join(["remote", *values]), SLUGS),
    ("category!", ",".join, SLUGS),
    ("author", lambda values: "|".join(["ann", *values]), SLUGS),
    ("author!", ",".join, SLUGS),
    ("exclude", ",".join, [str(n) for n in range(10_000, 10_000 + MAX_VALUES)]),
]


def url(name, joined):
    return f"{API}/pages/?type={POST_TYPE}&{name}={joined}"


@pytest.mark.parametrize("name, join, values", FORMS)
def test_twenty_values_send_the_same_queries_as_two(client, tagged, name, join, values):
    few_url, many_url = url(name, join(values[:2])), url(name, join(values[: MAX_VALUES - 1]))
    for warm in (few_url, many_url):  # the total is cached
        client.get(warm)
    _, few = sent_queries(client, few_url)
    _, many = sent_queries(client, many_url)
    assert len(many) == len(few)
    for sql_few, sql_many in zip(select_queries(few), select_queries(many), strict=True):
        assert sql_many.upper().count("SELECT") == sql_few.upper().count("SELECT")
        assert sql_many.upper().count("JOIN") == sql_few.upper().count("JOIN")


@pytest.mark.parametrize("name, join, values", FORMS)
def test_twenty_values_are_planned_like_two(client, tagged, name, join, values):
    _, few = sent_queries(client, url(name, join(values[:2])))
    _, many = sent_queries(client, url(name, join(values[: MAX_VALUES - 1])))
    for sql_few, sql_many in zip(select_queries(few), select_queries(many), strict=True):
        assert join_count(plan(sql_many)) == join_count(plan(sql_few)), (sql_few, sql_many)
