"""Script-injection payloads a hostile or careless post could carry.

Each would open a dialog (alert/confirm/prompt) if it ran, so a browser that shows the
page without one, and a DOM with no script-capable markup left, prove it was neutralised.
``script_capable_markup`` is that DOM check for HTML read without a browser.
"""

import re

from bs4 import BeautifulSoup

XSS_VECTORS = [
    "<script>alert('script-tag')</script>",
    "<SCRIPT SRC=data:text/javascript,alert('script-src-data')></SCRIPT>",
    "<script>confirm('confirm')</script>",
    "<img src=x onerror=alert('img-onerror')>",
    "<img src=x onerror=\"javascript:alert('img-onerror-js')\">",
    "<IMG SRC=\"javascript:alert('img-src-js');\">",
    "<img src=`javascript:alert('backtick')`>",
    "<svg onload=alert('svg-onload')>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<svg><animate onbegin=alert('svg-animate') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>",
    "<body onload=alert('body-onload')>",
    "<iframe src=\"javascript:alert('iframe-js')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>",
    "<iframe src=\"data:text/html,<script>alert('iframe-data')</script>\"></iframe>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<a href=\"javascript:alert('a-href-js')\">click me</a>",
    "<a href=\"JaVaScRiPt:alert('mixed-case')\">click</a>",
    "<a href=\"&#106;avascript:alert('entity')\">click</a>",
    "<a href=\" javascript:alert('leading-space')\">click</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+">data</a>',
    '<a href="#" onclick="alert(\'onclick\')">click</a>',
    '<div onmouseover="alert(\'mouseover\')" style="width:100%;height:100%">hover</div>',
    "<input autofocus onfocus=alert('autofocus')>",
    "<details open ontoggle=alert('ontoggle')><summary>x</summary></details>",
    "<video><source onerror=alert('video-source')></video>",
    "<audio src=x onerror=alert('audio')></audio>",
    "<marquee onstart=alert('marquee')>x</marquee>",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
    "<button formaction=\"javascript:alert('formaction')\">go</button>",
    "<div style=\"background:url(javascript:alert('css-url'))\">css</div>",
    "<div style=\"width: expression(alert('css-expression'))\">ie</div>",
    "<style>@import 'javascript:alert(\"css-import\")';</style>",
    "<link rel=stylesheet href=\"javascript:alert('link')\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta-refresh\')">',
    "<base href=\"javascript:alert('base')//\">",
    "<table background=\"javascript:alert('table-bg')\"><tr><td>x</td></tr></table>",
    "<scr<script>ipt>alert('nested')</scr</script>ipt>",
    "<<script>alert('double-open')//<</script>",
    '<img """><script>alert(\'broken-quotes\')</script>">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<p title=\"</p><script>alert('attr-break')</script>\">x</p>",
    "</textarea><script>alert('textarea-break')</script>",
    "<!--<script>alert('comment')</script>-->",
    "<![CDATA[<script>alert('cdata')</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\"></noscript>",
    "<template><script>alert('template')</script></template>",
    "<isindex type=image src=1 onerror=alert('isindex')>",
    "<x onclick=alert('custom-element')>custom</x>",
    "\"><script>alert('quote-break')</script>",
    "'';!--\"<XSS>=&{()}",
]

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster",
    "cite", "longdesc", "lowsrc", "dynsrc", "srcset", "ping",
}  # fmt: skip
SCRIPT_ELEMENTS = {"script", "object", "embed", "applet", "base", "frame", "frameset"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):")
DANGEROUS_CSS = re.compile(r"expression\(|javascript:|vbscript:|-moz-binding|behavior:")
# Browsers ignore whitespace and control characters inside a URL's scheme.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f]+")

HOSTILE_URLS = [
    "javascript:alert('url')",
    "JaVaScRiPt:alert('mixed-case')",
    " javascript:alert('leading-space')",
    "java\tscript:alert('tab')",
    "&#106;avascript:alert('entity')",
    "vbscript:msgbox('vb')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+",
    "data:image/svg+xml,<svg onload=alert('svg-data')>",
]


def is_dangerous_url(value):
    return bool(DANGEROUS_SCHEME.match(IGNORED_IN_SCHEMES.sub("", value).lower()))


def allowed_script(element):
    src = element.get("src", "")
    return element.get("type") == "application/ld+json" or src.startswith("/static/")


def script_capable_markup(html):
    """Every element or attribute of ``html`` that could run script, as readable strings."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        name = element.name.lower()
        if name in SCRIPT_ELEMENTS and not (name == "script" and allowed_script(element)):
            found.append(str(element)[:120])
        if name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append(str(element)[:120])
        if name == "style" and DANGEROUS_CSS.search(element.get_text().lower()):
            found.append(str(element)[:120])
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            attribute = attribute.lower()
            if attribute.startswith("on") or attribute == "srcdoc":
                found.append(f"<{name} {attribute}={value[:80]}>")
            elif attribute == "style" and DANGEROUS_CSS.search(value.lower()):
                found.append(f"<{name} style={value[:80]}>")
            elif attribute in URL_ATTRIBUTES and any(
                is_dangerous_url(url) for url in value.split(",")
            ):
                found.append(f"<{name} {attribute}={value[:80]}>")
    return found


# Vectors the checker does not flag in their raw form. Python's html.parser reads
# foreign content, <noscript> and broken tag names differently from a browser, and some
# vectors are inert text in any browser. What the checker reads below is the output of
# the sanitiser (html5ever, a browser's parser, re-serialised) or of templates, where
# these shapes do not occur; the browser test runs the raw ones in Chromium.
CHECKER_BLIND_SPOTS = [
    "<img src=`javascript:alert('backtick')`>",  # backticks quote nothing in today's browsers
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style>"
    "</mglyph></table></mtext></math>",  # MathML parsing
    "<scr<script>ipt>alert('nested')</scr</script>ipt>",  # broken tag name
    "<p title=\"</p><script>alert('attr-break')</script>\">x</p>",  # inert: attribute text
    "<!--<script>alert('comment')</script>-->",  # inert: a comment
    "<![CDATA[<script>alert('cdata')</script>]]>",  # inert in HTML
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\"></noscript>",
    "'';!--\"<XSS>=&{()}",  # inert: an unknown element
]
