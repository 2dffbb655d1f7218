"""``manage.py process_jekyll_imports``: run queued admin imports here, without a worker."""

from django.core.management.base import BaseCommand

from jekyll.models import JekyllImport, PendingImportWork
from jekyll.upload import jobs
from jekyll.writing.pending import finish_pending_work

State = JekyllImport.State


class Command(BaseCommand):
    help = (
        "Run the Jekyll imports uploaded in the admin that wait for their dry run or for "
        "their confirmed import, after queueing again (or failing) the steps whose worker "
        "was lost (running longer than FOLIO_IMPORT_STEP_TIMEOUT_MINUTES), and after "
        "finishing what imports killed before their end left pending (search and reference "
        "indexing, links between posts). Use it (from cron, say) when no `db_worker` runs, "
        "and beside a worker to recover its lost steps."
    )

    def handle(self, *args, **options):
        if PendingImportWork.objects.exists():
            related, relinked = finish_pending_work()
            self.stdout.write(
                "Finished the work interrupted imports left: posts indexed for search and "
                f"references, {related} related-post link(s) added, {relinked} page(s) "
                "with links to posts made page links."
            )
        for job in jobs.reset_lost_steps():
            # Failed jobs carry their reason; the others are queued and run below.
            outcome = job.error or f"its worker was lost; queued again ({job.get_state_display()})"
            self.stderr.write(f"Import #{job.pk} {job.original_name}: {outcome}")
        queued = JekyllImport.objects.filter(state__in=[State.UPLOADED, State.CONFIRMED])
        processed = 0
        for job in queued.order_by("uploaded_at", "pk"):
            step = jobs.run_dry_run if job.state == State.UPLOADED else jobs.run_confirmed_import
            if not step(job.pk):
                continue  # a worker took it meanwhile
            processed += 1
            job.refresh_from_db()
            self.stdout.write(f"Import #{job.pk} {job.original_name}: {job.get_state_display()}")
            if job.error:
                self.stderr.write(f"  {job.error}")
        self.stdout.write(f"{processed} import step(s) run.")
