"""Keep Python's garbage collector off the objects a worker holds for good (issue #14).

A worker holds some 220,000 objects that live as long as it does: Django, Wagtail and
Folio's modules, templates, URL patterns, model metadata. Each full (oldest-generation)
collection walks all of them: with every cache off that was about 200 ms of CPU once
every ten API lists, a fifth of the list's average cost. After the worker's first request
(which imports and compiles what requests use) and again after its hundredth (by then the
rarer pages have been served too) they are moved out of the collector's sight with
``gc.freeze()``; objects made later are collected as before. Freezing keeps whatever
garbage exists at that moment, once: a few kilobytes.

It is done in gunicorn workers (``make serve``); ``FOLIO_GC_FREEZE=1`` does it in any
process that serves requests (bench/profile_pages.py measures in-process as a worker
runs), ``FOLIO_GC_FREEZE=0`` nowhere. Tests and management commands leave the collector
as it is.
"""

import gc
import os
import sys

from django.core.signals import request_finished

FREEZE_AFTER = (1, 100)  # the worker's requests after which to freeze
DISPATCH_UID = "folio-gc-freeze"

_served = 0


def freeze_after_warm_up(**kwargs):
    global _served
    _served += 1
    if _served in FREEZE_AFTER:
        gc.freeze()
    if _served >= FREEZE_AFTER[-1]:
        request_finished.disconnect(dispatch_uid=DISPATCH_UID)


def wanted():
    setting = os.environ.get("FOLIO_GC_FREEZE", "")
    if setting in ("0", "1"):
        return setting == "1"
    return "gunicorn" in sys.modules


def connect():
    if wanted():
        request_finished.connect(freeze_after_warm_up, dispatch_uid=DISPATCH_UID)
