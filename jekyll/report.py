"""What an import did, post by post: for the console, and as JSON for the record."""

import json
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

# The body text similarity a faithful import reaches (issue #13).
TEXT_GOAL = 0.98


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # Not forced, and edited in the admin since its import, or it would lose pictures
    # whose files this import did not find.
    SKIPPED = "skipped"
    FAILED = "failed"
    MISSING = "missing"  # imported before, no longer in the source; the page is kept


@dataclass
class PostReport:
    source: str
    status: Status
    title: str = ""
    url: str = ""
    page_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    # Word-level similarity of the source and the page as readers see them (0–1).
    fidelity: float | None = None
    # What a reader of the page misses against the reference rendering (Jekyll's).
    differences: list[str] = field(default_factory=list)
    # Pictures and videos not found, when they held a post's update back ("skipped").
    missing_files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**asdict(self), "status": str(self.status)}

    def lines(self) -> list[str]:
        """The post's lines in the console report."""
        target = f" → {self.url}" if self.url else ""
        title = f"  {self.title}" if self.title else ""
        figure = f"  (fidelity {self.fidelity:.3f})" if self.fidelity is not None else ""
        lines = [f"{self.status:<9} {self.source}{title}{target}{figure}"]
        if self.error:
            lines.append(f"          error: {self.error}")
        lines += [f"          warning: {warning}" for warning in self.warnings]
        lines += [f"          differs: {difference}" for difference in self.differences]
        return lines


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    posts: list[PostReport] = field(default_factory=list)
    related_links_added: int = 0
    pages_relinked: int = 0
    # About the site rather than one post (an unreadable ``_config.yml``).
    warnings: list[str] = field(default_factory=list)
    # What the fidelity figures were measured against: the real Jekyll's rendering
    # ("Jekyll 4.3.1"), or '' for Folio's own reading of the Markdown.
    reference: str = ""

    @property
    def failed(self) -> list[PostReport]:
        return [post for post in self.posts if post.status == Status.FAILED]

    def fidelity(self) -> dict[str, float] | None:
        """The lowest and the mean fidelity figure of the posts, when there are any."""
        figures = [post.fidelity for post in self.posts if post.fidelity is not None]
        if not figures:
            return None
        return {"min": min(figures), "mean": round(sum(figures) / len(figures), 4)}

    def counts(self) -> dict[str, int]:
        counts = {str(status): 0 for status in Status}
        for post in self.posts:
            counts[str(post.status)] += 1
        return counts

    def summary(self) -> str:
        counts = ", ".join(f"{count} {status}" for status, count in self.counts().items())
        warnings = len(self.warnings) + sum(len(post.warnings) for post in self.posts)
        prefix = "Dry run, nothing saved: " if self.dry_run else ""
        in_source = len([post for post in self.posts if post.status != Status.MISSING])
        posts = f"{in_source} post" + ("" if in_source == 1 else "s")
        summary = (
            f"{prefix}{posts}: {counts}; {warnings} warnings; "
            f"{self.related_links_added} related-post links added; "
            f"{self.pages_relinked} pages with links to posts made page links."
        )
        fidelity = self.fidelity()
        if fidelity:
            summary += (
                f"\nFidelity against {self.reference_text()}: "
                f"min {fidelity['min']:.3f}, mean {fidelity['mean']:.3f}."
            )
            for post in self.worst_posts():
                summary += f"\n  {post.source} ({post.fidelity:.3f}): " + "; ".join(
                    post.differences or ["the words differ"]
                )
        return summary

    def reference_text(self) -> str:
        if self.reference:
            return f"{self.reference}'s own rendering of each post"
        return "Folio's own reading of the Markdown (the real Jekyll was not used)"

    def worst_posts(self, count: int = 5) -> list[PostReport]:
        """The posts furthest from the reference: fewest words in common, most differences."""
        measured = [
            post
            for post in self.posts
            if post.fidelity is not None and (post.differences or post.fidelity < TEXT_GOAL)
        ]
        measured.sort(key=lambda post: (post.fidelity, -len(post.differences), post.source))
        return measured[:count]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "summary": self.counts(),
            "related_links_added": self.related_links_added,
            "pages_relinked": self.pages_relinked,
            "warnings": self.warnings,
            "fidelity": self.fidelity(),
            "reference": self.reference,
            "reference_text": self.reference_text(),
            "worst_posts": [post.source for post in self.worst_posts()],
            "posts": [post.to_dict() for post in self.posts],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def hide_server_paths(self, folders: dict[str, str]):
        """Every message with the server ``folders`` in it named as :func:`without_server_paths` does."""
        self.warnings = [without_server_paths(text, folders) for text in self.warnings]
        for post in self.posts:
            post.error = without_server_paths(post.error, folders)
            post.warnings = [without_server_paths(text, folders) for text in post.warnings]


def server_folders(site_root: Path, images_root: Path | None = None) -> dict[str, str]:
    """Where the site (and its images) are on this server → how a reader names a file in
    them: the site's own paths (``images/a.png``)."""
    folders = {}
    for folder, inside in ((site_root, ""), (images_root, "images/")):
        if folder is not None:
            for form in (folder, folder.resolve()):
                if form.is_absolute() or str(form) not in ("", "."):
                    folders[str(form).rstrip("/")] = inside
    return folders


def without_server_paths(text: str, folders: dict[str, str]) -> str:
    """``text`` with files in ``folders`` named as in the site, and the folders
    themselves as "the site folder": never where this server keeps them."""
    for folder in sorted(folders, key=len, reverse=True):
        # A path starts the text or follows a space, a quote or a bracket.
        pattern = re.compile(r"(?<![\w.~/-])" + re.escape(folder) + r"(?:/(?=\S)|(?![\w/-]))")
        inside = folders[folder]
        text = pattern.sub(
            lambda match, inside=inside: (
                inside if match[0].endswith("/") else inside.rstrip("/") or "the site folder"
            ),
            text,
        )
    return text
