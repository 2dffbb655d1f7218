"""URL checks shared by the blocks that store URLs in ``URLBlock`` fields."""

from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

validate_url = URLValidator()


def absolute_url(url: str, site_url: str = "") -> str:
    """``url`` exactly as written when it is a full URL; else made full with ``site_url``.

    Returns '' when no full URL can be made (a ``URLBlock`` would refuse it).
    """
    url = (url or "").strip()
    for candidate in (url, urljoin(site_url, url) if site_url else ""):
        if not candidate:
            continue
        try:
            validate_url(candidate)
        except ValidationError:
            continue
        return candidate
    return ""
