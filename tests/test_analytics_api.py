"""/api/analytics/: the same aggregates as JSON, for a Wagtail API token whose user may read
analytics; never public, never kept by any cache."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import APIToken

from tests.analytics_fixtures import (
    beacon,
    click_links,
    cta_post_fixture,  # noqa: F401
    flushed,
    inline_key,
    own_buffer_fixture,  # noqa: F401
    snippet_key,
    user_in,
    view,
)

pytestmark = pytest.mark.django_db


def bearer(user):
    _, plaintext = APIToken.create_token(user=user, name="dashboard")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture
def team_token():
    return bearer(user_in("Marketing writers", "dashboard-writer"))


@pytest.fixture
def read(client, cta_post):
    page = client.get(cta_post.url)
    view(client, cta_post, referrer="https://news.ycombinator.com/item?id=1")
    beacon(
        client,
        {"page": cta_post.pk, "audience": "guest", "seen": [inline_key(cta_post)], "read": [25]},
    )
    click_links(client, page)
    flushed()
    return cta_post


def test_without_a_token_the_api_says_401_and_keeps_nothing(client, read):
    first = client.get("/api/analytics/pages/")
    second = client.get("/api/analytics/pages/")
    assert (first.status_code, second.status_code) == (401, 401)
    assert "Bearer" in first["WWW-Authenticate"]
    assert first["Cache-Control"] == "private, no-store"
    assert "X-Folio-Cache" not in second


def test_a_session_is_not_a_token(client, read):
    client.force_login(User.objects.create_superuser("boss", password="pw"))
    assert client.get("/api/analytics/pages/").status_code == 401


def test_an_unknown_or_revoked_token_is_a_401(client, read, team_token):
    assert (
        client.get("/api/analytics/pages/", HTTP_AUTHORIZATION="Bearer wagtail_nope").status_code
        == 401
    )
    APIToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/analytics/pages/", **team_token).status_code == 401


def test_a_token_without_the_permission_is_a_403(client, read):
    outsider = User.objects.create_user("outsider")
    outsider.groups.add(Group.objects.create(name="Readers"))
    response = client.get("/api/analytics/pages/", **bearer(outsider))
    assert response.status_code == 403
    assert response.json() == {"error": "This token's user may not read analytics."}


def test_the_team_reads_per_page_numbers(client, read, team_token):
    response = client.get("/api/analytics/pages/", **team_token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    (row,) = response.json()["results"]
    assert (row["page_id"], row["title"], row["views"], row["visitors"]) == (
        read.pk,
        "Plan your week",
        1,
        1,
    )
    assert (row["read_25"], row["impressions"], row["clicks"], row["conversion"]) == (1, 1, 2, 2.0)


def test_a_pages_detail_has_days_sources_and_ctas(client, read, team_token):
    data = client.get(f"/api/analytics/pages/{read.pk}/", **team_token).json()
    assert data["totals"]["views"] == 1
    assert data["days"][-1]["views"] == 1 and len(data["days"]) == 30
    assert data["sources"][0]["channel"] == "social"
    assert data["sources"][0]["referrer"] == "news.ycombinator.com"
    clicks = {row["cta"]: (row["impressions"], row["clicks"]) for row in data["ctas"]}
    assert clicks == {snippet_key(read.snippet_cta): (0, 1), inline_key(read): (1, 1)}


def test_a_ctas_detail_lists_its_pages(client, read, team_token):
    data = client.get(f"/api/analytics/ctas/{inline_key(read)}/", **team_token).json()
    assert [(row["page_id"], row["guest_clicks"]) for row in data["results"]] == [(read.pk, 1)]


def test_the_period_narrows_the_numbers(client, read, team_token):
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    data = client.get(
        f"/api/analytics/pages/?start={last_week - datetime.timedelta(days=3)}&end={last_week}",
        **team_token,
    ).json()
    assert data["results"] == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=last-week", "'start'"),
        ("start=2026-03-10&end=2026-03-01", "after its end"),
        ("start=2000-01-01&end=2026-01-01", "at most"),
        ("audience=everyone", "'audience'"),
    ],
)
def test_bad_parameters_are_a_400_saying_why(client, read, team_token, query, message):
    response = client.get(f"/api/analytics/pages/?{query}", **team_token)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_other_bad_parameters(client, read, team_token):
    assert client.get("/api/analytics/sources/?page=abc", **team_token).status_code == 400
    assert client.get("/api/analytics/topics/?kind=colour", **team_token).status_code == 400
    assert client.get("/api/analytics/ctas/not-a-cta!/", **team_token).status_code == 404
    assert client.get("/api/analytics/pages/999999/", **team_token).status_code == 404


def test_the_api_only_reads(client, read, team_token):
    assert client.post("/api/analytics/pages/", **team_token).status_code == 405


def test_a_page_id_no_page_can_have_is_a_404(client, read, team_token):
    assert client.get("/api/analytics/pages/99999999999999999999/", **team_token).status_code == 404
