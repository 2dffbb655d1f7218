"""Settings → Brand changes the public site without a deploy: header, footer, <title>,
link previews, feeds and structured data (brand/)."""

import json

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from ops.rendition_tasks import make_renditions
from tests.brand_fixtures import brand_settings, link
from tests.factories import ImageFactory
from tests.page_fixtures import make_post, meta_content, soup

pytestmark = pytest.mark.django_db


def json_ld(response):
    return json.loads(soup(response).find("script", type="application/ld+json").string)


def test_without_a_brand_the_header_shows_the_site_name_as_text(client, blog_index):
    header = soup(client.get("/blog/")).select_one(".site-header")

    assert header.select_one(".brand").get_text(strip=True) == "Folio"
    assert header.select_one(".brand img") is None


def test_the_brand_name_is_in_header_footer_and_title(client, blog_index):
    brand_settings(site_name="Acme Journal")
    post = make_post(blog_index, title="Launch day")

    page = soup(client.get(post.url))

    assert page.select_one(".site-header .brand").get_text(strip=True) == "Acme Journal"
    assert page.select_one(".site-footer .brand").get_text(strip=True) == "Acme Journal"
    assert page.title.string == "Launch day · Acme Journal"
    assert meta_content(page, "og:site_name") == "Acme Journal"


def test_the_brand_name_is_the_publisher_and_names_the_feeds(client, blog_index):
    brand_settings(site_name="Acme Journal")
    post = make_post(blog_index)

    assert json_ld(client.get(post.url))["publisher"]["name"] == "Acme Journal"
    assert b"<title>Blog \xc2\xb7 Acme Journal</title>" in client.get("/blog/feed/").content


def test_a_cached_page_shows_the_brand_saved_after_it_was_cached(client, blog_index):
    client.get("/blog/")
    assert (
        soup(client.get("/blog/")).select_one(".site-header .brand").get_text(strip=True) == "Folio"
    )

    brand_settings(site_name="Renamed")

    assert (
        soup(client.get("/blog/")).select_one(".site-header .brand").get_text(strip=True)
        == "Renamed"
    )


def test_the_logo_replaces_the_name_in_the_header_with_the_name_as_its_text(client, blog_index):
    logo = ImageFactory(title="Logo", file__width=400, file__height=120, file__filename="logo.png")
    brand_settings(site_name="Acme", logo=logo)
    make_renditions.call(images=[[logo.pk, ["logo"]]])  # what the worker does after the save

    img = soup(client.get("/blog/")).select_one(".site-header .brand img")

    assert img["alt"] == "Acme"
    assert (img["width"], img["height"]) == ("320", "96")
    assert ".height-96." in img["src"]


def test_the_logo_is_the_publishers_logo_in_structured_data(client, blog_index):
    logo = ImageFactory(file__width=400, file__height=120, file__filename="logo.png")
    brand_settings(logo=logo)
    post = make_post(blog_index)

    publisher = json_ld(client.get(post.url))["publisher"]

    assert publisher["logo"]["url"].startswith("http://")
    assert publisher["logo"]["url"].endswith(".png")


def test_the_footer_shows_the_logo_for_dark_backgrounds(client, blog_index):
    dark = ImageFactory(file__width=400, file__height=120, file__filename="logo-dark.png")
    brand_settings(site_name="Acme", logo_on_dark=dark)

    img = soup(client.get("/blog/")).select_one(".site-footer .brand img")

    assert img["alt"] == "Acme"
    assert soup(client.get("/blog/")).select_one(".site-header .brand img") is None


def test_the_icon_is_the_favicon(client, blog_index):
    icon = ImageFactory(file__width=256, file__height=256, file__filename="icon.png")
    brand_settings(icon=icon)

    page = soup(client.get("/blog/"))

    assert page.find("link", rel="icon")["href"].endswith(".png")
    assert page.find("link", rel="apple-touch-icon") is not None


def test_without_an_icon_the_favicon_is_folios(client, blog_index):
    assert soup(client.get("/blog/")).find("link", rel="icon")["href"].endswith("favicon.svg")


def test_header_links_replace_the_default_menu(client, blog_index):
    brand_settings(
        header_links=[link("Product", "https://acme.example/"), link("Blog", page=blog_index)]
    )

    menu = soup(client.get("/blog/")).select(".site-nav a")

    assert [(a.get_text(), a["href"]) for a in menu] == [
        ("Product", "https://acme.example/"),
        ("Blog", "/blog/"),
        ("Search", "/search/"),
    ]


def test_footer_text_links_and_social_profiles(client, blog_index):
    brand_settings(
        footer_text="Acme makes calendars.",
        footer_links=[link("Careers", "https://acme.example/jobs")],
        social_profiles=[
            ("profile", {"network": "linkedin", "url": "https://linkedin.com/company/acme"})
        ],
    )

    footer = soup(client.get("/blog/")).select_one(".site-footer")

    assert "Acme makes calendars." in footer.get_text()
    assert footer.find("a", string="Careers")["href"] == "https://acme.example/jobs"
    assert footer.find("a", string="LinkedIn")["href"] == "https://linkedin.com/company/acme"


def test_social_profiles_are_the_publishers_same_as_and_x_gives_the_twitter_site(
    client, blog_index
):
    brand_settings(
        social_profiles=[
            ("profile", {"network": "x", "url": "https://x.com/acme"}),
            ("profile", {"network": "github", "url": "https://github.com/acme"}),
        ]
    )
    post = make_post(blog_index)
    response = client.get(post.url)

    assert json_ld(response)["publisher"]["sameAs"] == [
        "https://x.com/acme",
        "https://github.com/acme",
    ]
    assert meta_content(soup(response), "twitter:site") == "@acme"


def test_pages_without_an_image_show_the_default_social_image(client, blog_index):
    image = ImageFactory(file__width=1200, file__height=630, file__filename="share.jpg")
    brand_settings(default_social_image=image)
    post = make_post(blog_index)

    assert meta_content(soup(client.get(post.url)), "og:image").endswith(".jpg")


def test_the_default_accent_needs_no_extra_stylesheet(client, blog_index):
    links = soup(client.get("/blog/")).find_all("link", rel="stylesheet")

    assert [tag["href"] for tag in links if "brand" in tag["href"]] == []


def test_the_accent_colour_comes_in_a_stylesheet_of_the_sites_own(client, blog_index):
    brand_settings(accent_colour="#1d4ed8")
    href = next(
        tag["href"]
        for tag in soup(client.get("/blog/")).find_all("link", rel="stylesheet")
        if "brand" in tag["href"]
    )

    css = client.get(href)

    assert href == "/brand/accent-1d4ed8.css"
    assert css["Content-Type"].startswith("text/css")
    assert "--accent:#1d4ed8;" in css.content.decode()
    assert "immutable" in css["Cache-Control"]


def test_an_unreadable_accent_stylesheet_is_a_400(client, db):
    response = client.get("/brand/accent-ffff00.css")

    assert response.status_code == 400
    assert b"too light" in response.content


def editor_user():
    user = User.objects.create_user(username="marketing-editor", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="Marketing editors"))
    return user


def brand_form(**fields):
    data = {
        "site_name": "",
        "accent_colour": "#05843e",
        "footer_text": "",
        "header_links": streamfield([]),
        "footer_links": streamfield([]),
        "social_profiles": streamfield([]),
    }
    return nested_form_data(data | fields)


def brand_admin_url(client):
    response = client.get("/admin/settings/brand/brandsettings/")
    return response.url if response.status_code == 302 else "/admin/settings/brand/brandsettings/"


def test_a_marketing_editor_changes_the_brand_in_the_admin(client, blog_index):
    client.force_login(editor_user())
    url = brand_admin_url(client)

    assert client.get(url).status_code == 200
    response = client.post(url, brand_form(site_name="Acme Journal"))

    assert response.status_code == 302
    assert soup(client.get("/blog/")).title.string.endswith("Acme Journal")


def test_a_marketing_writer_cannot_change_the_brand(client, blog_index):
    user = User.objects.create_user(username="writer", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="Marketing writers"))
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/brand/brandsettings/{site.pk}/"

    assert client.get(url).status_code in (302, 403)
    assert client.post(url, brand_form(site_name="Hijack")).status_code in (302, 403)
    assert "Hijack" not in client.get("/blog/").content.decode()


def test_a_colour_too_light_to_read_is_refused_with_its_contrast(client, blog_index):
    client.force_login(editor_user())

    response = client.post(brand_admin_url(client), brand_form(accent_colour="#7fd1a0"))

    assert response.status_code == 200
    assert "too light to read on white (contrast" in response.content.decode()


def test_an_accent_colour_saved_by_a_script_without_validation_falls_back_to_the_default(
    client, blog_index
):
    brand_settings(accent_colour="blue")

    response = client.get("/blog/")

    assert response.status_code == 200
    assert not [
        tag for tag in soup(response).find_all("link", rel="stylesheet") if "brand" in tag["href"]
    ]
