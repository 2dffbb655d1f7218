"""What a beacon may say, checked before anything is counted.

The script (static/js/analytics.js) sends small JSON objects::

    {"page": 12, "audience": "guest", "view": true,
     "referrer": "https://www.google.com/", "utm": {"source": "newsletter"},
     "seen": ["s3", "b-2f0e…"], "read": [25, 50]}

``view`` counts a view of the page; ``seen`` names the calls to action that came into
view; ``read`` the depths (per cent of the post) newly scrolled past. Anything else in
the object is ignored; anything malformed is refused with a message saying what.
"""

import json
from typing import NamedTuple

from .targets import CTA_KEY

AUDIENCES = ("guest", "member")
DEPTHS = (25, 50, 75, 100)
MAX_SEEN = 20
MAX_REFERRER = 2000
MAX_UTM = 200


class BadBeacon(ValueError):
    """The beacon cannot be counted; the message says why (sent back with a 400)."""


# A named tuple, not a frozen dataclass: as unchangeable, and made in a third of the time
# (the beacon collector makes one per beacon).
class Beacon(NamedTuple):
    page: int
    audience: str
    view: bool = False
    referrer: str = ""
    utm: tuple = ()
    seen: tuple = ()
    read: tuple = ()

    @property
    def utm_values(self):
        return dict(self.utm)


def parse(body):
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise BadBeacon("The beacon is not JSON.") from None
    if not isinstance(data, dict):
        raise BadBeacon("The beacon must be a JSON object.")
    page = data.get("page")
    if type(page) is not int or not 0 < page < 2**63:
        raise BadBeacon("'page' must be a page id (a positive whole number).")
    audience = data.get("audience")
    if audience not in AUDIENCES:
        raise BadBeacon("'audience' must be 'guest' or 'member'.")
    view = data.get("view", False)
    if not isinstance(view, bool):
        raise BadBeacon("'view' must be true or false.")
    beacon = Beacon(
        page=page,
        audience=audience,
        view=view,
        referrer=_text(data, "referrer", MAX_REFERRER),
        utm=_utm(data.get("utm", {})),
        seen=_seen(data.get("seen", [])),
        read=_read(data.get("read", [])),
    )
    if not (beacon.view or beacon.seen or beacon.read):
        raise BadBeacon("The beacon counts nothing: give 'view', 'seen' or 'read'.")
    return beacon


def _text(data, name, limit):
    value = data.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise BadBeacon(f"'{name}' must be a string of at most {limit} characters.")
    return value


def _utm(value):
    if not isinstance(value, dict):
        raise BadBeacon("'utm' must be an object of source, medium and campaign.")
    kept = []
    for name in ("source", "medium", "campaign"):
        if name in value:
            kept.append((name, _text(value, name, MAX_UTM)))
    return tuple(kept)


def _seen(value):
    if value == []:
        return ()
    if not isinstance(value, list) or len(value) > MAX_SEEN:
        raise BadBeacon(f"'seen' must be a list of at most {MAX_SEEN} call-to-action ids.")
    if not all(isinstance(key, str) and CTA_KEY.match(key) for key in value):
        raise BadBeacon("'seen' holds something that is not a call-to-action id.")
    return tuple(dict.fromkeys(value))


def _read(value):
    if value == []:
        return ()
    if not isinstance(value, list) or not all(
        type(depth) is int and depth in DEPTHS for depth in value
    ):
        raise BadBeacon("'read' must be a list of depths among 25, 50, 75 and 100.")
    return tuple(sorted(set(value)))
