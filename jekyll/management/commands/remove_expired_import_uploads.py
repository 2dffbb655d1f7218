"""``manage.py remove_expired_import_uploads``: remove the old uploads of admin imports
that failed, or were checked and never confirmed."""

from django.core.management.base import BaseCommand

from jekyll.upload.retention import remove_expired_uploads, upload_days


class Command(BaseCommand):
    help = (
        "Remove the uploaded files of the admin's Jekyll imports that failed, or were checked "
        "and not confirmed, more than FOLIO_IMPORT_UPLOAD_DAYS days ago (the jobs stay, and "
        "can no longer be retried or imported). "
        "The worker does it on its own; use this without a worker (from cron, say)."
    )

    def handle(self, *args, **options):
        removed = remove_expired_uploads()
        for job in removed:
            self.stdout.write(f"Import #{job.pk} {job.original_name}: upload removed")
        self.stdout.write(
            f"{len(removed)} upload(s) of imports failed or left unconfirmed over "
            f"{upload_days()} days ago removed."
        )
