"""The accent colour as a stylesheet.

The Content-Security-Policy allows styles from the site's own files only (no inline
``<style>`` or ``style=""``), so the brand's colour reaches the page as a small stylesheet
whose URL carries the colour: its content is a pure function of the URL, answered without
a database query and cached by browsers and CDNs for a year.
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control

from .colours import accent_shades, validate_accent_colour

YEAR_SECONDS = 365 * 24 * 3600


def accent_css(request, colour):
    value = f"#{colour}"
    try:
        validate_accent_colour(value)
    except Exception as error:  # noqa: BLE001 - a ValidationError: say why, as a 400
        return HttpResponseBadRequest(" ".join(error.messages), content_type="text/plain")
    shades = accent_shades(value)
    rules = "".join(f"--{name}:{shade};" for name, shade in shades.items())
    response = HttpResponse(f":root{{{rules}}}\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=YEAR_SECONDS, immutable=True)
    return response
