from datetime import timedelta

from django.core.management.base import BaseCommand

from ops.orphan_media import grace_period, remove_orphan_image_files


class Command(BaseCommand):
    help = (
        "Remove files in MEDIA_ROOT/original_images/ that no image names and that are "
        "older than the grace period (left by an import or upload killed mid-write)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=None,
            help="Keep files younger than this (default FOLIO_ORPHAN_MEDIA_GRACE_HOURS, 24).",
        )

    def handle(self, *args, grace_hours, **options):
        grace = timedelta(hours=grace_hours) if grace_hours is not None else grace_period()
        removed = remove_orphan_image_files(grace)
        for name in removed:
            self.stdout.write(f"  {name}")
        plural = "" if len(removed) == 1 else "s"
        self.stdout.write(
            f"Removed {len(removed)} file{plural} without an image "
            f"(older than {grace.total_seconds() / 3600:g} hours)."
        )
