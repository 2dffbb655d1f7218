"""Anonymous API v2 lists only the images and documents public content shows.

An image or document is public when a live, public page of the site shows it (a hero or
social image, a body block, a link in rich text) or a published snippet shown on such a
page does (an author's avatar, a call to action's image), or the site's default call to
action for guests does. One used only by drafts, private pages, unpublished snippets or
nothing at all is neither listed nor found by id. Wagtail's reference index says what
uses what, so the listing stays a fixed number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from tests.api_fixtures import API, get_json, make_private
from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CallToActionFactory,
    CategoryFactory,
    ImageFactory,
)
from tests.page_fixtures import guest_cta_fixture, site_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def document(title):
    return Document.objects.create(title=title, file=f"documents/{title.lower()}.pdf")


def linking(*documents):
    links = "".join(f'<a linktype="document" id="{each.pk}">{each.title}</a>' for each in documents)
    return ("paragraph", f"<p>{links}</p>")


def cta_block(**value):
    return ("call_to_action", {"heading": "Join", "button_label": "Go", "url": "/x/", **value})


def image_block(image):
    return ("image", {"image": image, "alt": image.title})


@pytest.fixture(name="public_post")
def public_post_fixture(blog_index):
    """A live post showing images and documents in every way a post can."""
    avatar = ImageFactory(title="Avatar")
    snippet = CallToActionFactory(image=ImageFactory(title="Snippet CTA image"))
    category = CategoryFactory(name="Docs", description=linking(document("Category doc"))[1])
    return BlogPageFactory(
        parent=blog_index,
        title="Public post",
        hero_image=ImageFactory(title="Hero"),
        social_image=ImageFactory(title="Social"),
        authors=[AuthorFactory(name="Ann", avatar=avatar)],
        categories=[category],
        body=[
            image_block(ImageFactory(title="Body image")),
            cta_block(image=ImageFactory(title="Inline CTA image")),
            cta_block(snippet=snippet),
            linking(document("Body doc")),
        ],
    )


@pytest.fixture(name="hidden_uses")
def hidden_uses_fixture(blog_index, public_post):
    """Images and documents used only where the public cannot see them."""
    BlogPageFactory(
        parent=blog_index,
        title="Draft post",
        live=False,
        hero_image=ImageFactory(title="Draft hero"),
        authors=[AuthorFactory(name="Drafty", avatar=ImageFactory(title="Draft author avatar"))],
        body=[
            image_block(ImageFactory(title="Draft body image")),
            cta_block(snippet=CallToActionFactory(image=ImageFactory(title="Draft CTA image"))),
            linking(document("Draft doc")),
        ],
    )
    make_private(
        BlogPageFactory(
            parent=blog_index, title="Private post", hero_image=ImageFactory(title="Private hero")
        )
    )
    unpublished = CallToActionFactory(image=ImageFactory(title="Unpublished CTA image"))
    unpublished.unpublish()
    BlogPageFactory(
        parent=blog_index, title="Shows a draft CTA", body=[cta_block(snippet=unpublished)]
    )
    ImageFactory(title="Unused image")
    document("Unused doc")


def listed(client, endpoint):
    return {item["title"] for item in get_json(client, f"{API}/{endpoint}/", limit=100)["items"]}


def test_images_listed_are_those_public_content_shows(client, public_post, hidden_uses):
    assert listed(client, "images") == {
        "Hero",
        "Social",
        "Avatar",
        "Body image",
        "Inline CTA image",
        "Snippet CTA image",
    }


def test_documents_listed_are_those_public_content_links_to(client, public_post, hidden_uses):
    assert listed(client, "documents") == {"Body doc", "Category doc"}


def test_an_image_in_a_draft_revision_of_a_live_post_is_not_listed(client, public_post):
    public_post.hero_image = ImageFactory(title="Next hero")
    public_post.save_revision()
    assert "Next hero" not in listed(client, "images")
    public_post.get_latest_revision().publish()
    assert "Next hero" in listed(client, "images")


def test_an_unpublished_posts_images_leave_the_listing(client, public_post):
    public_post.unpublish()
    assert listed(client, "images") == set()


def test_the_sites_default_guest_cta_image_is_listed(client, guest_cta):
    guest_cta.image = ImageFactory(title="Site-wide CTA image")
    guest_cta.save_revision().publish()
    assert listed(client, "images") == {"Site-wide CTA image"}


@pytest.mark.parametrize(
    "title", ["Draft hero", "Draft body image", "Private hero", "Unused image", "Draft CTA image"]
)
def test_an_image_the_public_does_not_see_is_404(client, hidden_uses, title):
    from wagtail.images.models import Image

    image = Image.objects.get(title=title)
    assert client.get(f"{API}/images/{image.pk}/").status_code == 404
    assert client.get(f"{API}/images/find/", {"id": image.pk}).status_code == 404


def test_a_shown_image_is_found(client, public_post):
    response = client.get(f"{API}/images/{public_post.hero_image_id}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Hero"


@pytest.mark.parametrize("title", ["Draft doc", "Unused doc"])
def test_a_document_the_public_does_not_see_is_404(client, hidden_uses, title):
    hidden = Document.objects.get(title=title)
    assert client.get(f"{API}/documents/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_the_listing_is_a_fixed_number_of_queries(client, blog_index, endpoint):
    def add_posts(count):
        for _ in range(count):
            files = [document("Doc") for _ in range(3)]
            BlogPageFactory(
                parent=blog_index,
                hero_image=ImageFactory(),
                authors=[AuthorFactory(avatar=ImageFactory())],
                body=[image_block(ImageFactory()), linking(*files)],
            )

    def queries():
        url = f"{API}/{endpoint}/?limit=100"
        client.get(url)  # warm up: the total is cached
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_posts(2)
    few = queries()
    add_posts(10)
    assert queries() == few
