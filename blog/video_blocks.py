"""Video in a post body: files that play in the page, and players of video sites.

Nothing here fetches anything while a page renders. A YouTube or Vimeo video gets the
site's own player, built from the video's id (YouTube's privacy-enhanced
``youtube-nocookie.com``); other providers show the oEmbed HTML Wagtail cached when an
editor saved the block, else a link (with the poster, when there is one). A video file
(the documents library, or an address elsewhere) plays in a ``<video>`` element. The
site's Content-Security-Policy allows both (``blog/csp.py``: ``media-src``, ``frame-src``).
"""

import re
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

from django import forms
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.models import Embed

from .choosers import PreloadableImageChooserBlock
from .links import absolute_url, safe_url
from .representation import image_representation

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com", "youtu.be", "music.youtube.com"}  # fmt: skip
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIDEO_ID = re.compile(r"^[\w-]{4,64}$")
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/mp4",
               ".webm": "video/webm", ".ogv": "video/ogg", ".ogg": "video/ogg"}  # fmt: skip


def video_player(url: str) -> dict | None:
    """``{"provider", "id", "src", "page"}`` for a YouTube or Vimeo URL (watch page,
    short link or player address); ``None`` for anything else."""
    parts = urlsplit((url or "").strip())
    host = parts.netloc.lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            video_id = segments[0] if segments else None
        elif segments[:1] in (["embed"], ["shorts"], ["live"], ["v"]) and len(segments) > 1:
            video_id = segments[1]
        else:
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        if video_id and VIDEO_ID.match(video_id):
            return {
                "provider": "YouTube",
                "id": video_id,
                "src": f"https://www.youtube-nocookie.com/embed/{video_id}",
                "page": f"https://www.youtube.com/watch?v={video_id}",
            }
    elif host in VIMEO_HOSTS:
        numbers = [segment for segment in segments if segment.isdigit()]
        if numbers:
            return {
                "provider": "Vimeo",
                "id": numbers[0],
                "src": f"https://player.vimeo.com/video/{numbers[0]}",
                "page": f"https://vimeo.com/{numbers[0]}",
            }
    return None


def cached_embed(url: str):
    """The oEmbed result Wagtail stored for ``url`` (when an editor saved it), looked up
    in the database only: a reader's request never waits on a provider."""
    return Embed.objects.filter(url=url).order_by("-last_updated").first()


class PlayerEmbedBlock(EmbedBlock):
    """Wagtail's embed block; YouTube and Vimeo URLs are taken without asking the
    provider (their player is built from the id), others are checked by oEmbed as
    Wagtail does, which also caches the HTML pages show."""

    def clean(self, value):
        if isinstance(value, EmbedValue) and video_player(value.url):
            return blocks.URLBlock.clean(self, value)
        return super().clean(value)


class VideoEmbedBlock(blocks.StructBlock):
    embed = PlayerEmbedBlock(help_text="A YouTube, Vimeo or other oEmbed URL.")
    caption = blocks.CharBlock(required=False, max_length=500)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = value["embed"].url if value.get("embed") else ""
        context["player"] = video_player(url)
        context["embed_url"] = url
        context["cached_embed"] = cached_embed(url) if url and not context["player"] else None
        return context

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        description = "A video or other embedded media from its URL."


class VideoBlock(blocks.StructBlock):
    """A video file that plays in the page: from the documents library, or elsewhere."""

    file = DocumentChooserBlock(
        required=False, help_text="A video file (MP4 or WebM) from the documents library."
    )
    external_url = blocks.URLBlock(
        required=False, help_text="Or the address of a video file on another site."
    )
    poster = PreloadableImageChooserBlock(
        required=False, help_text="Optional: the picture shown before the video plays."
    )
    caption = blocks.CharBlock(required=False, max_length=500)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("file") and not value.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": forms.ValidationError("Choose a video file or give its address.")
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video"] = video_source(value)
        return context

    def get_api_representation(self, value, context=None):

        video = video_source(value)
        return {
            "url": absolute_url(safe_url(video["src"]), context) or None,
            "type": video["type"],
            "document_id": value["file"].pk if value.get("file") else None,
            "poster": image_representation(value.get("poster"), value.get("caption") or None),
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        description = "A video file that plays in the page, with an optional poster."


def video_source(value) -> dict:
    """Where the video plays from (``src``) and its MIME type ('' when unknown)."""
    document = value.get("file")
    src = document.file.url if document is not None else (value.get("external_url") or "")
    name = document.file.name if document is not None else urlsplit(src).path
    return {"src": src, "type": VIDEO_TYPES.get(PurePosixPath(name).suffix.lower(), "")}


def is_video_file_name(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in VIDEO_TYPES
