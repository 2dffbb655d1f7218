from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from ops.backup import restore_site


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site into the configured database and media "
        "folder, which must both be empty; then apply any newer migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="a folder written by backup_site")

    def handle(self, *args, backup_dir, **options):
        try:
            manifest = restore_site(backup_dir, stdout=self.stdout)
        except OperationalError as error:
            raise CommandError(
                f"Cannot reach the database to restore into ({error}). "
                "On PostgreSQL, create it first: createdb NAME."
            ) from error
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database and "
            f"{manifest['media']['files']} media files from {backup_dir} "
            f"(backup of {manifest['created_at']})"
        )
