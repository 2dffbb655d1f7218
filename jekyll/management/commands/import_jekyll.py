"""``manage.py import_jekyll PATH``: import a Jekyll blog's posts into the blog."""

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.models import BlogIndexPage
from jekyll.measuring import REFERENCES, RENDERERS, JekyllNeeded
from jekyll.reading.source import SourceError, find_site
from jekyll.report import ImportReport, Status
from jekyll.runner import run_import


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
            help=(
                "Re-import unchanged posts, overwrite pages edited in the admin since their "
                "import, and update posts whose picture files are not found."
            ),
        )
        parser.add_argument("--report", metavar="FILE.json", help="Also write the report as JSON.")
        parser.add_argument(
            "--index-path", metavar="/blog/", help="URL path of the blog index to import into."
        )
        parser.add_argument(
            "--site-url",
            default="",
            metavar="URL",
            help="The old blog's address (https://example.com/blog): absolute links to its "
            "posts become links to their pages. Defaults to url + baseurl in _config.yml.",
        )
        parser.add_argument(
            "--images-root",
            metavar="DIR",
            help="The site's images/ folder, when it is not inside the site folder.",
        )
        parser.add_argument(
            "--image-base-url",
            default="",
            metavar="URL",
            help="Where the old site serves its images: missing images are linked there.",
        )
        parser.add_argument(
            "--renderer",
            choices=RENDERERS,
            default="python",
            help="Who renders each post's Liquid and Markdown: Folio (python, the default) or "
            "the real Jekyll (jekyll; needs it installed), whose HTML is then mapped.",
        )
        parser.add_argument(
            "--reference",
            choices=REFERENCES,
            default="auto",
            help="What the fidelity figures measure against: the real Jekyll's rendering "
            "(jekyll), Folio's own reading of the Markdown (folio), or Jekyll when it is "
            "installed (auto, the default).",
        )
        parser.add_argument(
            "--safe",
            action="store_true",
            help="Run Jekyll in safe mode: no plugin of the site runs (as for admin uploads; "
            "always so when Jekyll was not asked for by --renderer or --reference jekyll).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            metavar="N",
            help="Processes reading and rendering the next posts while one writes "
            "(default: 1 with more than one CPU core, else 0).",
        )

    def handle(
        self,
        *args,
        paths,
        dry_run,
        draft,
        force,
        report,
        index_path,
        site_url,
        images_root,
        image_base_url,
        renderer,
        reference,
        safe,
        workers,
        verbosity,
        **options,
    ):
        blog_index = find_blog_index(index_path)
        if images_root and not Path(images_root).is_dir():
            raise CommandError(f"--images-root {images_root} is not a folder.")
        try:
            total = sum(len(find_site(Path(path)).post_paths) for path in paths)
        except SourceError as error:
            raise CommandError(str(error)) from error
        progress = Progress(self, total, verbosity=verbosity, bar=self.stdout.isatty())
        combined = ImportReport(source=", ".join(paths), dry_run=dry_run)
        for path in paths:
            try:
                result = run_import(
                    Path(path),
                    blog_index,
                    dry_run=dry_run,
                    draft=draft,
                    force=force,
                    old_site_url=site_url,
                    images_root=Path(images_root) if images_root else None,
                    image_base_url=image_base_url,
                    progress=progress.post_done,
                    workers=max(workers, 0),
                    renderer=renderer,
                    reference=reference,
                    # The site's own Ruby runs only where Jekyll was asked for by name.
                    safe=safe or (renderer != "jekyll" and reference != "jekyll"),
                )
            except JekyllNeeded as error:
                raise CommandError(str(error)) from error
            combined.posts += result.posts
            combined.reference = combined.reference or result.reference
            combined.related_links_added += result.related_links_added
            combined.pages_relinked += result.pages_relinked
            combined.warnings += result.warnings
        progress.finish()

        for warning in combined.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(combined.summary())
        if report:
            Path(report).write_text(combined.to_json() + "\n", encoding="utf-8")
            self.stdout.write(f"Report written to {report}")
        if combined.failed:
            raise CommandError(
                f"{len(combined.failed)} post(s) failed to import; see the report above."
            )

    def print_post(self, post, *, verbosity: int):
        """The post's lines: all at verbosity 2, without warnings at 0 unless it failed."""
        style = {
            "created": self.style.SUCCESS,
            "updated": self.style.SUCCESS,
            "skipped": self.style.WARNING,
            "missing": self.style.WARNING,
            "failed": self.style.ERROR,
        }.get(str(post.status), str)
        first, *rest = post.lines()
        self.stdout.write(style(first))
        if verbosity >= 1 or post.status == Status.FAILED:
            for line in rest:
                self.stdout.write(line)


class Progress:
    """Shows how far the import is: a bar with rate and ETA on a terminal, lines elsewhere.

    On a terminal the bar is redrawn in place and only posts that need attention
    (failed, skipped, missing; all posts at verbosity 2) are printed above it.
    Elsewhere (logs, CI) each post gets its lines; at verbosity 0 only failures do.
    """

    WIDTH = 30
    ATTENTION = {Status.FAILED, Status.SKIPPED, Status.MISSING}

    def __init__(self, command, total: int, *, verbosity: int = 1, bar: bool = False):
        self.command = command
        self.total = total
        self.verbosity = verbosity
        self.bar = bar and verbosity >= 1
        self.done = 0
        self.started = time.monotonic()

    def post_done(self, post):
        if post.status != Status.MISSING:
            self.done += 1
        shown = self.verbosity >= 2 or post.status in self.ATTENTION
        if not self.bar:
            shown = shown or self.verbosity >= 1
        if shown:
            self.clear()
            self.command.print_post(post, verbosity=self.verbosity)
        if self.bar:
            self.draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        filled = self.WIDTH * self.done // max(self.total, 1)
        return (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} posts"
            f"  {rate:.1f}/s  ETA {format_seconds(left)}"
        )

    def draw(self):
        self.command.stdout.write("\r" + self.line(), ending="")
        self.command.stdout.flush()

    def clear(self):
        if self.bar:
            self.command.stdout.write("\r\033[K", ending="")

    def finish(self):
        if self.bar:
            self.command.stdout.write("")


def default_workers() -> int:
    """One process preparing posts beside the writing one, when there is a core for it."""
    return 1 if (os.cpu_count() or 1) > 1 else 0


def format_seconds(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}:{seconds:02d}"


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
