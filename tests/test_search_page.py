"""The search page ranks by relevance, bounded to the newest matches on PostgreSQL
(search/ranking.py), and says so when a word matches more posts than that."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from search import ranking
from tests.page_fixtures import main_text, make_post, soup

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranking among the newest matches is PostgreSQL's search (SQLite keeps Wagtail's)",
)


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [h.get_text(strip=True) for h in soup(response).select(".search-result__title")]


def dated(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_words_split_between_title_and_body_still_match(client, blog_index):
    make_post(blog_index, title="Remote habits", body=[("paragraph", "<p>How we work.</p>")])
    make_post(blog_index, title="Office habits", body=[("paragraph", "<p>How we play.</p>")])
    assert result_titles(client, "remote work") == ["Remote habits"]


def test_a_title_match_ranks_above_an_older_or_newer_body_match(client, blog_index):
    make_post(
        blog_index,
        title="Planning",
        date=dated(1),
        body=[("paragraph", "<p>Some words about standups and more.</p>")],
    )
    make_post(blog_index, title="Standups that work", date=dated(300),
              body=[("paragraph", "<p>Short.</p>")])  # fmt: skip
    assert result_titles(client, "standups")[0] == "Standups that work"


@postgres_only
def test_with_more_matches_than_ranked_the_page_says_so(client, blog_index, monkeypatch):
    monkeypatch.setattr(ranking, "RANKED_MATCHES", 3)
    for n in range(6):
        make_post(blog_index, title=f"Roadmap part {n}", date=dated(10 - n))
    response = client.get("/search/", {"q": "roadmap"})
    assert "More than 3 results for “roadmap”" in main_text(response)
    titles = result_titles(client, "roadmap")
    # Only the four newest (3 + 1 to know there are more) were ranked.
    assert sorted(titles) == [f"Roadmap part {n}" for n in range(2, 6)]


@postgres_only
def test_with_fewer_matches_than_ranked_the_count_is_exact(client, blog_index, monkeypatch):
    monkeypatch.setattr(ranking, "RANKED_MATCHES", 3)
    for n in range(3):
        make_post(blog_index, title=f"Roadmap part {n}")
    assert "3 results for “roadmap”" in main_text(client.get("/search/", {"q": "roadmap"}))


@postgres_only
def test_the_combined_title_and_body_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'folio_indexentry_document_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "title || body" in definition


def test_pages_of_results_come_in_the_backends_own_order(blog_index):
    """Fewer matches than are ranked: the same posts, in the same order, page by page, as
    Wagtail's backend gives (SQLite scores each match once, PostgreSQL ranks them all)."""
    from blog.models import BlogPage

    for n in range(12):
        words = " ".join(["kanban"] * (n % 4 + 1) + ["board"] * (n % 3))
        make_post(blog_index, title=f"Post {n}" + (" kanban" if n % 5 == 0 else ""),
                  body=[("paragraph", f"<p>{words} and more.</p>")])  # fmt: skip
    posts = BlogPage.objects.live().public()
    for query in ("kanban", "kanban board"):
        for start, stop in ((0, 5), (5, 10), (10, 15)):
            expected = [post.pk for post in posts.search(query)[start:stop]]
            assert [post.pk for post in ranking.ranked_search(posts, query)[start:stop]] == expected
        assert ranking.ranked_search(posts, query).count() == posts.search(query).count()
