"""What cleaning took out of HTML kept as it is, and whether anything is left to show."""

from collections import Counter

from .rich_text import soup_of


def removed_by_cleaning(original: str, cleaned: str) -> Counter:
    """What :func:`sanitize_html` took out: elements and attributes, by name."""

    def inventory(html):
        counts = Counter()
        for tag in soup_of(html).find_all(True):
            counts[f"<{tag.name}>"] += 1
            counts.update(f"{attribute}= attribute" for attribute in tag.attrs)
        return counts

    removed = inventory(original) - inventory(cleaned)
    del removed["rel= attribute"]  # added by the cleaner, never removed
    return removed


def has_visible_content(html: str) -> bool:
    soup = soup_of(html)
    return (
        bool(soup.get_text(strip=True))
        or soup.find(["img", "iframe", "video", "audio"]) is not None
    )
