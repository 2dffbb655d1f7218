"""The writers' dashboard: start a post, find one's drafts, see what waits for review and
what went out last, without going through Pages → site → Blog.

Wagtail's own panels ("Your pages in a workflow", "Awaiting your review", "Your most
recent edits") stay: these speak of blog posts only, in the team's words, and each list
is one query. The "Blog posts" menu item leads to the blog's page listing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from .models import BlogIndexPage, BlogPage

ROWS = 5


def main_blog_index():
    """The blog posts are written in (the first blog in the tree: Folio runs one blog)."""
    return BlogIndexPage.objects.order_by("path").first()


def blog_posts_listing(request):
    """The blog's page listing (its posts, newest first), one click from the menu."""
    index = main_blog_index()
    if index is None:
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", index.pk)


def in_review_ids():
    """The pages in a moderation workflow now. Asked of ``Page``: Wagtail keys a page's
    workflow states by the base page type, which a ``BlogPage`` query would not match."""
    return Page.objects.filter(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS).values(
        "pk"
    )


class BlogPanel(Component):
    """A dashboard panel of blog posts: a heading and a short list of them, each row a
    ``{pk, title, date, by, live_url}`` (``by`` and ``live_url`` where they apply)."""

    template_name = "blog/dashboard/posts_panel.html"
    heading = ""
    empty_text = ""
    date_label = ""
    show_by = False

    def __init__(self, user):
        self.user = user

    def rows(self):
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "rows": self.rows(),
            "empty_text": self.empty_text,
            "date_label": self.date_label,
            "show_by": self.show_by,
        }


class NewPostPanel(Component):
    name = "new-post"
    order = 50
    template_name = "blog/dashboard/new_post_panel.html"

    def __init__(self, index):
        self.index = index

    def get_context_data(self, parent_context=None):
        return {
            "add_url": reverse("wagtailadmin_pages:add", args=["blog", "blogpage", self.index.pk]),
            "listing_url": reverse("folio_blog_posts"),
        }


class MyDraftsPanel(BlogPanel):
    name = "my-drafts"
    order = 60
    heading = "My drafts"
    empty_text = "No drafts: every post you started is published or waiting for review."
    date_label = "Last saved"

    def rows(self):
        mine = Q(owner=self.user) | Q(latest_revision__user=self.user)
        posts = (
            BlogPage.objects.filter(mine, has_unpublished_changes=True)
            .exclude(pk__in=in_review_ids())
            .order_by("-latest_revision_created_at")
            .values("pk", "draft_title", "latest_revision_created_at")[:ROWS]
        )
        return [
            {"pk": p["pk"], "title": p["draft_title"], "date": p["latest_revision_created_at"]}
            for p in posts
        ]


class WaitingForReviewPanel(BlogPanel):
    name = "waiting-for-review"
    order = 70
    heading = "Waiting for review"
    empty_text = "Nothing is waiting for review."
    date_label = "Submitted"
    show_by = True

    def rows(self):
        posts = BlogPage.objects.filter(pk__in=in_review_ids()).values_list("pk", "draft_title")
        titles = dict(posts)
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(pk) for pk in titles],
            )
            .select_related("requested_by")
            .order_by("created_at")[:ROWS]
        )
        return [
            {
                "pk": int(state.object_id),
                "title": titles[int(state.object_id)],
                "date": state.created_at,
                "by": submitter_name(state.requested_by),
            }
            for state in states
        ]


def submitter_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class RecentlyPublishedPanel(BlogPanel):
    name = "recently-published"
    order = 80
    heading = "Recently published"
    empty_text = "No post is published yet."
    date_label = "Published"

    def rows(self):
        posts = BlogPage.objects.live().order_by("-last_published_at")[:ROWS]
        return [
            {
                "pk": post.pk,
                "title": post.draft_title,
                "date": post.last_published_at,
                "live_url": post.url,
            }
            for post in posts.defer_streamfields()
        ]


def writer_panels(request):
    """The panels for this user: only for people who may add or edit posts in the blog."""
    index = main_blog_index()
    if index is None:
        return []
    permissions = index.permissions_for_user(request.user)
    can_add = permissions.can_add_subpage()
    if not can_add and not permissions.can_edit():
        return []
    panels = [NewPostPanel(index)] if can_add else []
    return panels + [
        MyDraftsPanel(request.user),
        WaitingForReviewPanel(request.user),
        RecentlyPublishedPanel(request.user),
    ]
