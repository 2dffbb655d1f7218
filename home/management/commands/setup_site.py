from django.core.management.base import BaseCommand

from home.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = "Create the home page, the default site and the blog index if they are missing."

    def add_arguments(self, parser):
        parser.add_argument("--site-name", default="Folio")

    def handle(self, *args, site_name, **options):
        home, blog_index, created = ensure_site_tree(site_name=site_name)
        state = "created" if created else "already in place"
        self.stdout.write(f"Site tree {state}: home at {home.url_path}, blog at {blog_index.url}")
