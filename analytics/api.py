"""The aggregates as JSON for a team's own dashboards: ``/api/analytics/…``.

Never public: every request needs a Wagtail API token (``Authorization: Bearer …``,
made under *Settings → API tokens*) whose user has the analytics permission, and every
answer says ``Cache-Control: private, no-store`` so that no shared cache keeps it (the
page cache never stores answers to requests with a token either). Read only.

Parameters: ``start`` and ``end`` (YYYY-MM-DD, both days included; the last 30 days by
default) on every endpoint, plus the narrowing each one lists. Bad parameters are a 400
with ``{"error": …}``.
"""

import datetime
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page

from . import reports
from .models import PERMISSION, Channel, Device
from .targets import CTA_KEY

AUDIENCES = ("guest", "member")
TOPICS = ("tag", "category", "author")
PAGE_FIELDS = ("title", "type", "live")


class BadParameter(ValueError):
    pass


def answer(data, status=200):
    response = JsonResponse(data, status=status, encoder=DjangoJSONEncoder)
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Authorization"
    return response


def error(status, message):
    response = answer({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="analytics"'
    return response


def token_required(view):
    """A token of an active user with the analytics permission, or 401/403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.headers.get("Authorization", "").lower().startswith("bearer "):
            return error(401, "Send a Wagtail API token: 'Authorization: Bearer <token>'.")
        # Wagtail's own check (API v3): request.user becomes the token's user, or anonymous.
        if BearerTokenAuth()(request) is None:
            return error(401, "This API token is unknown, revoked or its user inactive.")
        if not request.user.has_perm(PERMISSION):
            return error(403, "This token's user may not read analytics.")
        try:
            return view(request, *args, **kwargs)
        except BadParameter as problem:
            return error(400, str(problem))

    return require_GET(wrapper)


def _date(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"'{name}' must be a date as YYYY-MM-DD.") from None


def period_of(request):
    try:
        return reports.Period.between(_date(request, "start"), _date(request, "end"))
    except BadParameter:
        raise
    except ValueError as problem:
        raise BadParameter(str(problem)) from None


def choice(request, name, choices):
    value = request.GET.get(name) or None
    if value is not None and value not in choices:
        raise BadParameter(f"'{name}' must be one of: {', '.join(choices)}.")
    return value


def page_id_of(request, name="page"):
    value = request.GET.get(name)
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**63:
        raise BadParameter(f"'{name}' must be a page id.")
    return int(value)


def described(period, results, **extra):
    return {"start": period.start, "end": period.end, **extra, "results": results}


def _public(row, *drop):
    return {
        key: value for key, value in row.items() if not key.endswith("_url") and key not in drop
    }


@token_required
def pages(request):
    """Per page: views (guests, members), visitors, reads, calls to action seen/clicked."""
    period = period_of(request)
    audience = choice(request, "audience", AUDIENCES)
    rows = reports.page_rows(period, audience=audience)
    return answer(described(period, [_public(row) for row in rows], audience=audience))


@token_required
def page_detail(request, page_id):
    period = period_of(request)
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return error(404, "No page has this id.")
    ids = [page_id]
    totals = reports.page_totals(page_id, period)
    return answer(
        {
            "start": period.start,
            "end": period.end,
            "page": {"id": page.pk, "title": page.title},
            "totals": _public(totals) if totals else None,
            "days": reports.daily_rows(period, page_ids=ids),
            "sources": reports.source_rows(period, page_ids=ids),
            "devices": reports.breakdown(period, "device", page_ids=ids),
            "audiences": reports.breakdown(period, "audience", page_ids=ids),
            "ctas": [_public(row) for row in reports.cta_rows(period, page_ids=ids)],
        }
    )


@token_required
def days(request):
    period = period_of(request)
    page = page_id_of(request)
    rows = reports.daily_rows(period, page_ids=[page] if page else None)
    return answer(described(period, rows, page=page))


@token_required
def sources(request):
    period = period_of(request)
    page = page_id_of(request)
    rows = reports.source_rows(
        period,
        page_ids=[page] if page else None,
        audience=choice(request, "audience", AUDIENCES),
        device=choice(request, "device", Device.values),
        channel=choice(request, "channel", Channel.values),
    )
    return answer(described(period, rows, page=page))


@token_required
def ctas(request):
    period = period_of(request)
    page = page_id_of(request)
    rows = reports.cta_rows(
        period, page_ids=[page] if page else None, audience=choice(request, "audience", AUDIENCES)
    )
    return answer(described(period, [_public(row) for row in rows], page=page))


@token_required
def cta_detail(request, cta):
    if not CTA_KEY.match(cta):
        return error(404, "No call to action has this id.")
    period = period_of(request)
    rows = reports.cta_page_rows(cta, period, audience=choice(request, "audience", AUDIENCES))
    return answer(described(period, [_public(row) for row in rows], cta=cta))


@token_required
def topics(request):
    period = period_of(request)
    kind = choice(request, "kind", TOPICS) or "tag"
    return answer(described(period, reports.topic_rows(period, kind), kind=kind))
