"""How a job's state reads on the import screens: in an editor's words, with a colour.

The model's states are the steps' bookkeeping (``JekyllImport.State``); an editor needs
fewer words and one more distinction: an import that finished but left posts out or has
things to check ("Done, with problems") is not the same news as a clean one. Colours are
Wagtail's status tag (``w-status--label``) tinted with its own palette classes.
"""

from dataclasses import dataclass

from jekyll.models import JekyllImport

from .retention import upload_days

State = JekyllImport.State

NEUTRAL = "w-status--label"
BUSY = "w-status--label w-bg-info-50 w-text-info-125"
ACTION = "w-status--label w-bg-warning-50 w-text-warning-100"
GOOD = "w-status--label w-bg-positive-50 w-text-positive-100"
BAD = "w-status--label w-bg-critical-50 w-text-critical-200"


@dataclass(frozen=True)
class StateTag:
    label: str
    classname: str
    # What the editor can do about it, said under the state on the job's page.
    explanation: str


STATE_TAGS = {
    State.UPLOADED: StateTag(
        "Waiting", NEUTRAL, "The file is waiting to be checked. This page refreshes itself."
    ),
    State.DRY_RUN_RUNNING: StateTag(
        "Checking",
        BUSY,
        "Every post is being checked; nothing is saved yet. This page refreshes itself.",
    ),
    State.AWAITING_CONFIRMATION: StateTag(
        "Ready to import",
        ACTION,
        "Read below what the import would do, then choose “Import now”.",
    ),
    State.CONFIRMED: StateTag(
        "Waiting to import", BUSY, "The import will start shortly. This page refreshes itself."
    ),
    State.IMPORTING: StateTag(
        "Importing", BUSY, "The posts are being imported. This page refreshes itself."
    ),
    State.DONE: StateTag("Done", GOOD, "The import finished; no post needs a look."),
    State.FAILED: StateTag(
        "Failed",
        BAD,
        "Nothing more was imported. Retry it, or delete it and upload a corrected file.",
    ),
}
DONE_WITH_PROBLEMS = StateTag(
    "Done, with problems",
    ACTION,
    "The import finished, but some posts need a look: see the notes in the report below.",
)


def upload_removed(job: JekyllImport) -> StateTag:
    if job.dry_run_report is not None and job.confirmed_at is None:
        return StateTag(
            "Not imported",
            BAD,
            f"Nobody chose “Import now” within {upload_days()} days of the check, so its "
            "uploaded file was removed: upload the file again to import it.",
        )
    return StateTag(
        "Failed",
        BAD,
        f"Nothing more was imported. Its uploaded file was removed {upload_days()} days "
        "after the import failed, so it can no longer be retried: upload the file again.",
    )


def awaiting_confirmation() -> StateTag:
    return StateTag(
        "Ready to import",
        ACTION,
        "Read below what the import would do, then choose “Import now” (within "
        f"{upload_days()} days of the check: after that its uploaded file is removed).",
    )


def state_tag(job: JekyllImport) -> StateTag:
    if job.state == State.DONE and has_problems(job.final_report):
        return DONE_WITH_PROBLEMS
    if job.state == State.FAILED and not job.archive:
        return upload_removed(job)
    if job.state == State.AWAITING_CONFIRMATION:
        return awaiting_confirmation()
    return STATE_TAGS[job.state]


def has_problems(report: dict | None) -> bool:
    """Posts left out, or notes for the editor, in a finished import's report."""
    if not report:
        return False
    posts = report.get("posts", [])
    return bool(report.get("warnings")) or any(
        post.get("status") == "failed" or post.get("warnings") for post in posts
    )
