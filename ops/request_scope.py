"""The request being answered, for code it is not handed to, and work left for after the view.

Some code that prints absolute URLs is called without the request: Wagtail's API v3 binds
``APIField`` serializers without a context, and blocks build their API representation of
an image without passing theirs on. They ask ``current_request()`` for the Site to take the
address from. And a reader's request that finds renditions missing asks the worker for all
of them in one task once the view is done (``after_view``), not one task per image.

A context variable rather than a thread-local: it is reset whichever way the view ends
and stays right under ASGI too.
"""

import logging
from contextvars import ContextVar

logger = logging.getLogger("folio.requests")

_current = ContextVar("folio_current_request", default=None)


def current_request():
    """The request this code runs for, or ``None`` (a command, the worker, a test)."""
    return _current.get()


def after_view(callback):
    """Run ``callback()`` once when the current request's view is done; ``False`` when
    there is no current request (the caller then does the work itself)."""
    request = current_request()
    callbacks = getattr(request, "_folio_after_view", None)
    if callbacks is None:
        return False
    if callback not in callbacks:
        callbacks.append(callback)
    return True


class RequestScopeMiddleware:
    """Makes the request known to ``current_request()`` while the view runs, then runs
    what was left for after the view (``after_view``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._folio_after_view = []
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
            for callback in request._folio_after_view:
                try:
                    callback()
                except Exception:  # noqa: BLE001 - after-view work never fails the answer
                    logger.warning("Work after the view failed", exc_info=True)
