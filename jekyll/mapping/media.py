"""Players in a post: YouTube and Vimeo iframes, and ``<video>`` elements (pure).

An iframe of YouTube or Vimeo becomes an embed block holding the video's page address;
the page builds the player from its id, never asking the provider (``blog.video_blocks``).
A ``<video>`` becomes a video block: its file found in the site folder goes into the
documents library (the writer's step), one the old site still serves elsewhere is kept
by its address, and a ``poster`` picture goes into the image library.
"""

from bs4 import Tag

from blog.video_blocks import video_player

from .images import ImageLocator


def embed_value(element: Tag) -> dict | None:
    """An embed block's value for a YouTube or Vimeo iframe; ``None`` for other iframes."""
    player = video_player(element.get("src") or "")
    if player is None:
        return None
    return {"embed": player["page"], "caption": (element.get("title") or "")[:500].strip()}


def video_value(element: Tag, locator: ImageLocator, warnings: list[str]) -> dict | None:
    """A video block's value for a ``<video>``; ``None`` (with the reason in ``warnings``)
    when none of its sources can be played from the site or elsewhere."""
    sources = [element.get("src")] + [source.get("src") for source in element.find_all("source")]
    problems, found = [], None
    for reference in filter(None, (source.strip() for source in sources if source)):
        lookup = locator.locate(reference, video=True)
        if lookup.source is not None or lookup.external_url:
            found = lookup
            break
        problems.append(lookup.problem)
    if found is None:
        reason = "; ".join(problems) or "it names no file"
        warnings.append(f"Video left out: {reason}.")
        return None
    poster = None
    if element.get("poster"):
        poster_lookup = locator.locate(element["poster"])
        poster = poster_lookup.source
        if poster is None:
            warnings.append(
                f"Video shown without its poster: {poster_lookup.problem or element['poster']}."
            )
    return {
        "file": found.source,
        "external_url": "" if found.source is not None else found.external_url,
        "poster": poster,
        "caption": (element.get("title") or "")[:500].strip(),
    }
