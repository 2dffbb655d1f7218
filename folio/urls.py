from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.api import v3 as api_v3_extras
from blog.views import healthz, serve, serve_dotted_path
from folio.api import api_router
from ops.media import media_urlpatterns
from ops.page_cache import public_view
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    # Wagtail's API v3 behind Folio's checks (blog/api/v3.py).
    path("api/v3/", api_v3_extras.urls()),
    api_v3_extras.unknown_path,
    path("documents/", include(wagtaildocs_urls)),
    path("search/", public_view(search_views.search), name="search"),
    path("sitemap.xml", public_view(sitemap), name="sitemap"),
    path(
        "robots.txt",
        public_view(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots_txt",
    ),
    path("healthz", healthz, name="healthz"),
    path("brand/", include("brand.urls")),
    # Analytics: the beacon, /go/ redirects of calls to action, its token-only API.
    path("", include("analytics.urls")),
    path("api/analytics/", include("analytics.api_urls")),
]

# User media, with the headers that keep it from scripting the site (DEBUG or not;
# FOLIO_SERVE_MEDIA=0 where nginx or a CDN serves it). Before the page routes below.
urlpatterns += media_urlpatterns()

urlpatterns += [
    # Wagtail's own views under _util/ (unlocking a password-protected page, the front-end
    # login) before Folio's page route, which would take their paths for page paths.
    *(pattern for pattern in wagtail_urls.urlpatterns if str(pattern.pattern).startswith("_util/")),
    re_path(r"^(?P<path>(?:[\w\-]+/)+[\w\-]+\.(?:html|xml))$", serve_dotted_path),
    # Wagtail's own pattern, served through Folio's view (fewer queries to route).
    re_path(r"^(?P<path>(?:[\w\-]+/)*)$", serve),
    path("", include(wagtail_urls)),
]

handler404 = "blog.views.page_not_found"
