"""Jekyll's own Liquid filters (Jekyll::Filters), on top of python-liquid's standard ones.

Each does what Jekyll 4's does, Ruby's quirks included where a reader would see them:
``jsonify`` writes compact JSON, ``array_to_sentence_string`` puts a serial comma,
``where`` compares values as text, ``cgi_escape`` makes spaces ``+``. Filters that need
the site (``relative_url``, ``markdownify``…) read it from the environment, one per site.
"""

import datetime
import html
import json
import random
import re
import unicodedata
from urllib.parse import quote, quote_plus, urlsplit

from liquid.filter import with_context, with_environment
from liquid.undefined import Undefined

from jekyll.reading.dates import DateError, parse_jekyll_date

from .engines.typography import kramdown_quote_names, kramdown_text


def to_time(value, zone) -> datetime.datetime | None:
    """A date filter's input as a datetime: a date, a time, or text Jekyll can parse."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tzinfo=zone)
    if isinstance(value, str) and value.strip():
        try:
            return parse_jekyll_date(value.strip(), zone)
        except DateError:
            return None
    return None


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date_filters(zone):
    def date_to_string(value, kind=None, style=None):
        time = to_time(value, zone)
        if time is None:
            return value
        return stringify_date(time, "%b", kind, style)

    def date_to_long_string(value, kind=None, style=None):
        time = to_time(value, zone)
        if time is None:
            return value
        return stringify_date(time, "%B", kind, style)

    def date_to_xmlschema(value):
        time = to_time(value, zone)
        return time.isoformat(timespec="seconds") if time else value

    def date_to_rfc822(value):
        time = to_time(value, zone)
        return time.strftime("%a, %d %b %Y %H:%M:%S %z") if time else value

    return {
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822,
    }


def stringify_date(time, month_format, kind, style) -> str:
    if kind == "ordinal":
        day, month = ordinal(time.day), time.strftime(month_format)
        return f"{month} {day}, {time.year}" if style == "US" else f"{day} {month} {time.year}"
    return time.strftime(f"%d {month_format} %Y")


# --- URLs ---------------------------------------------------------------------------


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme)


def url_of(value) -> str | None:
    if value is None or isinstance(value, Undefined):
        return None
    if isinstance(value, dict) and "url" in value:
        value = value["url"]
    return str(value)


@with_environment
def relative_url(value, *, environment):
    url = url_of(value)
    if url is None:
        return None
    if is_absolute(url):
        return url
    baseurl = environment.site.baseurl
    parts = [part if part.startswith("/") else "/" + part for part in (baseurl, url) if part]
    return re.sub(r"/{2,}", "/", "".join(parts)) or "/"


@with_environment
def absolute_url(value, *, environment):
    url = url_of(value)
    if url is None:
        return None
    if is_absolute(url):
        return url
    site_url = str(environment.site.config.get("url") or "")
    relative = relative_url(url, environment=environment)
    return site_url.rstrip("/") + relative if site_url else relative


# --- text ---------------------------------------------------------------------------


@with_environment
def markdownify(value, *, environment):
    return environment.site.engine.render("" if value is None else str(value))


@with_environment
def smartify(value, *, environment):
    quotes = kramdown_quote_names(
        (environment.site.config.get("kramdown") or {}).get("smart_quotes")
    )
    return html.escape(kramdown_text("" if value is None else str(value), quotes), quote=False)


SLUG_PATTERNS = {
    "raw": re.compile(r"\s+"),
    "default": re.compile(r"(?:[^\w\u0300-\u036f]|_)+"),
    "pretty": re.compile(r"(?:[^\w\u0300-\u036f._~!$&'()+,;=@]|_)+"),
    "ascii": re.compile(r"[^A-Za-z0-9]+"),
}


def jekyll_slugify(value, mode=None):
    """Jekyll's ``slugify`` filter, with its modes (``raw``, ``pretty``, ``ascii``…)."""
    text, mode = ("" if value is None else str(value)), mode or "default"
    if mode == "none":
        return text.lower()
    if mode == "latin":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "replace").decode()
        mode = "default"
    pattern = SLUG_PATTERNS.get(mode)
    return pattern.sub("-", text).strip("-").lower() if pattern else text.lower()


def xml_escape(value):
    return "" if value is None else html.escape(str(value)).replace("&#x27;", "&#39;")


def cgi_escape(value):
    return quote_plus(str(value))


def uri_escape(value):
    return quote(str(value), safe="/:@!$&'()*+,;=?#[]~-._%")


def number_of_words(value, mode=None):
    text = "" if value is None else str(value)
    if mode in ("cjk", "auto"):
        cjk = re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", text)
        if mode == "cjk" or cjk:
            stripped = re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", " ", text)
            return len(cjk) + len(stripped.split())
    return len(text.split())


def normalize_whitespace(value):
    return " ".join(str(value).split())


def array_to_sentence_string(value, connector="and"):
    items = [str(item) for item in as_list(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def jsonify(value):
    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False, default=str)


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, Undefined):
        return None
    return value


def inspect(value):
    from .liquid_output import ruby_inspect

    return ruby_inspect(value)


def to_integer(value):
    if isinstance(value, bool):
        return 1 if value else 0
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


# --- arrays -------------------------------------------------------------------------


def as_list(value) -> list:
    if value is None or isinstance(value, Undefined):
        return []
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def item_property(item, name):
    if isinstance(item, dict):
        value = item
        for part in str(name).split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    return None


def where(value, name=None, target=None):
    items = as_list(value)
    if name is None or isinstance(target, list | dict):
        return items
    return [item for item in items if matches(item_property(item, name), target)]


def matches(found, target) -> bool:
    if target is None or isinstance(target, Undefined):
        return found is None
    target = ruby_string(target)
    if isinstance(found, str):
        return found == target
    return any(ruby_string(each) == target for each in as_list(found))


def ruby_string(value) -> str:
    """``value.to_s`` in Ruby: a list or a mapping is written as Ruby inspects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return inspect(value)
    return "" if value is None else str(value)


@with_context
def where_exp(value, variable, expression, *, context):
    condition = context.env.condition(str(expression))
    return [item for item in as_list(value) if condition(context, str(variable), item)]


@with_context
def find_exp(value, variable, expression, *, context):
    found = where_exp(value, variable, expression, context=context)
    return found[0] if found else None


def find(value, name, target):
    found = where(value, name, target)
    return found[0] if found else None


def group_by(value, name):
    groups: dict[str, list] = {}
    for item in as_list(value):
        groups.setdefault(ruby_string(item_property(item, name)), []).append(item)
    return [{"name": key, "items": items, "size": len(items)} for key, items in groups.items()]


@with_context
def group_by_exp(value, variable, expression, *, context):
    evaluate = context.env.value(str(expression))
    groups: dict[str, list] = {}
    for item in as_list(value):
        groups.setdefault(ruby_string(evaluate(context, str(variable), item)), []).append(item)
    return [{"name": key, "items": items, "size": len(items)} for key, items in groups.items()]


def jekyll_sort(value, name=None, nils="first"):
    items = as_list(value)
    if name is None:
        return sorted(items, key=sort_key)
    present = [item for item in items if item_property(item, name) is not None]
    missing = [item for item in items if item_property(item, name) is None]
    present = sorted(present, key=lambda item: sort_key(item_property(item, name)))
    return missing + present if nils != "last" else present + missing


def sort_key(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value, "")
    if isinstance(value, datetime.datetime):
        return (1, value.timestamp(), "")
    return (2, 0, ruby_string(value))


def push(value, item):
    return [*as_list(value), item]


def pop(value, count=1):
    return as_list(value)[: -int(count) or None]


def shift(value, count=1):
    return as_list(value)[int(count) :]


def unshift(value, item):
    return [item, *as_list(value)]


def sample(value, count=None):
    items = as_list(value)
    if not items:
        return None
    return random.sample(items, min(int(count), len(items))) if count else random.choice(items)


def jekyll_filters(zone) -> dict:
    return {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "markdownify": markdownify,
        "smartify": smartify,
        "slugify": jekyll_slugify,
        "xml_escape": xml_escape,
        "cgi_escape": cgi_escape,
        "uri_escape": uri_escape,
        "number_of_words": number_of_words,
        "normalize_whitespace": normalize_whitespace,
        "array_to_sentence_string": array_to_sentence_string,
        "jsonify": jsonify,
        "inspect": inspect,
        "to_integer": to_integer,
        "where": where,
        "where_exp": where_exp,
        "find": find,
        "find_exp": find_exp,
        "group_by": group_by,
        "group_by_exp": group_by_exp,
        "sort": jekyll_sort,
        "push": push,
        "pop": pop,
        "shift": shift,
        "unshift": unshift,
        "sample": sample,
        **date_filters(zone),
    }
