"""/api/analytics/: token-only JSON of the aggregates (api.py)."""

from django.urls import path

from . import api

app_name = "analytics_api"

urlpatterns = [
    path("pages/", api.pages, name="pages"),
    path("pages/<int:page_id>/", api.page_detail, name="page"),
    path("days/", api.days, name="days"),
    path("sources/", api.sources, name="sources"),
    path("ctas/", api.ctas, name="ctas"),
    path("ctas/<str:cta>/", api.cta_detail, name="cta"),
    path("topics/", api.topics, name="topics"),
]
