"""What the post editor's form posts; the admin builds StreamField data in JS, tests here."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def post_form_data(post, *, title, body_html):
    """Form data for the edit view or the preview of ``post`` with no relations."""
    empty_inlines = {
        f"{relation}-{count}": "0"
        for relation in ("post_authors", "post_categories", "related_post_links", "comments")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return nested_form_data(
        {
            "title": title,
            "slug": post.slug,
            "date": "2021-08-10 11:58",
            "index_intro": "Intro",
            "category_intro": "",
            "body": streamfield([("paragraph", rich_text(body_html))]),
            **empty_inlines,
        }
    )
