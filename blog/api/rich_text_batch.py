"""One ``expand_db_html`` call for all the rich text of an API response.

``blog.representation.rich_text_representation`` hands a response's rich text to the
batch in its serializer context (as a placeholder) instead of expanding each paragraph.
"""

import uuid

from blog.links import absolute_urls
from blog.representation import clean_html, public_html


class PendingRichText:
    """A placeholder in serialised data for rich text its batch has not expanded yet."""

    def __init__(self, source):
        self.source = source
        self.html = None


class RichTextBatch:
    """Expands all the rich text of one response in a single ``expand_db_html`` call.

    Wagtail looks up the pages and documents a rich text links to with a few queries
    per call; one call per paragraph would make the query count grow with the content.
    The sources are joined with a unique comment (which the rewriter leaves alone),
    expanded once, split again, and put back in place of their placeholders.
    """

    def __init__(self):
        self.pending = []

    def add(self, source):
        placeholder = PendingRichText(source)
        self.pending.append(placeholder)
        return placeholder

    def expand(self, host):
        sources = [placeholder.source for placeholder in self.pending]
        separator = f"<!--folio-rich-text-{uuid.uuid4().hex}-->"
        parts = public_html(separator.join(sources)).split(separator)
        if len(parts) != len(sources):  # markup broken enough to swallow a separator
            parts = [public_html(source) for source in sources]
        for placeholder, html in zip(self.pending, parts, strict=True):
            placeholder.html = absolute_urls(clean_html(html), host)
        self.pending = []

    def resolve(self, data, host):
        """Expand what is pending, then put the HTML into ``data`` (nested dicts and lists)."""
        if self.pending:
            self.expand(host)
        return _replace_placeholders(data)


def _replace_placeholders(data):
    if isinstance(data, PendingRichText):
        return data.html
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = _replace_placeholders(value)
    elif isinstance(data, list):
        data[:] = [_replace_placeholders(value) for value in data]
    return data
