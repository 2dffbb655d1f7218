"""gzip for what readers and API clients fetch, never for the admin.

Compressing responses that carry secrets (CSRF tokens, session-bound forms) next to
attacker-influenced text opens them to BREACH; Folio's public pages and API carry no
such secrets, the admin does.
"""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)
