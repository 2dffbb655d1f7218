"""What the soak asks for: the blog's real URLs and the mix of reads and editor actions."""

from urllib.parse import urlsplit

import requests

# Relative weights: reads add up to 90, editor actions to 10. A sixth of the page reads
# carry a cache-busting query string (cached and uncached rendering both get load).
READS = {
    "post page": 24, "blog index": 10, "home": 4, "tag page": 8, "category page": 6,
    "author page": 5, "feed": 6, "search": 6, "API list": 11, "API detail": 10,
}  # fmt: skip
EDITS = {"save draft": 7, "publish": 3}
CACHE_BUSTED_SHARE = 1 / 6
LISTINGS = {"tag page": "tags", "category page": "categories", "author page": "authors"}


class Catalogue:
    """The blog's real URLs, read once through the API."""

    def __init__(self, base):
        self.posts = api_items(base, "/api/v2/pages/?type=blog.BlogPage&limit=100")
        self.post_paths = [path_of(p["meta"]["html_url"]) for p in self.posts]
        self.listings = {
            kind: [path_of(i["meta"]["html_url"]) for i in api_items(base, f"/api/v2/{kind}/")]
            for kind in LISTINGS.values()
        }
        self.index_pages = max(1, len(self.posts) // 15)
        self.words = sorted(
            {w.lower() for p in self.posts for w in p["title"].split() if len(w) > 3}
        )


def api_items(base, path):
    items, url = [], base + path
    while url:
        page = requests.get(url, timeout=30).json()
        items += page["items"]
        next_url = page["meta"].get("next")
        url = base + path_of(next_url) if next_url else None
    return items


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def read_path(kind, site, rng):
    """The path one anonymous read of ``kind`` asks for."""
    if kind == "post page":
        return rng.choice(site.post_paths)
    if kind == "blog index":
        page = min(int(rng.expovariate(0.5)) + 1, site.index_pages)  # page 1 most often
        return "/blog/" if page == 1 else f"/blog/?page={page}"
    if kind in LISTINGS:
        return rng.choice(site.listings[LISTINGS[kind]])
    if kind == "feed":
        return rng.choice(
            ["/blog/feed/", "/blog/feed/atom/", rng.choice(site.listings["tags"]) + "feed/"]
        )
    if kind == "search":
        return "/search/?q=" + "+".join(rng.sample(site.words, 2))
    if kind == "API list":
        offset = rng.randrange(0, len(site.posts), 20)
        return f"/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20&offset={offset}"
    if kind == "API detail":
        return f"/api/v2/pages/{rng.choice(site.posts)['id']}/"
    return "/"


def cache_buster(rng):
    # A campaign link: same page, new URL, so a miss that renders the page.
    return f"utm_source=newsletter&utm_campaign=c{rng.randrange(10**6)}"


def retitled(title, edit_number):
    """The title with a fresh edit counter, so the page really changes and stays short."""
    return f"{title.split(' · edit ')[0]} · edit {edit_number}"
