"""Beacons answered right after the page cache, before the middleware they do not need.

A beacon needs no session, user, CSRF token, messages, redirects or login throttling: it
names a page and says what to count. Answered here, it costs the web worker a fraction of
a page (bench/analytics_bench.py), which is what lets 500 beacons a second arrive without
slowing the pages down much. The URL stays in ``analytics/urls.py`` too, for ``reverse``
and for a site that leaves this middleware out.

With ``folio.wsgi`` (gunicorn), beacons do not even reach Django's handler:
``fast_path.BeaconFastPath`` runs the same view inside the same middleware that stands in
front of this one, and needs this one installed to know where that is.
"""

from django.urls import reverse

from . import views

BEACON_MIDDLEWARE = "analytics.middleware.BeaconMiddleware"


def beacon_path():
    return reverse("analytics:beacon")


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.beacon_path = None

    def __call__(self, request):
        if self.beacon_path is None:
            self.beacon_path = beacon_path()
        if request.path_info == self.beacon_path:
            return views.beacon(request)
        return self.get_response(request)
