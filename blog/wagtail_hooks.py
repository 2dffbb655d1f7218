"""Admin wiring: snippet menus for the marketing team; rich text page links."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .rich_text import PageLinkHandlerOneQuery
from .snippets import Author, CallToAction, Category


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "pick"
    list_display = ["name", "heading", "audience", "url"]
    list_filter = ["audience"]
    search_fields = ["name"]


class BlogSnippetsGroup(SnippetViewSetGroup):
    menu_label = "Blog"
    menu_icon = "doc-full"
    menu_order = 200
    items = (AuthorViewSet, CategoryViewSet, CallToActionViewSet)


register_snippet(BlogSnippetsGroup)


# After Wagtail's own registration of the "page" link type (hooks run in app order).
@hooks.register("register_rich_text_features", order=100)
def register_page_link_handler(features):
    features.register_link_type(PageLinkHandlerOneQuery)
