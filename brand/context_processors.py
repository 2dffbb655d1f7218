from django.utils.functional import SimpleLazyObject

from .identity import brand_for_request


def brand(request):
    """``brand`` in every template, worked out only when a template reads it."""
    return {"brand": SimpleLazyObject(lambda: brand_for_request(request))}
