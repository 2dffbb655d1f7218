"""A long post of every common block type, as the editor-speed tests (issue #15) open it."""

from wagtail.models import Collection

from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory

LONG_POST_BLOCKS = 90


def long_post_body(count=LONG_POST_BLOCKS):
    """``count`` blocks cycling through paragraph, heading, image, quote, code, notice and
    call to action (typed in place and saved snippets), each image block its own image."""
    root = Collection.get_first_root_node()
    images = [ImageFactory(collection=root) for n in range(count // 7 + 1)]
    snippet = CallToActionFactory()
    kinds = [
        lambda n: ("paragraph", f"<p>Paragraph {n}: protect two hours a day from meetings.</p>"),
        lambda n: ("heading", {"text": f"Section {n}", "level": "h2"}),
        lambda n: ("image", {"image": images[n // 7], "alt": f"Screenshot {n}", "caption": ""}),
        lambda n: ("quote", {"text": f"Quote {n}: focus is a team sport.", "attribution": "Ada"}),
        lambda n: ("code", {"language": "python", "code": f"print({n})\n", "line_numbers": False}),
        lambda n: ("notice", {"style": "tip", "text": f"<p>Tip {n}.</p>"}),
        lambda n: (
            ("call_to_action", {"snippet": snippet})
            if n % 2
            else ("call_to_action", {"heading": f"Call {n}", "url": "https://example.com/"})
        ),
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]


def long_post(blog_index, count=LONG_POST_BLOCKS, **kwargs):
    """A draft post of ``count`` mixed blocks under ``blog_index``."""
    return BlogPageFactory(parent=blog_index, body=long_post_body(count), **kwargs)
