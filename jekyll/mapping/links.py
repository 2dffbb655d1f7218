"""URL checks shared by the blocks that store URLs (``URLBlock`` fields, heading links)."""

from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from blog.templatetags.blog_tags import safe_url

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


def heading_link(link, heading_text: str, site_url: str, warnings: list[str]) -> dict:
    """A heading block's ``link`` and ``link_text`` for the ``<a>`` in a heading: site
    paths and anchors as written (old addresses answer on the new site), full URLs
    exactly, other relative ones made full with ``site_url``; the words it is on ('' for
    the whole heading). Nothing when the address cannot be kept (reported)."""
    href = (link.get("href") or "").strip()
    if href.startswith(("/", "#")) and not href.startswith("//"):
        address = safe_url(href)
    elif href.startswith(("mailto:", "tel:")):
        address = safe_url(href)
    else:
        address = absolute_url(href, site_url)
    if not address:
        warnings.append(f"Heading link {href!r} is not an address a page can keep; left out.")
        return {}
    words = " ".join(link.get_text(" ").split())
    return {"link": address[:500], "link_text": "" if words == heading_text else words[:255]}
