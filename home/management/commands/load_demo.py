"""``manage.py load_demo``: the site tree plus the demo blog post, ready to look at.

Safe to run again: the site tree is only created when missing and the import leaves
unchanged posts alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.site_tree import ensure_site_tree
from jekyll.runner import run_import

DEMO_SITE = settings.BASE_DIR / "demo" / "jekyll"


class Command(BaseCommand):
    help = "Create the site tree and import the demo Jekyll post (demo/jekyll/)."

    def handle(self, *args, **options):
        home, blog_index, created = ensure_site_tree()
        state = "created" if created else "already in place"
        self.stdout.write(f"Site tree {state}: blog at {blog_index.url}")

        # The demo's posts file by file, not its folder: a folder import reports every
        # other post ever imported into the blog as "missing" from it, and by now the
        # blog may hold a real import.
        failed = False
        for post_file in sorted((DEMO_SITE / "_posts").glob("*.markdown")):
            report = run_import(post_file, blog_index)
            for post in report.posts:
                for line in post.lines():
                    self.stdout.write(line)
            self.stdout.write(report.summary())
            failed = failed or bool(report.failed)
        if failed:
            raise CommandError("The demo content could not be imported; see above.")
