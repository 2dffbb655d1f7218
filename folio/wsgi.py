import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "folio.settings.production")

django_application = get_wsgi_application()

# Page-cache hits are answered before Django's handler and middleware (ops/cached_hits.py),
# and so are analytics beacons (analytics/fast_path.py).
from analytics.fast_path import BeaconFastPath  # noqa: E402 (once Django is set up)
from ops.cached_hits import CachedHits  # noqa: E402

application = BeaconFastPath(CachedHits(django_application))
