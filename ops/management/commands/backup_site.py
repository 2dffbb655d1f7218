from django.core.management.base import BaseCommand

from ops.backup import backup_site


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and the media files "
        "into OUT_DIR, with a manifest.json describing them."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", help="a new or empty folder")

    def handle(self, *args, out_dir, **options):
        manifest = backup_site(out_dir)
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and "
            f"{manifest['media']['files']} media files to {out_dir}"
        )
