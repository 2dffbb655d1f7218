"""Querying posts without N requests (issue #16): any of (``a|b``), none of (``tags!=``),
``exclude``, ``featured``, and the filters that misled before (repeated keys, ``body=``,
``show_in_menus=true``, ``order=tags``)."""

import datetime

import pytest
from django.utils import timezone

from tests.api_fixtures import API, get_json, list_posts, post_detail, titles
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.datetime(2021, 3, day, 9, 0))


@pytest.fixture
def posts(blog_index):
    """Four posts on 1–4 March 2021, with overlapping tags, authors and categories."""
    ann, bob = AuthorFactory(name="Ann", slug="ann"), AuthorFactory(name="Bob", slug="bob")
    remote = CategoryFactory(name="Remote", slug="remote")
    culture = CategoryFactory(name="Culture", slug="culture")
    return {
        "alpha": BlogPageFactory(
            parent=blog_index, title="Alpha", date=at(1), tag_names=["remote", "tools"],
            authors=[ann], categories=[remote],
        ),
        "bravo": BlogPageFactory(
            parent=blog_index, title="Bravo", date=at(2), tag_names=["remote"],
            authors=[bob], categories=[culture], featured=True,
        ),
        "charlie": BlogPageFactory(
            parent=blog_index, title="Charlie", date=at(3), tag_names=["tools", "music"],
            authors=[ann, bob], categories=[remote, culture],
        ),
        "delta": BlogPageFactory(
            parent=blog_index, title="Delta", date=at(4), authors=[bob], categories=[remote],
            featured=True,
        ),
    }  # fmt: skip


def refused(client, message, **params):
    body = get_json(client, f"{API}/pages/", status=400, type="blog.BlogPage", **params)
    assert body["message"] == message


# --- any of, none of ------------------------------------------------------------------


def test_tags_with_a_bar_keep_posts_having_any_of_them(client, posts):
    assert titles(list_posts(client, tags="music|remote")) == ["Charlie", "Bravo", "Alpha"]


def test_tags_with_a_bar_ignore_values_naming_no_tag(client, posts):
    assert titles(list_posts(client, tags="music|nothing")) == ["Charlie"]


def test_tags_negated_keep_posts_having_none_of_them(client, posts):
    assert titles(list_posts(client, **{"tags!": "music,remote"})) == ["Delta"]


def test_tags_and_negated_tags_combine(client, posts):
    listing = list_posts(client, tags="tools", **{"tags!": "music"})
    assert titles(listing) == ["Alpha"]


def test_categories_with_a_bar_keep_posts_in_any_of_them(client, blog_index, posts):
    other = CategoryFactory(name="Other", slug="other")
    BlogPageFactory(parent=blog_index, title="Echo", date=at(5), categories=[other])
    listing = list_posts(client, category="other|culture")
    assert titles(listing) == ["Echo", "Charlie", "Bravo"]


def test_categories_with_a_comma_keep_posts_in_all_of_them(client, posts):
    assert titles(list_posts(client, category="remote,culture")) == ["Charlie"]


def test_category_negated_keeps_posts_outside_it(client, posts):
    assert titles(list_posts(client, **{"category!": "culture"})) == ["Delta", "Alpha"]


def test_authors_with_a_bar_and_negated(client, posts):
    assert titles(list_posts(client, author="ann|bob")) == ["Delta", "Charlie", "Bravo", "Alpha"]
    assert titles(list_posts(client, **{"author!": "bob"})) == ["Alpha"]


def test_exclude_leaves_out_the_posts_named_by_id(client, posts):
    ids = f"{posts['charlie'].pk},{posts['alpha'].pk}"
    assert titles(list_posts(client, tags="tools|remote", exclude=ids)) == ["Bravo"]


@pytest.mark.parametrize("value", ["x", "5|7", "-1", "1.5", "²"])
def test_exclude_takes_page_ids_only(client, posts, value):
    body = get_json(client, f"{API}/pages/", status=400, exclude=value)
    assert body["message"] == "exclude takes page ids separated by commas, e.g. exclude=5,7"


def test_commas_and_bars_in_one_list_are_a_400(client, posts):
    refused(
        client, "tags takes a,b (all of them) or a|b (any of them), not both in one list",
        tags="a,b|c",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["tags", "category", "author", "tags!", "category!", "exclude"])
def test_more_than_twenty_values_in_any_form_are_a_400(client, posts, name):
    values = "|".join(str(n) for n in range(21)) if "!" not in name else ",".join("x" * 21)
    if name == "exclude":
        values = ",".join(str(n) for n in range(1, 22))
    refused(client, f"{name} accepts at most 20 values", **{name: values})


def test_negated_filters_need_the_post_type(client, posts):
    body = get_json(client, f"{API}/pages/", status=400, **{"tags!": "remote"})
    assert body["message"] == "tags! filters blog posts: add type=blog.BlogPage"


# --- featured -------------------------------------------------------------------------


def test_featured_is_a_field_of_a_post(client, posts):
    assert post_detail(client, posts["bravo"])["featured"] is True
    assert post_detail(client, posts["alpha"])["featured"] is False


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "1"])
def test_featured_true_keeps_featured_posts(client, posts, value):
    assert titles(list_posts(client, featured=value)) == ["Delta", "Bravo"]


def test_featured_false_keeps_the_others(client, posts):
    assert titles(list_posts(client, featured="false")) == ["Charlie", "Alpha"]


def test_featured_posts_of_the_blog_index_are_the_listed_featured_ones(blog_index, posts):
    BlogPageFactory(parent=blog_index, title="Hidden", featured=True, unlisted=True)
    titles_ = [post.title for post in blog_index.featured_posts()]
    assert titles_ == ["Delta", "Bravo"]


# --- what was broken ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "1"])
def test_show_in_menus_accepts_true_in_any_case(client, home_page, blog_index, value):
    blog_index.show_in_menus = True
    blog_index.save_revision().publish()
    listing = get_json(client, f"{API}/pages/", show_in_menus=value)
    assert titles(listing) == [blog_index.title]


def test_a_boolean_filter_says_what_it_takes(client, posts):
    message = "field filter error. 'yes' is not a valid value for featured: use true or false"
    refused(client, message, featured="yes")


@pytest.mark.parametrize("name", ["tags", "category", "author"])
def test_a_repeated_list_parameter_is_a_400_pointing_at_the_bar(client, posts, name):
    response = client.get(f"{API}/pages/?type=blog.BlogPage&{name}=a&{name}=b")
    assert response.status_code == 400
    assert f"{name}=a|b" in response.json()["message"]


def test_a_repeated_parameter_is_a_400(client, posts):
    response = client.get(f"{API}/pages/?limit=1&limit=2")
    assert response.status_code == 400
    assert response.json()["message"] == "limit is given more than once: give it once"


def test_a_body_filter_is_refused(client, posts):
    refused(client, "body cannot be used as a filter (search= finds words in it)", body="x")


@pytest.mark.parametrize("order", ["tags", "-tags"])
def test_ordering_by_tags_is_refused(client, posts, order):
    refused(client, f"cannot order by '{order}': each item has several tags", order=order)
