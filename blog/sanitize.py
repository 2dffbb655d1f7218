"""Allow-list HTML cleaning for markup that does not come from Wagtail's editor.

nh3 (ammonia) does the parsing and cleaning; this module only fixes the policy:
no scripts, no event handlers, no forms, no ``javascript:``/``data:`` URLs.
"""

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "video", "source", "audio", "iframe",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name", "target"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "video": {"src", "controls", "width", "height", "poster", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str, *, link_rel: str | None = "noopener noreferrer") -> str:
    """Return ``html`` with everything outside the allow-list removed.

    Links get ``rel=link_rel``; the API passes ``None`` and leaves that to its clients.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
    )


# Wagtail's stored rich text (the ``db_html`` API format): the elements its editor writes,
# with the ``linktype``/``embedtype`` markup that stands for pages, documents and images.
STORED_RICH_TEXT_TAGS = {
    "a", "b", "blockquote", "br", "code", "embed", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "s", "strong", "sub", "sup", "ul",
}  # fmt: skip
STORED_RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
# Wagtail's own parser of stored rich text (behind the markdown formats) expects void
# elements written as ``<br/>``; nh3 writes HTML5's ``<br>``.
VOID_ELEMENT = re.compile(r"<(br|hr|embed)(\s[^>]*)?>")
# An ``<embed>`` is Wagtail's placeholder only with an ``embedtype``; any other is HTML's
# plug-in element, which has no business in rich text.
FOREIGN_EMBED = re.compile(r"<embed(?![^>]*\sembedtype=)[^>]*>")


def sanitize_stored_rich_text(html: str) -> str:
    """Stored rich text reduced to what Wagtail's editor can have written.

    Rich text saved outside the editor (API v3 writes, the ORM, an import) never passed
    the editor's allow-list, and the raw formats hand it to other sites as it is.
    """
    cleaned = nh3.clean(
        html or "",
        tags=STORED_RICH_TEXT_TAGS,
        attributes=STORED_RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    cleaned = FOREIGN_EMBED.sub("", cleaned)
    return VOID_ELEMENT.sub(lambda m: f"<{m[1]}{m[2] or ''}/>", cleaned)
