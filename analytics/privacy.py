"""Who is not counted, and what little is taken from a request that is.

A reader who asks not to be tracked (``DNT: 1``, ``Sec-GPC: 1``), a bot, a browser
prefetching a link: none of them is counted. From the others the request yields a device
class and two short-lived hashes; the address and user agent themselves go nowhere.
"""

import functools
import hashlib
import re

from ops.client_address import client_address

# Crawlers, link previews, monitors, HTTP libraries and headless browsers name themselves
# in their user agent. A list like those of Plausible or Matomo, kept short: the counts
# need to be right for people, not a complete catalogue of robots.
BOT_PATTERN = re.compile(
    r"(?<!cu)bot|crawl|spider|slurp|archiver|scrap|fetch|preview|monitor|uptime|pingdom|"
    r"lighthouse|pagespeed|gtmetrix|headless|phantomjs|puppeteer|playwright|selenium|"
    r"facebookexternalhit|embedly|whatsapp|telegram|discord|slack|skype|vkshare|"
    r"curl|wget|python|httpx|aiohttp|go-http-client|java/|okhttp|libwww|perl|ruby|axios|"
    r"node-fetch|undici|postman|insomnia|feed|rss"
)
TABLET_PATTERN = re.compile(r"ipad|tablet|kindle|silk|playbook|android(?!.*mobile)")
MOBILE_PATTERN = re.compile(r"mobi|iphone|ipod|android.*mobile|windows phone")
# Readers' browsers send a few hundred distinct user agents a day: each is classified once
# per process (the patterns cost more than the rest of a beacon's work).
KNOWN_USER_AGENTS = 4096


def opted_out(request):
    """Whether the reader's browser asks not to be tracked (Do Not Track, Global Privacy
    Control). Their visits are not counted at all, not even anonymously."""
    return request.META.get("HTTP_DNT", "").strip() == "1" or (
        request.META.get("HTTP_SEC_GPC", "").strip() == "1"
    )


@functools.lru_cache(maxsize=KNOWN_USER_AGENTS)
def is_bot(user_agent):
    user_agent = (user_agent or "").strip().lower()
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def is_prefetch(request):
    """A link fetched ahead of a click that may never come (Chrome's prefetch/prerender)."""
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") or request.META.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def not_counted(request):
    """Why this request is not counted ("dnt", "bot", "prefetch"), or ``""``."""
    if opted_out(request):
        return "dnt"
    if is_bot(request.META.get("HTTP_USER_AGENT")):
        return "bot"
    if is_prefetch(request):
        return "prefetch"
    return ""


@functools.lru_cache(maxsize=KNOWN_USER_AGENTS)
def device_class(user_agent):
    user_agent = (user_agent or "").lower()
    if TABLET_PATTERN.search(user_agent):
        return "tablet"
    if MOBILE_PATTERN.search(user_agent):
        return "mobile"
    return "desktop"


def _digest(salt, *parts):
    message = "\x00".join(map(str, parts)).encode()
    return hashlib.blake2b(message, key=salt[:64], digest_size=16).hexdigest()


def visitor_hash(salt, request, address):
    """The reader's identity for today only: address, user agent and site, hashed with
    today's salt. The salt is thrown away at the end of the day, after which nobody (us
    included) can tell whether two days' readers were the same person."""
    return _digest(
        salt, "visitor", host_of(request), address, request.META.get("HTTP_USER_AGENT", "")
    )


def client_key(salt, address):
    """What the rate limit counts beacons by: the client address, hashed with today's salt
    so that not even the limiter's counters (a minute long) hold an address."""
    return _digest(salt, "client", address)


def host_of(request):
    """``request.get_host()``, worked out once per request (a beacon needs it three times)."""
    host = request.__dict__.get("_folio_host")
    if host is None:
        host = request._folio_host = request.get_host()
    return host


def address_of(request):
    """The client's address (behind the site's trusted proxies), only ever hashed."""
    return client_address(request) or ""
