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


@dataclass
class PostReport:
    source: str
    status: Status
    title: str = ""
    url: str = ""
    page_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    def to_dict(self) -> dict:
        return {**asdict(self), "status": str(self.status)}

    def lines(self) -> list[str]:
        """The post's lines in the console report."""
        target = f" → {self.url}" if self.url else ""
        title = f"  {self.title}" if self.title else ""
        lines = [f"{self.status:<9} {self.source}{title}{target}"]
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

    @property
    def failed(self) -> list[PostReport]:
        return [post for post in self.posts if post.status == Status.FAILED]

    def counts(self) -> dict[str, int]:
        counts = {str(status): 0 for status in Status}
        for post in self.posts:
            counts[str(post.status)] += 1
        return counts

    def summary(self) -> str:
        counts = ", ".join(f"{count} {status}" for status, count in self.counts().items())
        warnings = sum(len(post.warnings) for post in self.posts)
        prefix = "Dry run, nothing saved: " if self.dry_run else ""
        posts = f"{len(self.posts)} post" + ("" if len(self.posts) == 1 else "s")
        return (
            f"{prefix}{posts}: {counts}; {warnings} warnings; "
            f"{self.related_links_added} related-post links added."
        )

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "summary": self.counts(),
            "related_links_added": self.related_links_added,
            "posts": [post.to_dict() for post in self.posts],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
