"""Settings read on every request of a hot path, looked up once per process.

``getattr(settings, NAME, default)`` goes through Django's lazy settings object each time:
a beacon reads half a dozen settings, which cost the beacon collector a few per cent of
its CPU (analytics/collector.py). The values are kept until a setting changes: Django sends
``setting_changed`` whenever ``override_settings`` (and pytest-django's ``settings``
fixture) changes one, and settings change no other way in a running site.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@functools.cache
def setting(name, default=None):
    return getattr(settings, name, default)


@receiver(setting_changed)
def forget_settings(**kwargs):
    setting.cache_clear()
