"""What an import did, post by post: for the console, and as JSON for the record."""

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # edited in the admin since its import, and not forced
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
        return lines


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    posts: list[PostReport] = field(default_factory=list)
    related_links_added: int = 0
    pages_relinked: int = 0

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
        warnings = sum(len(post.warnings) for post in self.posts)
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
            summary += f"\nFidelity: min {fidelity['min']:.3f}, mean {fidelity['mean']:.3f}."
        return summary

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "summary": self.counts(),
            "related_links_added": self.related_links_added,
            "pages_relinked": self.pages_relinked,
            "fidelity": self.fidelity(),
            "posts": [post.to_dict() for post in self.posts],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
