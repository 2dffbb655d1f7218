"""Allow-list HTML cleaning for markup that does not come from Wagtail's editor.

nh3 (ammonia) does the parsing and cleaning; this module only fixes the policy:
no scripts, no event handlers, no forms, no ``javascript:``/``data:`` URLs.
"""

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
