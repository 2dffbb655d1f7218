"""Rich text link expansion in one query per response.

Wagtail's ``PageLinkHandler`` loads the linked pages with ``.specific()``: one query for
their types, then one per page type. A link needs only the page's URL, which comes from
fields every page has, so the specific pages are built deferred, from that first query.
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


class PageLinkHandlerOneQuery(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = Page.objects.filter(id__in=ids).defer_streamfields().specific(defer=True)
        pages_by_id = {str(page.id): page for page in pages}
        return [pages_by_id.get(str(id_)) for id_ in ids]
