"""Parse a post's front matter and normalise it into a :class:`PostSource`.

Jekyll's front matter is loose: categories and tags may be a string or a list, dates
may lack a time or a zone, keys may be missing. Everything the rest of the importer
needs is settled here, once, so later steps never look at raw YAML.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings

from .dates import DateError, parse_jekyll_date
from .source import POST_FILE_NAME, JekyllSite
from .yaml_text import YAMLLimitError, load_yaml, yaml_problem

# Keys this module turns into fields; every other key is kept in ``PostSource.extra``.
KNOWN_KEYS = {
    "layout", "title", "date", "categories", "category", "tags", "tag", "author",
    "authorImg", "authorDesc", "authorLink", "index-intro", "category-intro", "excerpt",
    "image", "imgDir", "relatedPosts", "hidden", "published",
}  # fmt: skip

DATE_TEXT = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?$"
)


class FrontMatterError(Exception):
    """A post's front matter cannot be read; the message names the post (its path in the
    site, never where the site is on the server) and says why."""


class JekyllYAML(frontmatter.YAMLHandler):
    """python-frontmatter's split between front matter and body, with the front matter
    read as Jekyll reads it (libyaml, aliases bounded: ``yaml_text``)."""

    def load(self, fm: str, **kwargs):
        return load_yaml(fm)


@dataclass(frozen=True)
class AuthorSource:
    name: str
    image: str = ""
    description: str = ""
    link: str = ""


@dataclass
class PostSource:
    """Everything a Jekyll post says, normalised; ``body`` is still Markdown with Liquid."""

    path: Path
    source_key: str
    title: str
    date: datetime.datetime
    slug: str
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: AuthorSource | None = None
    index_intro: str = ""
    category_intro: str = ""
    excerpt: str = ""
    image: str = ""
    img_dir: str = ""
    related_titles: list[str] = field(default_factory=list)
    hidden: bool = False
    front_matter: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_post(path: Path, site: JekyllSite) -> PostSource:
    """Read and normalise the post at ``path``; raise :class:`FrontMatterError` if unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise FrontMatterError(
            f"{site.source_key(path)}: not UTF-8 text (byte {error.start} cannot be read)."
        ) from error
    return parse_post(text, path=path, site=site)


def parse_post(text: str, *, path: Path, site: JekyllSite) -> PostSource:
    """Normalise the post ``text`` read from ``path``."""
    key = site.source_key(path)
    metadata, body = split_front_matter(text, key)
    warnings = []
    name_match = POST_FILE_NAME.match(path.stem)
    slug = name_match["title"] if name_match else path.stem
    zone = site_time_zone(site)

    title = as_text(metadata.get("title"))
    if not title:
        title = slug.replace("-", " ").strip().capitalize() or path.stem
        warnings.append(f"No title in the front matter; using {title!r} from the file name.")

    return PostSource(
        path=path,
        source_key=key,
        title=title,
        date=post_date(metadata.get("date"), name_match, zone, key),
        slug=slug,
        body=body,
        categories=categories_of(metadata),
        tags=tags_of(metadata),
        author=author_of(metadata),
        index_intro=as_text(metadata.get("index-intro")),
        category_intro=as_text(metadata.get("category-intro")),
        excerpt=as_text(metadata.get("excerpt")),
        image=as_text(metadata.get("image")),
        img_dir=as_text(metadata.get("imgDir")),
        related_titles=unique(as_list(metadata.get("relatedPosts"))),
        hidden=is_true(metadata.get("hidden")) or metadata.get("published") is False,
        front_matter=json_safe(metadata),
        extra=json_safe({k: v for k, v in metadata.items() if k not in KNOWN_KEYS}),
        warnings=warnings,
    )


def split_front_matter(text: str, file_name: str) -> tuple[dict, str]:
    """The front matter as a dict and the body; errors name the file and the line."""
    if not text.lstrip().startswith("---"):
        raise FrontMatterError(f"{file_name}: no front matter (a post starts with a '---' line).")
    try:
        post = frontmatter.loads(text, handler=JekyllYAML())
    except YAMLLimitError as error:
        raise FrontMatterError(f"{file_name}: the front matter is refused: {error}.") from error
    except yaml.YAMLError as error:
        # The front matter's text starts on the opening '---' line (what follows it).
        problem = yaml_problem(error, first_line=1)
        raise FrontMatterError(
            f"{file_name}: the front matter is not valid YAML at {problem}."
        ) from error
    if not isinstance(post.metadata, dict):
        raise FrontMatterError(f"{file_name}: the front matter must be a mapping of keys.")
    return dict(post.metadata), post.content


def site_time_zone(site: JekyllSite) -> zoneinfo.ZoneInfo:
    """The zone naive dates are in: ``_config.yml``'s ``timezone``, else Django's."""
    name = site.time_zone or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def post_date(value, name_match, zone, file_name) -> datetime.datetime:
    """The post's date as an aware datetime; the file name's date when the key is missing."""
    if value is None or value == "":
        if name_match is None:
            raise FrontMatterError(f"{file_name}: no date in the front matter or the file name.")
        value = name_match["date"]
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tzinfo=zone)
    if isinstance(value, str | int | float):
        return parse_date_text(str(value).strip(), zone, file_name)
    raise FrontMatterError(f"{file_name}: the date {value!r} is not a date.")


def parse_date_text(text: str, zone: zoneinfo.ZoneInfo, file_name: str) -> datetime.datetime:
    """A date written as text: ``YYYY-MM-DD [HH:MM[:SS]] [±HH:MM]`` at once, anything else
    as Jekyll reads it (``dates``)."""
    match = DATE_TEXT.match(text)
    if match is not None:
        parts = [
            int(match[name] or 0) for name in ("year", "month", "day", "hour", "minute", "second")
        ]
        parts.append(int((match["fraction"] or "")[:6].ljust(6, "0")))
        try:
            return datetime.datetime(*parts, tzinfo=zone_of(match["zone"]) or zone)
        except ValueError:
            pass  # Ruby rolls some of these over (30 February): its rules decide.
    try:
        return parse_jekyll_date(text, zone)
    except DateError as error:
        raise FrontMatterError(
            f"{file_name}: the date {text[:140]!r} cannot be read as a date: it {error}."
        ) from error


def zone_of(text: str | None) -> datetime.tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return datetime.UTC
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    return datetime.timezone(
        sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    )


def categories_of(metadata: dict) -> list[str]:
    """Categories: a list, or a string Jekyll splits on spaces; ``category`` is one name."""
    value = metadata.get("categories")
    names = value.split() if isinstance(value, str) else as_list(value)
    if metadata.get("category"):
        names.insert(0, as_text(metadata["category"]))
    return unique(names)


def tags_of(metadata: dict) -> list[str]:
    """Tags, de-duplicated (ignoring case, as the tag store does) in first-seen order."""
    names = []
    for key in ("tags", "tag"):
        value = metadata.get(key)
        names += value.split() if isinstance(value, str) else as_list(value)
    return unique(names)


def author_of(metadata: dict) -> AuthorSource | None:
    name = as_text(metadata.get("author"))
    if not name:
        return None
    return AuthorSource(
        name=name,
        image=as_text(metadata.get("authorImg")),
        description=as_text(metadata.get("authorDesc")),
        link=as_text(metadata.get("authorLink")),
    )


def as_text(value) -> str:
    """A scalar front-matter value as stripped text ('' for missing)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(as_text(item) for item in value).strip()
    return str(value).strip()


def as_list(value) -> list[str]:
    """A list of non-empty strings from a list, a single value or nothing."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [text for text in (as_text(item) for item in items) if text]


def unique(items) -> list[str]:
    """Items without repeats (compared case-insensitively), in first-seen order."""
    seen, result = set(), []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            result.append(item)
    return result


def is_true(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "on", "1"}
    return bool(value)


def json_safe(value):
    """``value`` with dates turned into ISO strings, so it fits a JSONField."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
