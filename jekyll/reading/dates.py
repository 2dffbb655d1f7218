"""Front-matter dates read as Jekyll reads them: with Ruby's ``Time.parse``.

Jekyll turns a post's ``date`` into text and hands it to ``Time.parse``, which picks a
time, a zone and a date out of whatever else the text holds (Ruby's ``Date._parse``) and
ignores the rest: ``2023-01-29 18:30:22 2023 -0800`` is 18:30:22 on 29 January 2023, in
the site's time zone (the zone must follow the time; here the year is in between).

No Python library reads dates by those rules, so the ones post dates use are written out
here, in Ruby's order: a weekday is dropped; a time (``18:30``, ``6:30pm``, ``6pm``) with
the zone right after it; then the first date form found among "29 Jan 2023",
"Jan 29, 2023", ``2023-01-29``, ``29-Jan-2023``, ``Jan-29-2023``, ``2023/01/29``, ``2023.01.29`` and
``20230129``; a lone hour after a date. Numbers in a date are year, month, day unless
the last one is the year (``29/01/2023``), as in Ruby. Zones are what ``Time.parse``
knows: ``±HH[:MM]``, ``Z``, ``UTC``, ``GMT``, the US zones and the site zone's own
abbreviation; any other zone word is ignored (local time), as Ruby does.

What Ruby refuses is refused, with the reason: text over 128 characters (Ruby's own
limit, which keeps parsing bounded), no date in it, a month or hour out of range. A date
without a year (Ruby would take the current one) is refused too: an import must not date
a post by the day it ran.
"""

import datetime
import re
import zoneinfo

MAX_LENGTH = 128

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
# Ruby's Time::ZoneOffset (hours), military letters left out.
ZONE_HOURS = {
    "UTC": 0, "Z": 0, "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip

NOT_DATE_TEXT = re.compile(r"[^-+',./:@\w\[\]]+")
WEEKDAY = re.compile(r"\b(sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*", re.IGNORECASE)
TIME = re.compile(
    r"(?P<time>\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?(?:\s*[ap](?:m\b|\.m\.))?"
    r"|\d+\s*[ap](?:m\b|\.m\.))"
    r"(?:\s*(?P<zone>(?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?|[^\W\d_]+\b))?",
    re.IGNORECASE,
)
TIME_PARTS = re.compile(
    r"(?P<hour>\d+)(?:\s*:\s*(?P<minute>\d+)(?:\s*:\s*(?P<second>\d+)(?:[,.](?P<fraction>\d*))?)?)?"
    r"(?:\s*(?P<meridian>[ap]))?",
    re.IGNORECASE,
)
ORDINAL = r"(?:st|nd|rd|th)?"
# Each date form, in the order Ruby tries them, and which group is year, month, day.
DATE_FORMS = [
    (
        re.compile(
            rf"'?\b(\d+){ORDINAL}[^-\d\s']*\s*{MONTH}[^-\d\s']*(?:\s*,?\s*('?-?\d+))?", re.I
        ),
        "dmy",
    ),
    (
        re.compile(
            rf"\b{MONTH}[^-\d\s']*\s*('?\d+){ORDINAL}[^-\d\s',]*(?:\s*,?\s*('?-?\d+))?", re.I
        ),
        "mdy",
    ),
    (re.compile(r"('?[-+]?\d+)-(\d+)-('?-?\d+)"), "ymd"),
    (re.compile(rf"('?-?\d+)-{MONTH}[^-/.]*-('?-?\d+)", re.I), "dmy"),
    (re.compile(rf"\b{MONTH}[^-/.]*-('?\d+)(?:-('?-?\d+))?", re.I), "mdy"),
    (re.compile(r"('?-?\d+)/\s*('?\d+)(?:\D\s*('?-?\d+))?"), "ymd"),
    (re.compile(r"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), "digits"),
]
LONE_HOUR = re.compile(r"\A\s*(\d{1,2})\s*\Z")


class DateError(ValueError):
    """The text is no date Jekyll would read; the message says why."""


def parse_jekyll_date(text: str, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The date ``text`` stands for, read as ``Time.parse`` would in ``zone``."""
    if len(text) > MAX_LENGTH:
        raise DateError(f"is longer than {MAX_LENGTH} characters")
    rest = NOT_DATE_TEXT.sub(" ", text)
    rest = WEEKDAY.sub(" ", rest, count=1)
    hour = minute = second = microsecond = None
    zone_name = None
    time = TIME.search(rest)
    if time:
        hour, minute, second, microsecond = time_of(time["time"])
        zone_name = time["zone"]
        rest = rest[: time.start()] + " " + rest[time.end() :]
    year, month, day, rest = date_of(rest)
    if year is None and month is None and day is None:
        raise DateError("holds no date")
    if hour is None and day is not None and (lone := LONE_HOUR.match(rest)):
        hour, minute, second, microsecond = int(lone[1]), 0, 0, 0
    if year is None:
        raise DateError("has no year")
    return assemble(year, month or 1, day or 1, hour, minute, second, microsecond, zone_name, zone)


def time_of(text: str) -> tuple[int, int, int, int]:
    parts = TIME_PARTS.match(text)
    hour, minute, second = (int(parts[name] or 0) for name in ("hour", "minute", "second"))
    fraction = (parts["fraction"] or "")[:6].ljust(6, "0")
    if parts["meridian"]:
        hour = hour % 12 + (12 if parts["meridian"].lower() == "p" else 0)
    return hour, minute, second, int(fraction)


def date_of(text: str) -> tuple[int | None, int | None, int | None, str]:
    """Year, month and day from the first date form found, and the text left."""
    for pattern, order in DATE_FORMS:
        match = pattern.search(text)
        if match is None:
            continue
        rest = text[: match.start()] + " " + text[match.end() :]
        if order == "digits":
            return int(match[1]), int(match[2]), int(match[3]), rest
        values = dict(zip(order, match.groups(), strict=True))
        return (*year_month_day(values["y"], values["m"], values["d"]), rest)
    return None, None, None, text


def year_month_day(y: str | None, m: str, d: str | None) -> tuple[int | None, int, int | None]:
    """Ruby's reading of three date numbers: the year is the one that looks like a year
    (more than two digits, or an apostrophe: ``'23``), else the first; a month may be a name.
    Two numbers alone are a month and a day."""
    if y is not None and d is None and not m[:1].isalpha():
        y, m, d = None, y, m
    if y is not None and d is not None and not looks_like_year(y) and looks_like_year(d):
        y, d = d, y
    if y is None and d is not None and looks_like_year(d):
        y, d = d, None
    month = MONTHS.index(m[:3].lower()) + 1 if m[:1].isalpha() else int(m.strip("'"))
    return (full_year(y) if y else None), month, (int(d.strip("'")) if d else None)


def looks_like_year(value: str) -> bool:
    return value.startswith("'") or len(value.lstrip("+-")) > 2


def full_year(value: str) -> int:
    digits = value.strip("'")
    year = int(digits)
    # Two digits are a year of this century or the last one, as in Ruby.
    if len(digits.lstrip("+-")) <= 2:
        year += 1900 if year >= 69 else 2000
    return year


def assemble(year, month, day, hour, minute, second, microsecond, zone_name, zone):
    """The aware datetime; a day past the month's end and second 60 roll over, as in Ruby."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise DateError("is out of range (month 1-12, day 1-31)")
    hour, minute, second = hour or 0, minute or 0, second or 0
    if hour > 24 or (hour == 24 and (minute or second)) or minute > 59 or second > 60:
        raise DateError("has a time out of range")
    try:
        start = datetime.datetime(year, month, 1, tzinfo=offset_of(zone_name, year, zone))
    except ValueError as error:
        raise DateError(f"is out of range ({error})") from error
    return start + datetime.timedelta(
        days=day - 1, hours=hour, minutes=minute, seconds=second, microseconds=microsecond or 0
    )


def offset_of(zone_name: str | None, year: int, local: zoneinfo.ZoneInfo) -> datetime.tzinfo:
    """The zone ``Time.parse`` gives ``zone_name``; the local zone when it knows none."""
    if not zone_name:
        return local
    name = zone_name.upper()
    numeric = re.fullmatch(r"([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?|([+-])(\d\d)", name)
    if numeric:
        sign = -1 if (numeric[1] or numeric[6]) == "-" else 1
        hours = int(numeric[2] or numeric[7])
        minutes, seconds = int(numeric[4] or 0), int(numeric[5] or 0)
        offset = datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)
        return datetime.timezone(sign * offset) if offset < datetime.timedelta(days=1) else local
    if name in ZONE_HOURS:
        return datetime.timezone(datetime.timedelta(hours=ZONE_HOURS[name]))
    for month in (1, 7):
        # The site's own zone by its abbreviation (JST in Asia/Tokyo), as Ruby checks.
        moment = datetime.datetime(year, month, 1, tzinfo=local)
        if (moment.tzname() or "").upper() == name:
            return datetime.timezone(moment.utcoffset())
    return local
