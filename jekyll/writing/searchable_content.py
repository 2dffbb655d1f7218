"""Read a page body's searchable text once per indexing, not once per index column.

A search backend asks each indexed field for its text once per column it fills (the
PostgreSQL backend: title, body, autocomplete and their plain-text copies), and for a
StreamField each ask walks every block and strips the tags of every rich text: about
five walks of each body. Inside :func:`stream_text_read_once`, the first answer for a
body is kept and given again, for this thread's asks only (other threads are served as
usual), and forgotten when the block ends.
"""

import threading
from contextlib import contextmanager

from wagtail.fields import StreamField

_lock = threading.Lock()
_original = StreamField.get_searchable_content


@contextmanager
def stream_text_read_once():
    owner = threading.get_ident()
    answers = {}  # (field id, body id) → (body, text): the body is kept so its id stays its own

    def get_searchable_content(field, value):
        if threading.get_ident() != owner:
            return _original(field, value)
        key = (id(field), id(value))
        if key not in answers:
            answers[key] = (value, _original(field, value))
        return list(answers[key][1])

    # One indexing at a time swaps the method (imports in other threads wait their turn).
    with _lock:
        StreamField.get_searchable_content = get_searchable_content
        try:
            yield
        finally:
            StreamField.get_searchable_content = _original
