"""Listing pages found without counting the listing.

Django's ``Paginator`` counts every matching post to know the number of pages. With a
large archive that count is most of a listing's cost (a ``COUNT`` over 100,000 posts,
each checked for view restrictions, against reading 16 rows by the date index), and the
blog only needs "newer" and "older" links. A page asks for one post more than it shows:
if that one exists there is an older page.
"""

from collections.abc import Sequence

# Far beyond any archive, and an OFFSET every database can take (SQLite refuses one past
# 64 bits with "datatype mismatch").
MAX_PAGE_NUMBER = 1_000_000


class ListingPage(Sequence):
    """The posts of page ``number``; quacks like the ``Page`` of Django's paginator."""

    def __init__(self, posts, number, per_page):
        if not 1 <= number <= MAX_PAGE_NUMBER:
            raise ValueError(f"page numbers run from 1 to {MAX_PAGE_NUMBER}")
        start = (number - 1) * per_page
        rows = list(posts[start : start + per_page + 1])
        self.object_list = rows[:per_page]
        self.number = number
        self._has_next = len(rows) > per_page

    def __getitem__(self, index):
        return self.object_list[index]

    def __len__(self):
        return len(self.object_list)

    def __repr__(self):
        return f"<ListingPage {self.number}>"

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1
