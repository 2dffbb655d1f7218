from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^accent-(?P<colour>[0-9a-fA-F]{6})\.css$", views.accent_css, name="brand_accent_css"),
]
