"""A backup is a folder: the database, the media files and a manifest describing both.

``manifest.json`` is written last, so a folder with a manifest is a complete backup.
The database is copied before the media: every file the copied database refers to is
then in the archive (files uploaded in between are extra and harmless).
"""

import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from folio.settings.object_storage import BACKEND as OBJECT_STORAGE_BACKEND

from .database_copy import dump_database, dump_file_name, restore_database

MANIFEST_FILE = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT_VERSION = 1


def applied_migrations(connection):
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def archive_media(media_root, path):
    """Tar the media folder's contents; returns how many files went in."""
    media_root = Path(media_root)
    count = 0
    with tarfile.open(path, "w:gz") as archive:
        if media_root.is_dir():
            for file in sorted(media_root.rglob("*")):
                if file.is_file():
                    archive.add(file, arcname=file.relative_to(media_root).as_posix())
                    count += 1
    return count


def media_bucket():
    """The bucket uploads are kept in (``FOLIO_S3_BUCKET``), or None for ``MEDIA_ROOT``."""
    default = settings.STORAGES["default"]
    if default.get("BACKEND") != OBJECT_STORAGE_BACKEND:
        return None
    return default.get("OPTIONS", {}).get("bucket_name")


def backup_site(out_dir, connection=default_connection):
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise CommandError(f"{out_dir} is not empty: choose a new folder for the backup.")
    out_dir.mkdir(parents=True, exist_ok=True)

    database_file = dump_file_name(connection)
    dump_database(connection, out_dir / database_file)
    bucket = media_bucket()
    if bucket:
        # Uploads in a bucket stay there: its versioning or replication keeps their history,
        # and a copy through this machine could be larger than its disk.
        media = {"bucket": bucket, "files": None}
    else:
        media_files = archive_media(settings.MEDIA_ROOT, out_dir / MEDIA_ARCHIVE)
        media = {"file": MEDIA_ARCHIVE, "files": media_files}
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database_file},
        "media": media,
        "migrations": applied_migrations(connection),
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(backup_dir):
    path = Path(backup_dir) / MANIFEST_FILE
    if not path.is_file():
        raise CommandError(f"{backup_dir} is not a complete backup: {MANIFEST_FILE} is missing.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def check_restorable(manifest, connection):
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise CommandError(
            f"This backup holds a {vendor} database but the configured database is "
            f"{connection.vendor}: point DATABASE_URL at an empty {vendor} database."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app_label}.{name}"
        for app_label, names in manifest["migrations"].items()
        for name in names
        if (app_label, name) not in known
    )
    if unknown:
        raise CommandError(
            "This backup was made by a newer Folio (migrations unknown here: "
            + ", ".join(unknown[:5])
            + "). Restore it with the code it was made with."
        )
    if connection.introspection.table_names():
        raise CommandError(
            f"The database {connection.settings_dict['NAME']!r} is not empty: "
            "restore into a new, empty database."
        )
    if "file" not in manifest["media"]:
        return
    if media_bucket():
        raise CommandError(
            f"This backup holds media files, but uploads go to the bucket {media_bucket()!r}: "
            "restore with FOLIO_S3_BUCKET unset, then copy MEDIA_ROOT into the bucket."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise CommandError(
            f"The media folder {media_root} is not empty: restore into an empty one."
        )


def restore_media(archive_path, media_root):
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        archive.extractall(media_root, filter="data")


def has_unapplied_migrations(connection):
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_site(backup_dir, connection=default_connection, stdout=None):
    backup_dir = Path(backup_dir)
    manifest = read_manifest(backup_dir)
    check_restorable(manifest, connection)
    restore_database(connection, backup_dir / manifest["database"]["file"])
    if "file" in manifest["media"]:
        restore_media(backup_dir / manifest["media"]["file"], settings.MEDIA_ROOT)
    # A backup made before a code update gets that update's migrations now.
    if has_unapplied_migrations(connection):
        call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    return manifest
