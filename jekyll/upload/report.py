"""An import report (``ImportReport.to_dict()``) shaped for the job page."""

from jekyll.report import Status


def report_context(report: dict | None) -> dict | None:
    if not report:
        return None
    posts = report.get("posts", [])
    return {
        "counts": [
            {"status": status, "count": count}
            for status, count in report.get("summary", {}).items()
            if count
        ],
        "posts": posts,
        "site_warnings": report.get("warnings", []),
        "warnings": len(report.get("warnings", []))
        + sum(len(post.get("warnings", [])) for post in posts),
        "failed": sum(1 for post in posts if post["status"] == str(Status.FAILED)),
        "related_links_added": report.get("related_links_added", 0),
        "pages_relinked": report.get("pages_relinked", 0),
        "fidelity": report.get("fidelity"),
        "reference_text": report.get("reference_text", ""),
        "worst_posts": report.get("worst_posts", []),
    }
