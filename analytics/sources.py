"""Where a reader came from, reduced to what the reports show: a channel, the referring
site's domain (never its path or query) and the campaign's ``utm_*`` values."""

import re
from urllib.parse import urlsplit

MAX_LENGTH = 100
# A source's parts are joined with this in buffer keys; it never survives ``clean``.
SEPARATOR = "|"

SEARCH_ENGINES = (
    "google.", "bing.com", "duckduckgo.com", "yahoo.", "yandex.", "baidu.com", "ecosia.org",
    "qwant.com", "search.brave.com", "startpage.com", "kagi.com", "naver.com", "seznam.cz",
)  # fmt: skip
SOCIAL_NETWORKS = (
    "facebook.com", "fb.me", "t.co", "twitter.com", "x.com", "linkedin.com", "lnkd.in",
    "reddit.com", "news.ycombinator.com", "instagram.com", "youtube.com", "pinterest.",
    "bsky.app", "threads.net", "mastodon.social", "tiktok.com", "quora.com", "medium.com",
)  # fmt: skip
EMAIL_MEDIUMS = {"email", "e-mail", "newsletter", "mail"}
PAID_MEDIUMS = {"cpc", "ppc", "paid", "paidsearch", "paid-search", "paid_social", "display", "ads"}
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f|]")
DOMAIN = re.compile(r"^[a-z0-9.-]+$")


def clean(value):
    """A ``utm_*`` value as kept: trimmed, lower case, printable, at most 100 characters."""
    return UNPRINTABLE.sub("", str(value or "")).strip().lower()[:MAX_LENGTH]


def referring_domain(referrer):
    """``https://www.Google.com/search?q=…`` → ``google.com``; ``""`` when there is none or
    it is not a web address."""
    try:
        address = urlsplit(str(referrer or "").strip())
        host = (address.hostname or "").lower()
    except ValueError:
        return ""
    if address.scheme not in ("http", "https") or not DOMAIN.match(host):
        return ""
    return host.removeprefix("www.")[:MAX_LENGTH]


def _matches(domain, known):
    """``news.google.co.uk`` matches ``google.`` (any country); ``m.facebook.com`` matches
    ``facebook.com``; ``notfacebook.com`` matches neither."""
    dotted = "." + domain
    for name in known:
        if name.endswith("."):
            if "." + name in dotted + ".":
                return True
        elif dotted.endswith("." + name):
            return True
    return False


def source_of(referrer, utm, own_host):
    """(channel, referring domain, utm_source, utm_medium, utm_campaign) of a view."""
    domain = referring_domain(referrer)
    own = (own_host or "").split(":")[0].lower().removeprefix("www.")
    utm_source, utm_medium, utm_campaign = (
        clean(utm.get(k)) for k in ("source", "medium", "campaign")
    )
    if domain and domain == own:
        # Moving between the blog's own pages says which page led on, not where the
        # reader came from: no campaign either (its parameters are in the first page's URL).
        return ("internal", "", "", "", "")
    if utm_medium in EMAIL_MEDIUMS:
        channel = "email"
    elif utm_medium in PAID_MEDIUMS:
        channel = "paid"
    elif utm_source or utm_medium or utm_campaign:
        channel = "campaign"
    elif not domain:
        channel = "direct"
    elif _matches(domain, SEARCH_ENGINES):
        channel = "search"
    elif _matches(domain, SOCIAL_NETWORKS):
        channel = "social"
    else:
        channel = "referral"
    return (channel, domain, utm_source, utm_medium, utm_campaign)


OTHER_SOURCE = ("other", "", "", "", "")


def encode(source):
    return SEPARATOR.join(source)


def decode(token):
    parts = token.split(SEPARATOR)
    return tuple(parts) if len(parts) == 5 else OTHER_SOURCE
