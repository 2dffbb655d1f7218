from django.conf import settings
from django.core.management.base import BaseCommand

from home.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = (
        "Create the home page, the default site and the blog index if they are missing. "
        "A site created here is at --base-url; an existing site keeps its address "
        "(Settings → Sites)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site-name", default="Folio")
        parser.add_argument(
            "--base-url",
            default="",
            help="Where the site is served, e.g. http://127.0.0.1:8000 (default: "
            "WAGTAILADMIN_BASE_URL). `make serve` passes its HOST and PORT.",
        )

    def handle(self, *args, site_name, base_url, **options):
        base_url = base_url or settings.WAGTAILADMIN_BASE_URL
        home, blog_index, created = ensure_site_tree(site_name=site_name, base_url=base_url)
        state = "created" if created else "already in place"
        self.stdout.write(f"Site tree {state}: home at {home.url_path}, blog at {blog_index.url}")
        self.stdout.write(f"Absolute URLs use {home.get_site().root_url} (Settings → Sites).")
