"""Who is reading: a *member* of the product, or a *guest*.

The source blog hid sign-up banners from people already using the product. A visitor
is a member when logged in to Django or when carrying the product's session-marker
cookie (``FOLIO_MEMBER_COOKIE``). Only the audience (never the cookie's value) may be
used to key cached copies.
"""

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    GUESTS = "guests", "Guests only (not signed in to the product)"
    MEMBERS = "members", "Members only (signed in to the product)"


GUEST = "guest"
MEMBER = "member"
VISITOR_AUDIENCES = (GUEST, MEMBER)


# Set on an editor's preview request by the "Guest" and "Member" preview modes.
PREVIEW_AUDIENCE_ATTRIBUTE = "folio_preview_audience"


def preview_as(request, audience):
    """Make ``request`` (an editor's preview, logged in) count as ``audience``."""
    setattr(request, PREVIEW_AUDIENCE_ATTRIBUTE, audience)


def visitor_audience(request):
    """Return ``"member"`` or ``"guest"`` for an HTTP request."""
    if request is None:
        return GUEST
    previewed = getattr(request, PREVIEW_AUDIENCE_ATTRIBUTE, None)
    if previewed in VISITOR_AUDIENCES:
        return previewed
    if request.COOKIES.get(settings.FOLIO_MEMBER_COOKIE):
        return MEMBER
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return MEMBER
    return GUEST


def is_shown_to(block_audience, visitor):
    """Whether a block meant for ``block_audience`` is shown to a ``visitor`` audience."""
    if not block_audience or block_audience == Audience.EVERYONE:
        return True
    if block_audience == Audience.GUESTS:
        return visitor == GUEST
    if block_audience == Audience.MEMBERS:
        return visitor == MEMBER
    return True
