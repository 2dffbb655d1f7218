"""RSS 2.0 and Atom feeds of posts, built on Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaksbr
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_ITEMS = 20


class PostsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, *, index, posts, subject=None):
        super().__init__()
        self.index = index
        self.posts = posts
        self.subject = subject

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        # The brand's name (Settings → Brand) says whose blog a feed reader lists.
        from brand.identity import brand_for_request

        title = self.index.title
        if self.subject is not None:
            title = f"{title}: {self.subject}"
        return f"{title} · {brand_for_request(self.request).site_name}"

    def link(self):
        return self.index.get_full_url(self.request)

    def description(self):
        return self.index.search_description or f"Latest posts from {self.index.title}"

    def items(self):
        return self.posts.prefetch_related("tags")[:FEED_ITEMS]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Feed readers read a description (RSS) or an html summary (Atom) as HTML, and
        # intros are plain text: "Use <b> & <i>" must reach the reader as those characters,
        # and a line break as one (as on the cards).
        return linebreaksbr(post.index_intro or post.search_description, autoescape=True)

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_guid(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return post.last_published_at

    def item_author_name(self, post):
        return ", ".join(author.name for author in post.authors) or None

    def item_categories(self, post):
        return [category.name for category in post.categories] + [tag.name for tag in post.tag_list]


class PostsAtomFeed(PostsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
