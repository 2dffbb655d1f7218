"""``manage.py export_jekyll OUT_DIR``: write every post out as a Jekyll post."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jekyll.export.posts import export_site


class Command(BaseCommand):
    help = (
        "Export every blog post (drafts too) as a Jekyll site: _posts/ with front matter "
        "and Markdown, images/ with the pictures. import_jekyll reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR", help="Folder to write the site into.")

    def handle(self, *args, out_dir, verbosity, **options):
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a folder.")
        if (out / "_posts").is_dir() and any((out / "_posts").iterdir()):
            raise CommandError(f"{out / '_posts'} is not empty; choose an empty folder.")
        report = export_site(out)
        if verbosity >= 1:
            for name in report.posts:
                self.stdout.write(f"exported  _posts/{name}")
            for warning in report.warnings:
                self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(f"{report.summary()} Written to {out}.")
