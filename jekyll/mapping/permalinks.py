"""The addresses a Jekyll site served its posts at, worked out as Jekyll 4 works them out.

A post's URL comes from a template: the post's own ``permalink`` (front matter, or the
site's front-matter ``defaults`` for posts), else ``collections.posts.permalink``, else
the top-level ``permalink`` (a built-in style name — ``date``, the default, ``pretty``,
``ordinal``, ``weekdate``, ``none`` — or a template). Placeholders (``:year``,
``:title``, ``:categories``…) are filled from the post, its date taken in the site's
``timezone``, and the result escaped and cleaned as Jekyll's ``URL`` class does
(``jekyll/url.rb``, ``jekyll/drops/url_drop.rb``, ``Configuration#add_default_collections``).
The site is served under ``baseurl``; ``redirect_from`` (jekyll-redirect-from) adds the
addresses a post had before. Nothing here reads the database: the writer keeps these
addresses as redirects (``jekyll.writing.old_addresses``).
"""

import datetime
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PLACEHOLDER = re.compile(r":([a-z_]+)")
DATED_FILE_NAME = re.compile(r"^(?P<date>\d{2,4}-\d{1,2}-\d{1,2})-(?P<slug>.*)$")
# Jekyll's URL.escape_path leaves these paths alone; others are percent-encoded, keeping
# what a URI path may hold as it is (RFC 3986 pchar and "/").
PLAIN_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
PATH_SAFE = "/!$&'()*+,;=:@-._~"
# Utils.slugify keeps marks, letters and decimal digits; "pretty" keeps these too.
PRETTY_KEPT = set("._~!$&'()+,;=@")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


class PermalinkError(ValueError):
    """A template Jekyll itself would refuse (an unknown placeholder)."""


def slugify(text: str, *, pretty: bool = False, cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify`` in its ``default`` and ``pretty`` modes."""

    def kept(char):
        category = unicodedata.category(char)
        return category[0] in "ML" or category == "Nd" or (pretty and char in PRETTY_KEPT)

    slug = "".join(_runs_replaced(text, kept))
    slug = slug.removeprefix("-").removesuffix("-")
    return slug if cased else slug.lower()


def _runs_replaced(text, kept):
    """``text`` with each run of characters ``kept`` refuses replaced by one hyphen."""
    in_run = False
    for char in text:
        if kept(char):
            in_run = False
            yield char
        elif not in_run:
            in_run = True
            yield "-"


def escape_path(value: str) -> str:
    """Jekyll's ``URL.escape_path``: plain paths as they are, others percent-encoded."""
    if not value or PLAIN_PATH.match(value):
        return value
    return quote(value, safe=PATH_SAFE)


def clean_url(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: one leading slash, no ``..``, no ``./``, no ``//``."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass(frozen=True)
class SiteAddresses:
    """How one Jekyll site addressed its posts (from its ``_config.yml``)."""

    baseurl: str
    template: str
    zone: datetime.tzinfo
    post_defaults: tuple = ()

    @classmethod
    def from_config(cls, config: dict) -> "SiteAddresses":
        return cls(
            baseurl=str(config.get("baseurl") or "").rstrip("/"),
            template=posts_template(config),
            zone=site_zone(config),
            post_defaults=tuple(post_defaults(config)),
        )

    def post_paths(self, source) -> tuple[list[str], list[str]]:
        """The paths (``baseurl`` included) ``source`` was served at, and what could not
        be worked out. A post Jekyll did not publish (``published: false``) had none."""
        data = merged_front_matter(self.defaults_for(source.source_key), source.front_matter)
        if data.get("published") is False:
            return [], []
        paths, problems = [], []
        try:
            paths.append(self.baseurl + self.post_url(source, data))
        except PermalinkError as error:
            problems.append(f"No old address kept: {error}.")
        for old in as_list(data.get("redirect_from")):
            old = str(old).strip()
            if old:
                paths.append(self.baseurl + "/" + old.lstrip("/"))
        return list(dict.fromkeys(paths)), problems

    def defaults_for(self, source_key: str) -> dict:
        """Front-matter defaults (``defaults:``) that apply to the post at ``source_key``,
        the more specific scope winning."""
        values = {}
        for scope_path, scope_values in self.post_defaults:
            if applies_to(scope_path, source_key):
                values.update(scope_values)
        return values

    def post_url(self, source, data: dict) -> str:
        permalink = data.get("permalink")
        template = str(permalink) if permalink else self.template
        placeholders = PostPlaceholders(source, data, self.zone)

        def fill(match):
            name = match[1]
            candidates = [name, name[:-1]] if name.endswith("_") else [name]
            for candidate in candidates:
                value = placeholders.value(candidate)
                if value is not None:
                    # "/:month_:day": the underscore was not part of the name.
                    rest = name[len(candidate) :]
                    return escape_path(value) + rest
            raise PermalinkError(f"the permalink {template!r} has no placeholder :{name}")

        return clean_url(PLACEHOLDER.sub(fill, template))


def merged_front_matter(defaults: dict, front_matter: dict) -> dict:
    """The post's front matter over its defaults; categories of both are kept (as
    Jekyll's ``merge_categories!`` does)."""
    data = {**defaults, **front_matter}
    if defaults.get("categories") is not None and front_matter.get("categories") is not None:
        data["categories"] = list(
            dict.fromkeys(
                split_names(defaults["categories"]) + split_names(front_matter["categories"])
            )
        )
    return data


def split_names(value) -> list:
    """Categories as Jekyll reads them: a string is split on spaces."""
    return value.split() if isinstance(value, str) else as_list(value)


def posts_template(config: dict) -> str:
    """The URL template of posts: ``collections.posts.permalink``, else the top-level
    ``permalink`` style or template (Jekyll's default: ``date``)."""
    collections = config.get("collections")
    if isinstance(collections, dict) and isinstance(collections.get("posts"), dict):
        own = collections["posts"].get("permalink")
        if own:
            # Taken as written: Jekyll translates only the top-level style names.
            return str(own)
    style = str(config.get("permalink") or "date")
    return STYLES.get(style, style)


def site_zone(config: dict) -> datetime.tzinfo:
    """The zone Jekyll's dates are read in: ``timezone``, else the machine's (Django's)."""
    for name in (str(config.get("timezone") or ""), settings.TIME_ZONE):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return datetime.UTC


def post_defaults(config: dict):
    """(scope path, values) of each ``defaults:`` entry for posts, least specific first."""
    entries = []
    for entry in as_list(config.get("defaults")):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        kind = scope.get("type")
        if kind not in (None, "posts", "post"):
            continue
        path = str(scope.get("path") or "").lstrip("/")
        entries.append(((kind is not None, len(path)), path, entry["values"]))
    entries.sort(key=lambda entry: entry[0])
    return [(path, values) for _, path, values in entries]


def applies_to(scope_path: str, source_key: str) -> bool:
    if not scope_path:
        return True
    if "*" in scope_path:
        return fnmatch(source_key, scope_path)
    return source_key == scope_path or source_key.startswith(scope_path.rstrip("/") + "/")


class PostPlaceholders:
    """The values of a post's URL placeholders (Jekyll's ``Drops::UrlDrop``)."""

    def __init__(self, source, data: dict, zone: datetime.tzinfo):
        self.data = data
        self.date = source.date.astimezone(zone)
        name = PurePosixPath(source.source_key).name
        self.basename = name.rsplit(".", 1)[0] if "." in name else name
        self.suffix = PurePosixPath(name).suffix
        match = DATED_FILE_NAME.match(self.basename)
        self.file_slug = (match["slug"] if match else self.basename).rstrip(".")
        self.relative_path = source.source_key

    def value(self, name: str) -> str | None:
        method = getattr(self, f"p_{name}", None)
        return method() if method is not None else None

    def slug_source(self) -> str:
        slug = self.data.get("slug")
        return str(slug) if slug not in (None, "") else self.file_slug

    def p_title(self):
        return slugify(self.slug_source(), pretty=True, cased=True)

    def p_slug(self):
        return slugify(self.slug_source())

    def p_name(self):
        return slugify(self.basename)

    def p_collection(self):
        return "posts"

    def p_path(self):
        path = self.relative_path.removeprefix("_posts")
        return path[: -len(self.suffix)].rstrip(".") if self.suffix else path

    def p_output_ext(self):
        return ".html"

    def categories(self) -> list[str]:
        """Jekyll's ``populate_categories``: ``categories`` (a string split on spaces),
        then ``category`` when given, else ``categories`` again; in order, once each."""
        names = split_names(self.data.get("categories"))
        if self.data.get("category") is not None:
            names += as_list(self.data["category"])
        return list(dict.fromkeys(str(name) for name in names if name is not None))

    def p_categories(self):
        return "/".join(dict.fromkeys(name.lower() for name in self.categories()))

    def p_slugified_categories(self):
        return "/".join(dict.fromkeys(slugify(name) for name in self.categories()))

    def p_year(self):
        return f"{self.date.year:04d}"

    def p_month(self):
        return f"{self.date.month:02d}"

    def p_day(self):
        return f"{self.date.day:02d}"

    def p_hour(self):
        return f"{self.date.hour:02d}"

    def p_minute(self):
        return f"{self.date.minute:02d}"

    def p_second(self):
        return f"{self.date.second:02d}"

    def p_i_day(self):
        return str(self.date.day)

    def p_i_month(self):
        return str(self.date.month)

    def p_short_month(self):
        return MONTHS[self.date.month - 1][:3]

    def p_long_month(self):
        return MONTHS[self.date.month - 1]

    def p_short_year(self):
        return f"{self.date.year % 100:02d}"

    def p_w_year(self):
        return str(self.date.isocalendar().year)

    def p_week(self):
        return f"{self.date.isocalendar().week:02d}"

    def p_w_day(self):
        return str(self.date.isoweekday())

    def p_short_day(self):
        return DAYS[self.date.weekday()]

    def p_long_day(self):
        return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[
            self.date.weekday()
        ]

    def p_y_day(self):
        return f"{self.date.timetuple().tm_yday:03d}"
