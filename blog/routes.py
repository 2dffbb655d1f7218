"""Sub-routes of the blog index: filtered listings, feeds and legacy URLs."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from taggit.models import Tag
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .feeds import PostsAtomFeed, PostsRssFeed
from .pagination import ListingPage
from .site_settings import BlogSettings
from .snippets import Author, Category


def paginate(request, posts, per_page):
    """The requested page of ``posts``; a malformed or out-of-range number is a 404.

    Page 1 of an empty listing is a page (it says there are no posts yet).
    """
    try:
        page = ListingPage(posts, int(request.GET.get("page", "1")), per_page)
    except ValueError:
        raise Http404("No such page of posts.") from None
    if not page and page.number > 1:
        raise Http404("No such page of posts.")
    return page


class BlogIndexRoutes(RoutablePageMixin):
    """Listing, filter and feed routes; each filter has an RSS and an Atom feed."""

    def subpage_url(self, name, *args):
        return self.url + self.reverse_subpage(name, args=args)

    # --- filters --------------------------------------------------------------------

    def tag_filter(self, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return tag, self.posts().filter(tags=tag)

    def category_filter(self, slug):
        category = get_object_or_404(Category, slug=slug, live=True)
        return category, self.posts().filter(post_categories__category=category)

    def author_filter(self, slug):
        author = get_object_or_404(Author.objects.select_related("avatar"), slug=slug, live=True)
        return author, self.posts().filter(post_authors__author=author)

    # --- HTML listings ----------------------------------------------------------------

    def render_listing(self, request, posts, *, kind="", subject=None, feed_route=None):
        per_page = BlogSettings.for_request(request).posts_per_page
        posts_page = paginate(request, posts, per_page)
        feed_route = feed_route or "feed"
        feed_args = [subject.slug] if subject is not None else []
        return self.render(
            request,
            template="blog/blog_index_page.html",
            context_overrides={
                "posts": posts_page,
                "listing_kind": kind,
                "listing_subject": subject,
                "listing_path": request.path,
                "rss_url": self.subpage_url(feed_route, *feed_args),
                "atom_url": self.subpage_url(feed_route + "_atom", *feed_args),
            },
        )

    @path("", name="index")
    def index_route(self, request):
        return self.render_listing(request, self.posts())

    @path("tag/<str:slug>/", name="tag")
    def tag_route(self, request, slug):
        tag, posts = self.tag_filter(slug)
        return self.render_listing(request, posts, kind="tag", subject=tag, feed_route="tag_feed")

    @path("category/<str:slug>/", name="category")
    def category_route(self, request, slug):
        category, posts = self.category_filter(slug)
        return self.render_listing(
            request, posts, kind="category", subject=category, feed_route="category_feed"
        )

    @path("author/<str:slug>/", name="author")
    def author_route(self, request, slug):
        author, posts = self.author_filter(slug)
        return self.render_listing(
            request, posts, kind="author", subject=author, feed_route="author_feed"
        )

    # --- feeds ------------------------------------------------------------------------

    def serve_feed(self, request, feed_class, posts, subject=None):
        return feed_class(index=self, posts=posts, subject=subject)(request)

    @path("feed/", name="feed")
    @path("feed.xml/", name="legacy_feed")
    def feed_route(self, request):
        return self.serve_feed(request, PostsRssFeed, self.posts())

    @path("feed/atom/", name="feed_atom")
    def atom_feed_route(self, request):
        return self.serve_feed(request, PostsAtomFeed, self.posts())

    @path("tag/<str:slug>/feed/", name="tag_feed")
    def tag_feed_route(self, request, slug):
        tag, posts = self.tag_filter(slug)
        return self.serve_feed(request, PostsRssFeed, posts, tag)

    @path("tag/<str:slug>/feed/atom/", name="tag_feed_atom")
    def tag_atom_feed_route(self, request, slug):
        tag, posts = self.tag_filter(slug)
        return self.serve_feed(request, PostsAtomFeed, posts, tag)

    @path("category/<str:slug>/feed/", name="category_feed")
    def category_feed_route(self, request, slug):
        category, posts = self.category_filter(slug)
        return self.serve_feed(request, PostsRssFeed, posts, category)

    @path("category/<str:slug>/feed/atom/", name="category_feed_atom")
    def category_atom_feed_route(self, request, slug):
        category, posts = self.category_filter(slug)
        return self.serve_feed(request, PostsAtomFeed, posts, category)

    @path("author/<str:slug>/feed/", name="author_feed")
    def author_feed_route(self, request, slug):
        author, posts = self.author_filter(slug)
        return self.serve_feed(request, PostsRssFeed, posts, author)

    @path("author/<str:slug>/feed/atom/", name="author_feed_atom")
    def author_atom_feed_route(self, request, slug):
        author, posts = self.author_filter(slug)
        return self.serve_feed(request, PostsAtomFeed, posts, author)

    # --- legacy Jekyll permalinks -----------------------------------------------------

    @path("p/<str:slug>.html/", name="legacy_post")
    def legacy_post_route(self, request, slug):
        """The source blog's ``/blog/p/<slug>.html`` answers 301 to the post's new URL
        (an unlisted post's too: its old link is how readers reach it).

        Unknown slugs fall through to a 404, where Wagtail's redirects app gets its say.
        """
        post = self.reachable_posts().filter(slug=slug).first()
        if post is None:
            raise Http404("No post with this legacy address.")
        return HttpResponsePermanentRedirect(post.url)
