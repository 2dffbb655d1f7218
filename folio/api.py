"""Wagtail API v2 router; the blog's endpoints are declared in blog/api.py."""

from wagtail.api.v2.router import WagtailAPIRouter

from blog.api import register_endpoints

api_router = WagtailAPIRouter("wagtailapi")
register_endpoints(api_router)
