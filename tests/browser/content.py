"""Content the browser tests read, built with the factories as an editor would publish it."""

from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory
from tests.page_fixtures import publish

SIGNUP_URL = "https://example.com/signup"


def reader_post(blog_index):
    """One post with an author, a category, tags and a guests-only sign-up banner."""
    author = AuthorFactory(
        name="Ada Writer", slug="ada-writer", link="", description="Writes about focus."
    )
    category = CategoryFactory(
        name="Productivity", slug="productivity", description="<p>Getting things done.</p>"
    )
    post = BlogPageFactory(
        parent=blog_index,
        title="Deep work in small teams",
        slug="deep-work",
        index_intro="How small teams protect their focus.",
        body=[
            ("paragraph", "<p>Focus is a team sport: meetings eat the day.</p>"),
            (
                "call_to_action",
                {
                    "heading": "Plan your week with Folio",
                    "button_label": "Sign up free",
                    "url": SIGNUP_URL,
                    "audience": "guests",
                },
            ),
        ],
        authors=[author],
        categories=[category],
        tag_names=["focus", "teamwork"],
    )
    return publish(post)


def many_posts(blog_index, count):
    """``count`` published posts, oldest first."""
    return [publish(BlogPageFactory(parent=blog_index)) for _ in range(count)]
