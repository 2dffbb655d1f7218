"""Admin and serving hooks of the operations app."""

from wagtail import hooks


# After Wagtail's own view-restriction check (order 0): a page that asks for a password
# or a login answers from that check, and this hook never runs for it.
@hooks.register("before_serve_page", order=1000)
def note_page_served_unrestricted(page, request, serve_args, serve_kwargs):
    """Tell ``blog.views.serve`` that the page itself answers (its response may be public)."""
    request.folio_page_serves = True
