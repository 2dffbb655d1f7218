"""``manage.py import_jekyll PATH``: import a Jekyll blog's posts into the blog."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importer.report import ImportReport
from blog.importer.runner import run_import
from blog.importer.source import SourceError
from blog.models import BlogIndexPage


class Command(BaseCommand):
    help = (
        "Import Jekyll posts (a site folder, a _posts/ folder or single files) into the "
        "blog. Importing again updates changed posts and leaves the others alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Jekyll site, _posts/ or post file."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; save nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Save posts as drafts; publish nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Re-import unchanged posts and overwrite pages edited in the admin since their import.",
        )
        parser.add_argument("--report", metavar="FILE.json", help="Also write the report as JSON.")
        parser.add_argument(
            "--index-path", metavar="/blog/", help="URL path of the blog index to import into."
        )
        parser.add_argument(
            "--image-base-url",
            default="",
            metavar="URL",
            help="Where the old site serves its images: missing images are linked there.",
        )

    def handle(
        self, *args, paths, dry_run, draft, force, report, index_path, image_base_url, **options
    ):
        blog_index = find_blog_index(index_path)
        combined = ImportReport(source=", ".join(paths), dry_run=dry_run)
        for path in paths:
            try:
                result = run_import(
                    Path(path),
                    blog_index,
                    dry_run=dry_run,
                    draft=draft,
                    force=force,
                    image_base_url=image_base_url,
                    progress=self.print_post,
                )
            except SourceError as error:
                raise CommandError(str(error)) from error
            combined.posts += result.posts
            combined.related_links_added += result.related_links_added

        self.stdout.write(combined.summary())
        if report:
            Path(report).write_text(combined.to_json() + "\n", encoding="utf-8")
            self.stdout.write(f"Report written to {report}")
        if combined.failed:
            raise CommandError(
                f"{len(combined.failed)} post(s) failed to import; see the report above."
            )

    def print_post(self, post):
        style = {
            "created": self.style.SUCCESS,
            "updated": self.style.SUCCESS,
            "skipped": self.style.WARNING,
            "failed": self.style.ERROR,
        }.get(str(post.status), str)
        first, *rest = post.lines()
        self.stdout.write(style(first))
        for line in rest:
            self.stdout.write(line)


def find_blog_index(index_path: str | None) -> BlogIndexPage:
    """The blog index at ``index_path`` (its URL path), else the first live one."""
    indexes = BlogIndexPage.objects.order_by("path")
    if index_path:
        wanted = "/" + index_path.strip("/") + "/" if index_path.strip("/") else "/"
        for index in indexes:
            url_parts = index.get_url_parts()
            if (url_parts and url_parts[2] == wanted) or index.url_path == wanted:
                return index
        raise CommandError(
            f"No blog index page at {wanted}. Check --index-path, or run "
            "`manage.py setup_site` to create the blog."
        )
    index = indexes.live().first()
    if index is None:
        raise CommandError(
            "There is no blog to import into yet. Run `manage.py setup_site` first "
            "(it creates the home page and the blog index)."
        )
    return index
