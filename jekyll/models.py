"""An import of a Jekyll site uploaded in the admin, from upload to final report."""

import uuid

from django.conf import settings
from django.db import models

from jekyll.upload.storage import PrivateImportStorage

PERMISSION = "imports.run_jekyll_import"


def archive_name(instance, filename):
    """A random name: the editor's file name is kept in ``original_name``, not on disk."""
    return f"jekyll/{uuid.uuid4().hex}.zip"


class JekyllImport(models.Model):
    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded, waiting for the dry run"
        DRY_RUN_RUNNING = "dry_run_running", "Dry run running"
        AWAITING_CONFIRMATION = "awaiting_confirmation", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed, waiting to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # States in which a task is queued or running: the job page refreshes itself.
    IN_PROGRESS = (State.UPLOADED, State.DRY_RUN_RUNNING, State.CONFIRMED, State.IMPORTING)

    archive = models.FileField(upload_to=archive_name, storage=PrivateImportStorage(), blank=True)
    original_name = models.CharField(max_length=255)
    blog_index = models.ForeignKey(
        "blog.BlogIndexPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=32, choices=State.choices, default=State.UPLOADED)

    draft = models.BooleanField(default=False, help_text="Save posts as drafts; publish nothing.")
    force = models.BooleanField(
        default=False,
        help_text="Re-import unchanged posts and overwrite pages edited in the admin since "
        "their import.",
    )
    site_url = models.URLField(
        blank=True,
        help_text="The old blog's address (https://example.com/blog): absolute links to its "
        "posts become links to their pages. Defaults to url + baseurl in _config.yml.",
    )

    dry_run_report = models.JSONField(null=True, blank=True)
    final_report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the running step was claimed: a step running far longer lost its worker
    # (``jobs.reset_lost_steps``), which may give it one more run.
    step_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    restarts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "Jekyll import"
        # Imports are run through their own views, not edited: one permission says who may.
        default_permissions = ()
        permissions = [("run_jekyll_import", "Can import a Jekyll blog")]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def in_progress(self) -> bool:
        return self.state in self.IN_PROGRESS

    @property
    def can_be_confirmed(self) -> bool:
        return self.state == self.State.AWAITING_CONFIRMATION


class PendingImportWork(models.Model):
    """Work an import still owes what it wrote, recorded in the transaction of the write.

    The search and reference indexes are brought up to date, and links between posts
    made, once, after the last post (``jekyll.writing.deferred_indexing``,
    ``jekyll.writing.pending``). An import killed before then (``kill -9``, the machine
    out of memory) leaves these rows; the next ``import_jekyll`` or
    ``process_jekyll_imports`` finishes the work and deletes them.
    """

    class Kind(models.TextChoices):
        SEARCH = "search", "Add to the search index"
        REFERENCES = "references", "Update the reference index"
        LINKS = "links", "Link the post and the posts linking to it"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=255)
    # For a post written (LINKS): the import's revision of it, which later links amend
    # rather than follow with a new revision; whether the post is new (posts linking to
    # it are looked for); whether it links to posts not imported yet; the old blog's host
    # names (absolute links to them are links to posts).
    revision_id = models.BigIntegerField(null=True, blank=True)
    new_post = models.BooleanField(default=False)
    links_left = models.BooleanField(default=False)
    site_hosts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pending import work"
        default_permissions = ()

    def __str__(self):
        return f"{self.get_kind_display()}: {self.content_type_id}/{self.object_id}"
