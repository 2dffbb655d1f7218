from django import template

from ..reports import percent as format_percent

register = template.Library()


@register.filter
def percent(value):
    """0.125 → "12.5%"; a dash when there was nothing to divide."""
    return format_percent(value)
