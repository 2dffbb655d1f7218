"""The two public endpoints: the beacon the page script sends, and the ``/go/`` redirect
of calls to action. Neither writes to the site's database (counts go to the buffer) and
neither is ever kept by the page cache (neither declares its answer public)."""

import logging
import sqlite3
from dataclasses import dataclass

import redis
from django.http import (
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from blog.audience import visitor_audience
from ops.cached_settings import setting

from . import buffer, sources
from .beacon import BadBeacon, parse
from .privacy import address_of, client_key, device_class, host_of, not_counted, visitor_hash
from .targets import CTA_KEY, page_ctas

logger = logging.getLogger("folio.analytics")

MAX_BEACON_BYTES = 2048
BUFFER_ERRORS = (sqlite3.Error, OSError, redis.RedisError)


def enabled():
    return setting("FOLIO_ANALYTICS", True)


def max_beacon_bytes():
    return setting("FOLIO_ANALYTICS_MAX_BEACON_BYTES", MAX_BEACON_BYTES)


def private(response):
    """Never kept by a browser, proxy or CDN: every click must reach Folio to be counted."""
    response["Cache-Control"] = "no-store"
    return response


def problem(status, message):
    return private(JsonResponse({"error": message}, status=status))


def is_site_editor(request):
    """Editors checking their own posts are not readers (as with any analytics tool that
    excludes internal traffic)."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def is_cross_site(request):
    """Beacons come from the site's own pages; another site's pages cannot send them."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "")
    if fetch_site and fetch_site not in ("same-origin", "same-site", "none"):
        return True
    origin = request.META.get("HTTP_ORIGIN", "")
    if origin and origin != "null":
        return origin.split("://", 1)[-1] != host_of(request)
    return False


def count(request, hit):
    """Add ``hit`` to the buffer: ``"counted"``, ``"limited"`` (the client is over its
    rate limit) or ``"dropped"`` (the buffer is unreachable: readers never wait for it).
    The beacon collector hands its own batching buffer in ``request.analytics_buffer``."""
    store = getattr(request, "analytics_buffer", None) or buffer.get_buffer()
    address = address_of(request)
    try:
        salt = store.salt(hit.day)
        if hit.view:
            hit.visitor = visitor_hash(salt, request, address)
        counted = store.record(
            client_key(salt, address),
            hit,
            limit=buffer.rate_limit(),
            max_sources=buffer.max_sources(),
        )
    except BUFFER_ERRORS:
        logger.warning("analytics buffer unavailable: a count was dropped", exc_info=True)
        return "dropped"
    return "counted" if counted else "limited"


@dataclass(frozen=True)
class Answer:
    """What a beacon is answered: a status, and for a refusal what went wrong."""

    status: int
    error: str = ""
    retry_after: int = 0


COUNTED = Answer(204)


@csrf_exempt
def beacon(request):
    """Count what a page's script reports; answered by ``BeaconMiddleware`` in practice."""
    if request.method != "POST":
        return private(HttpResponseNotAllowed(["POST"]))
    if not enabled():
        return problem(404, "Analytics is turned off.")
    answer = judge(request, request.read)
    if answer.status == 204:
        return private(HttpResponse(status=204))
    response = problem(answer.status, answer.error)
    if answer.retry_after:
        response["Retry-After"] = str(answer.retry_after)
    return response


def judge(request, read, payload=None):
    """Check a beacon and count it: the whole of what answering one means, shared by the
    view and the beacon collector (analytics/collector.py, which has ``payload`` parsed
    already). ``read(n)`` gives at most ``n`` bytes of the body."""
    limit = max_beacon_bytes()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return Answer(400, "Content-Length is not a number.")
    if length > limit:
        return Answer(413, f"A beacon is at most {limit} bytes.")
    if is_cross_site(request):
        return Answer(403, "Beacons are only accepted from this site's pages.")
    body = read(limit + 1)
    if len(body) > limit:
        return Answer(413, f"A beacon is at most {limit} bytes.")
    if payload is None:
        try:
            payload = parse(body)
        except BadBeacon as error:
            return Answer(400, str(error))
    # Editors are not counted either: their pages carry no script (analytics_tags).
    if not_counted(request):
        return COUNTED
    ctas = page_ctas(payload.page, request)
    if ctas is None:
        # 422, not 404: the endpoint exists, the page it names does not (and a 404 from the
        # URL route would send Wagtail's redirects middleware looking: two queries each).
        return Answer(422, "No live page has this id.")
    if count(request, hit_for(request, payload, ctas)) == "limited":
        return Answer(429, "Too many beacons from this address; try again in a minute.", 60)
    return COUNTED


def hit_for(request, payload, ctas):
    day = buffer.today_key()
    page, audience = payload.page, payload.audience
    hit = buffer.Hit(day=day, page=page)
    if payload.view:
        device = device_class(request.META.get("HTTP_USER_AGENT"))
        hit.view = buffer.view_key(day, page, audience, device)
        hit.source = sources.encode(
            sources.source_of(payload.referrer, payload.utm_values, host_of(request))
        )
    for key in payload.seen:
        if key in ctas:  # one the page does not show is dropped, the rest still count
            hit.counts[buffer.cta_key("i", day, page, audience, key)] = 1
    for depth in payload.read:
        hit.counts[buffer.read_key(day, page, depth)] = 1
    return hit


class CtaRedirect(HttpResponseRedirect):
    # A call to action may be a mail or phone link (blog_tags.safe_url allows them).
    allowed_schemes = ["http", "https", "mailto", "tel"]


def go(request, cta, page_id):
    """Count a click on a call to action of a page, then send the reader where it leads.

    Only to the URL that call to action holds on that live page: the path names a page
    and one of its calls to action, never a destination, so it cannot be made to lead
    anywhere else (no open redirect). A call to action the page no longer shows leads
    back to the page.
    """
    if request.method not in ("GET", "HEAD"):
        return private(HttpResponseNotAllowed(["GET", "HEAD"]))
    ctas = page_ctas(page_id, request) if CTA_KEY.match(cta) else None
    if ctas is None:
        return not_found()
    target = ctas.get(cta)
    if target is None:
        page = Page.objects.filter(pk=page_id).first()
        url = page.get_url(request) if page is not None else None
        return private(CtaRedirect(url)) if url else not_found()
    if enabled() and request.method == "GET":
        if not (not_counted(request) or is_site_editor(request)):
            day = buffer.today_key()
            hit = buffer.Hit(day=day, page=page_id)
            hit.counts[buffer.cta_key("c", day, page_id, visitor_audience(request), cta)] = 1
            count(request, hit)  # over the rate limit: not counted, still redirected
    response = private(CtaRedirect(target.url))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def not_found():
    """A plain 404 of its own: the site's 404 page is public, and the page cache would
    keep it for this URL."""
    return private(HttpResponse("Not found.", status=404, content_type="text/plain"))
