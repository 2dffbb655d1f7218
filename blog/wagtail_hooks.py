"""Admin wiring: snippet menus for the marketing team; rich text page links."""

from django.templatetags.static import static
from django.urls import path, reverse_lazy
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .dashboard import blog_posts_listing, writer_panels
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


# The writers' dashboard and the blog one click from the menu (blog/dashboard.py).
@hooks.register("construct_homepage_panels")
def add_writer_panels(request, panels):
    panels.extend(writer_panels(request))


@hooks.register("register_admin_urls")
def register_blog_posts_url():
    return [path("blog-posts/", blog_posts_listing, name="folio_blog_posts")]


@hooks.register("register_admin_menu_item")
def register_blog_posts_menu_item():
    return MenuItem(
        "Blog posts",
        reverse_lazy("folio_blog_posts"),
        name="blog-posts",
        icon_name="doc-full-inverse",
        order=90,
    )


@hooks.register("insert_editor_js")
def autosave_catch_up_js():
    """Autosave saves a change typed while an earlier save was on its way (the script says
    how Wagtail 8 loses it)."""
    return format_html('<script src="{}"></script>', static("js/folio-autosave-catch-up.js"))
