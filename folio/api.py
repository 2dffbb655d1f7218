"""Wagtail API v2 router; the endpoints are declared in blog/api/."""

from blog.api.endpoints import register_endpoints
from blog.api.router import FolioAPIRouter

api_router = FolioAPIRouter("wagtailapi")
register_endpoints(api_router)
