"""``manage.py openapi_v2``: API v2's OpenAPI document, as ``/api/v2/openapi.json`` serves it.

For tools that read a file (``make api-types`` turns it into TypeScript types); the server
URL is relative unless ``--server-url`` gives one.
"""

from django.core.management.base import BaseCommand

from blog.api.openapi_v2 import document_json
from folio.api import api_router


class Command(BaseCommand):
    help = "Print API v2's OpenAPI document (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--server-url", default="/api/v2", help="servers[0].url")
        parser.add_argument("--output", help="a file to write instead of standard output")

    def handle(self, *args, server_url, output, **options):
        text = document_json(api_router, server_url)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
