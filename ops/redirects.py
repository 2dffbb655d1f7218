"""Wagtail's redirects middleware, fit for the page cache and for a database outage.

Wagtail looks every 404 up in its redirects table. Two things it cannot know:

- the redirect it answers is the same for every reader, so the page cache may keep it
  (``declare_public``), as it keeps the 404 it replaces;
- a 404 found while the database is down should stay a 404: the lookup itself would
  raise, and the reader would get a 500 for a page that simply does not exist.
"""

import logging

from django.db import DatabaseError
from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware

from ops.page_cache import declare_public

from .db_outage import is_database_outage

logger = logging.getLogger("folio.db_outage")


class RedirectMiddleware(WagtailRedirectMiddleware):
    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        try:
            redirect = super().process_response(request, response)
        except DatabaseError as error:
            if not is_database_outage(error):
                raise
            logger.warning("Redirects not looked up for %s: database unavailable", request.path)
            return response
        if redirect is not response:
            declare_public(redirect)
        return redirect
