"""What may be counted: live pages, the calls to action each shows, the URL each holds.

The beacon endpoint and the ``/go/`` redirect ask this on every request, so the answers
are kept in each process until the page cache's generation moves on (every publish,
unpublish, snippet or settings change bumps it: ``blog/page_cache.py``) or a few minutes
have passed. A generation number alone could come back after the cache is cleared (a
Redis restart; every test), naming other content: an *epoch* kept beside it, made anew
whenever it is missing, tells those apart. Reads only: counting never writes to the
database on a reader's request.
"""

import re
import time
import uuid
from dataclasses import dataclass

from wagtail.models import Page

from blog.links import safe_url
from blog.site_settings import BlogSettings
from ops.fragment_cache import request_generation
from ops.page_cache import current_generation, generation_cache

# ``s<id>``: a CallToAction snippet; ``b-<block id>``: a call to action typed into a body.
CTA_KEY = re.compile(r"^(?:s[1-9][0-9]{0,11}|b-[A-Za-z0-9-]{1,64})$")
MEMO_SECONDS = 300
EPOCH_KEY = "folio:analytics:epoch"


@dataclass(frozen=True)
class Cta:
    key: str
    url: str
    label: str


def snippet_key(snippet_id):
    return f"s{snippet_id}"


def block_key(block_id):
    return f"b-{block_id}"


class _Memo:
    """Shared by the process's threads (a threaded dev or test server too), so that
    ``forget`` reaches all of them; two threads filling it at once only do it twice."""

    generation = None
    started = 0.0
    live_ids = None
    ctas = None


_memo = _Memo()


def forget():
    """Drop what this process remembers (tests; a generation that cannot be trusted)."""
    _memo.generation = None


def _remembered(generation):
    now = time.monotonic()
    if _memo.generation != generation or now - _memo.started > MEMO_SECONDS:
        _memo.generation, _memo.started = generation, now
        _memo.live_ids, _memo.ctas = None, {}
    return _memo


def _generation(request):
    # The beacon collector reads it once a second for all its requests, not per beacon.
    known = getattr(request, "analytics_generation", None)
    if known is not None:
        return known
    return current_key(request_generation(request) if request is not None else None)


def current_key(generation=None):
    """``(epoch, generation)``: which content the memo holds answers for."""
    if generation is None:
        generation = current_generation()
    cache = generation_cache()
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
        epoch = cache.get(EPOCH_KEY)
    return (epoch, generation)


def answers_without_query(page_id, generation):
    """Whether ``page_ctas(page_id)`` for content ``generation`` can be answered from
    memory (the collector runs the rest in a thread, where queries are allowed)."""
    memo = _memo
    # A few seconds' margin: the memo must not expire between this answer and its use.
    if memo.generation != generation or time.monotonic() - memo.started > MEMO_SECONDS - 5:
        return False
    if memo.live_ids is None:
        return False
    return page_id not in memo.live_ids or page_id in memo.ctas


def is_live_page(page_id, request=None):
    memo = _remembered(_generation(request))
    if memo.live_ids is None:
        # One query per process and content change: a set of ids is small even for a
        # large archive, and an unknown id (a flood of made-up ones) costs no query.
        memo.live_ids = frozenset(Page.objects.live().values_list("pk", flat=True))
    return page_id in memo.live_ids


def page_ctas(page_id, request=None):
    """``{key: Cta}`` of the live page's calls to action; ``None`` when it is not live."""
    if not is_live_page(page_id, request):
        return None
    memo = _memo
    if page_id not in memo.ctas:
        page = Page.objects.live().filter(pk=page_id).specific().first()
        memo.ctas[page_id] = ctas_on(page) if page is not None else {}
    return memo.ctas[page_id]


def ctas_on(page):
    """The calls to action a reader of ``page`` may see (any audience), by key."""
    found = {}
    body = getattr(page, "body", None)
    for block in body or ():
        if block.block_type != "call_to_action":
            continue
        snippet = block.value.get("snippet")
        if snippet is not None:
            if snippet.live:
                _add(found, snippet_key(snippet.pk), snippet.url, snippet.name)
        elif block.id:
            label = block.value.get("heading") or block.value.get("button_label") or "Inline"
            _add(found, block_key(block.id), block.value.get("url"), label)
    if hasattr(page, "body") and hasattr(page, "date"):  # a post: the guests' site-wide one
        site = page.get_site()
        settings = (
            BlogSettings.objects.filter(site=site)
            .select_related("default_guest_call_to_action")
            .first()
            if site is not None
            else None
        )
        snippet = settings.default_guest_call_to_action if settings else None
        if snippet is not None and snippet.live:
            _add(found, snippet_key(snippet.pk), snippet.url, snippet.name)
    return found


def _add(found, key, url, label):
    # Only what the page would link to itself (web, mail, phone or this site's paths):
    # the redirect must never lead anywhere a page could not.
    url = safe_url(url)
    if url and CTA_KEY.match(key):
        found[key] = Cta(key=key, url=url, label=str(label)[:255])
