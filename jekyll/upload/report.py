"""An import report (``ImportReport.to_dict()``) shaped for the job page, in an editor's words.

The report's own words (``created``, ``skipped``, fidelity 0.973) are the command line's;
the job page says what happened to each post and what to do about it, and keeps the
technical detail (the importer's messages) folded away under each post.
"""

from jekyll.report import Status

# What each post status means to an editor: (the count's words, the post's words).
STATUS_WORDS = {
    str(Status.CREATED): ("new", "New post"),
    str(Status.UPDATED): ("updated", "Updated"),
    str(Status.UNCHANGED): ("unchanged", "Unchanged since the last import"),
    str(Status.SKIPPED): (
        # The count covers both reasons a post is not overwritten (edited here, or its
        # pictures are not in the upload: ``PICTURES_MISSING_WORDS``).
        "not overwritten",
        "Kept as edited here (not overwritten; tick “Overwrite posts edited here since their "
        "import” to replace it)",
    ),
    str(Status.FAILED): ("not imported", "Not imported"),
    str(Status.MISSING): (
        "no longer in the upload",
        "No longer in the upload (the post stays on the site)",
    ),
}
# A skipped post whose pictures are not in the upload (``PostReport.missing_files``).
PICTURES_MISSING_WORDS = (
    "Not updated: pictures it shows are not in the upload, and it keeps them. Upload the "
    "blog with its images folder, or tick “Overwrite posts edited here since their import” "
    "to update it without them"
)


def report_context(report: dict | None) -> dict | None:
    if not report:
        return None
    posts = [post_context(post) for post in report.get("posts", [])]
    return {
        "counts": [
            {"words": STATUS_WORDS.get(status, (status, status))[0], "count": count}
            for status, count in report.get("summary", {}).items()
            if count
        ],
        "posts": posts,
        "site_warnings": report.get("warnings", []),
        "to_check": sum(1 for post in posts if post["warnings"] or post["differences"]),
        "failed": sum(1 for post in posts if post["status"] == str(Status.FAILED)),
        "related_links_added": report.get("related_links_added", 0),
        "pages_relinked": report.get("pages_relinked", 0),
        "fidelity": percentages(report.get("fidelity")),
        "reference_text": report.get("reference_text", ""),
        "worst_posts": report.get("worst_posts", []),
    }


def post_context(post: dict) -> dict:
    fidelity = post.get("fidelity")
    warnings, differences = post.get("warnings", []), post.get("differences", [])
    return {
        **post,
        "to_check": len(warnings) + len(differences),
        "status_words": (
            PICTURES_MISSING_WORDS
            if post.get("missing_files")
            else STATUS_WORDS.get(post["status"], (post["status"], post["status"]))[1]
        ),
        "warnings": warnings,
        "differences": differences,
        "match": None if fidelity is None else as_percent(fidelity),
    }


def percentages(fidelity: dict | None) -> dict | None:
    if not fidelity:
        return None
    return {name: as_percent(value) for name, value in fidelity.items()}


def as_percent(figure: float) -> str:
    """0.973 → '97%'; anything short of the same words is never rounded up to 100%."""
    percent = figure * 100
    return "100%" if figure >= 1 else f"{min(int(percent + 0.5), 99)}%"
