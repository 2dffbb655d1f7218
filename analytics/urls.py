"""Public routes: mounted by folio/urls.py before the page routes."""

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("analytics/beacon", views.beacon, name="beacon"),
    path("go/<str:cta>/<int:page_id>/", views.go, name="go"),
]
