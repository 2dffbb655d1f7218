"""Analytics in Wagtail's admin: the reports, their filters and exports, the dashboard panel
and the post's Analytics tab; for the marketing groups and nobody else."""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.test import Client

from blog.models import BlogPageCategory
from tests.analytics_fixtures import (
    PHONE,
    beacon,
    click_links,
    cta_post_fixture,  # noqa: F401
    flushed,
    inline_key,
    logged_in,
    own_buffer_fixture,  # noqa: F401
    snippet_key,
    staff_without_analytics_fixture,  # noqa: F401
    user_in,
    view,
)
from tests.factories import BlogPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(user_in("Marketing editors", "editor"))


@pytest.fixture
def writer():
    return logged_in(user_in("Marketing writers", "writer"))


@pytest.fixture
def read(cta_post, blog_index):
    """Three guests and a member read the post; two of the guests click both its buttons."""
    other = BlogPageFactory(parent=blog_index, title="Office snacks", slug="office-snacks")
    for n in range(3):
        guest = Client(REMOTE_ADDR=f"203.0.113.{n}")
        page = guest.get(cta_post.url)
        view(guest, cta_post, REMOTE_ADDR=f"203.0.113.{n}", referrer="https://www.google.com/")
        seen = [snippet_key(cta_post.snippet_cta), inline_key(cta_post)]
        beacon(
            guest,
            {"page": cta_post.pk, "audience": "guest", "seen": seen, "read": [25, 50, 75, 100]},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
        if n < 2:
            click_links(guest, page, REMOTE_ADDR=f"203.0.113.{n}")
    member = Client(REMOTE_ADDR="198.51.100.1")
    view(member, cta_post, audience="member", REMOTE_ADDR="198.51.100.1", user_agent=PHONE)
    view(member, other, audience="member", REMOTE_ADDR="198.51.100.1")
    flushed()
    return cta_post


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def row_of(page_soup, text):
    """The cells of the first listing row that mentions ``text``."""
    for row in page_soup.select("table tbody tr"):
        if text in row.get_text():
            return [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
    raise AssertionError(f"no row with {text!r}")


# --- who sees it ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "writer"])
def test_the_marketing_team_sees_the_posts_report(request, who, read):
    client = request.getfixturevalue(who)
    cells = row_of(soup(client.get("/admin/analytics/")), "Plan your week")
    # Post, views, visitors, guests, members, finished reads, finished %, seen, clicks, conversion
    assert cells == ["Plan your week", "4", "4", "3", "1", "3", "75.0%", "6", "4", "66.7%"]


def test_other_staff_get_a_403_and_no_menu(staff_without_analytics, read):
    client = logged_in(staff_without_analytics)
    for url in (
        "/admin/analytics/",
        f"/admin/analytics/pages/{read.pk}/",
        "/admin/analytics/ctas/",
    ):
        assert client.get(url).status_code == 403
    home = client.get("/admin/").content.decode()
    assert "/admin/analytics/" not in home
    assert "Most read posts" not in home


def test_anonymous_visitors_are_sent_to_the_login(client, read):
    response = client.get("/admin/analytics/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_menu_and_dashboard_panel_show_for_the_marketing_team(writer, read):
    home = soup(writer.get("/admin/"))
    assert "/admin/analytics/" in str(home)  # the menu (the sidebar is built from JSON)
    posts, ctas = (
        home.select_one("table.analytics-top-posts"),
        home.select_one("table.analytics-top-ctas"),
    )
    assert row_of(posts, "Plan your week")[:2] == ["Plan your week", "4"]
    assert row_of(ctas, read.snippet_cta.name)[1:3] == ["3", "2"]  # seen 3 times, clicked twice


def test_the_analytics_tab_is_on_the_post_for_the_team_only(writer, staff_without_analytics, read):
    edit_url = f"/admin/pages/{read.pk}/edit/"
    tab = soup(writer.get(edit_url)).find(id="tab-analytics")
    assert tab is not None
    assert "Finished reads" in tab.get_text() and "Try it free" not in tab.get_text()
    assert row_of(tab, "Read the guide")[1:3] == ["3", "2"]
    other = soup(logged_in(staff_without_analytics).get(edit_url))
    assert other.find(id="tab-content") is not None  # they edit the post…
    assert other.find(id="tab-analytics") is None  # …without its analytics


# --- what the reports say ------------------------------------------------------------------


def test_the_post_report_shows_views_sources_and_cta_conversion(editor, read):
    page = soup(editor.get(f"/admin/analytics/pages/{read.pk}/"))
    text = " ".join(page.get_text(" ").split())
    assert "Views 4" in text
    assert "Guests / members 3 / 1" in text
    assert row_of(page.select_one("table.analytics-sources"), "google.com") == [
        "Search engines",
        "google.com",
        "—",
        "3",
        "75.0%",
    ]
    assert row_of(page.select_one("table.analytics-ctas"), "Read the guide")[1:4] == [
        "3",
        "2",
        "66.7%",
    ]


def test_the_cta_report_lists_every_post_it_appears_on(editor, read, blog_index):
    snippet = read.snippet_cta
    second = BlogPageFactory(
        parent=blog_index,
        slug="second",
        title="Second post",
        body=[("call_to_action", {"snippet": snippet, "audience": "guests"})],
    )
    guest = Client(REMOTE_ADDR="192.0.2.5")
    beacon(
        guest,
        {"page": second.pk, "audience": "guest", "seen": [snippet_key(snippet)]},
        REMOTE_ADDR="192.0.2.5",
    )
    flushed()
    overview = soup(editor.get("/admin/analytics/ctas/"))
    assert row_of(overview, snippet.name)[2:5] == ["4", "2", "50.0%"]
    detail = soup(editor.get(f"/admin/analytics/ctas/{snippet_key(snippet)}/"))
    assert row_of(detail, "Plan your week")[2:5] == ["3", "2", "66.7%"]
    assert row_of(detail, "Second post")[2:5] == ["1", "0", "0.0%"]


def test_reports_follow_the_date_range(editor, cta_post, monkeypatch):
    from analytics import buffer

    long_ago = datetime.date.today() - datetime.timedelta(days=90)
    monkeypatch.setattr(buffer, "today", lambda: long_ago)
    view(Client(), cta_post)
    monkeypatch.undo()
    view(Client(), cta_post)
    view(Client(), cta_post, REMOTE_ADDR="192.0.2.8")
    flushed()
    default = soup(editor.get("/admin/analytics/"))
    assert row_of(default, "Plan your week")[1] == "2"  # the last 30 days
    day = long_ago.isoformat()
    then = soup(editor.get(f"/admin/analytics/?day_from={day}&day_to={day}"))
    assert row_of(then, "Plan your week")[1] == "1"


def test_the_posts_report_filters_by_category(editor, read, blog_index):
    category = CategoryFactory(name="Planning")
    BlogPageCategory.objects.create(page=read, category=category)
    listing = editor.get(f"/admin/analytics/?category={category.pk}").content.decode()
    assert "Plan your week" in listing and "Office snacks" not in listing


def test_the_sources_report_splits_by_channel(editor, read):
    page = soup(editor.get("/admin/analytics/sources/?channel=search"))
    assert row_of(page, "google.com")[:2] == ["Search engines", "google.com"]
    assert "Direct" not in page.select_one("table tbody").get_text()


def test_tags_categories_and_authors_that_draw_readers(editor, read):
    read.tags.add("planning")
    read.save_revision().publish()
    page = soup(editor.get("/admin/analytics/topics/?kind=tag"))
    assert row_of(page, "planning")[:3] == ["planning", "1", "4"]


# --- exports --------------------------------------------------------------------------------


def test_the_posts_report_exports_csv(writer, read):
    response = writer.get("/admin/analytics/?export=csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    plan = next(row for row in rows if row["Post"] == "Plan your week")
    assert (plan["Views"], plan["CTA clicks"], plan["CTA conversion (%)"]) == ("4", "4", "66.7")


def test_the_cta_report_exports_xlsx(editor, read):
    response = editor.get("/admin/analytics/ctas/?export=xlsx")
    assert "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    guide = dict(zip(header, next(row for row in body if row[0] == "Read the guide"), strict=True))
    assert (guide["Impressions"], guide["Clicks"], guide["Guest clicks"]) == (3, 2, 2)


def test_a_post_showing_the_cta_that_nobody_saw_yet_is_listed_too(editor, read, blog_index):
    snippet = read.snippet_cta
    BlogPageFactory(
        parent=blog_index,
        slug="quiet",
        title="Quiet post",
        body=[("call_to_action", {"snippet": snippet, "audience": "guests"})],
    )
    detail = soup(editor.get(f"/admin/analytics/ctas/{snippet_key(snippet)}/"))
    assert row_of(detail, "Quiet post")[1:5] == ["0", "0", "0", "—"]


def test_filters_refresh_the_results_in_place(editor, read):
    response = editor.get("/admin/analytics/results/?audience=member")
    assert response.status_code == 200
    assert row_of(soup(response), "Plan your week")[1] == "1"  # the member's view only


def test_a_report_of_a_page_id_no_page_can_have_is_a_404(editor, read):
    assert editor.get("/admin/analytics/pages/99999999999999999999/").status_code == 404


def test_the_posts_report_lists_posts_and_on_request_every_page(editor, read, blog_index):
    view(Client(), blog_index)
    flushed()
    posts = soup(editor.get("/admin/analytics/")).select_one("table tbody").get_text()
    assert "Plan your week" in posts and "Blog" not in posts
    pages = soup(editor.get("/admin/analytics/?pages=all"))
    assert row_of(pages, "Blog")[:2] == ["Blog", "1"]


def test_the_dashboard_shows_the_most_read_posts_only(writer, read, blog_index):
    for n in range(10):
        view(Client(), blog_index, REMOTE_ADDR=f"192.0.2.{n}")
    flushed()
    top = soup(writer.get("/admin/")).select_one("table.analytics-top-posts").get_text()
    assert "Plan your week" in top and "Blog" not in top
