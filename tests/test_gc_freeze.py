"""A worker moves what it holds for good out of the garbage collector's sight after its
first request (ops/gc_freeze.py, issue #14): in gunicorn, or wherever FOLIO_GC_FREEZE=1."""

import gc

import pytest
from django.core.signals import request_finished

from ops import gc_freeze


@pytest.fixture(name="fresh_worker")
def fresh_worker_fixture(monkeypatch):
    """As in a worker that has served nothing yet; the collector as it was afterwards."""
    request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)
    monkeypatch.setattr(gc_freeze, "_served", 0)
    gc.unfreeze()
    yield
    gc.unfreeze()
    request_finished.disconnect(dispatch_uid=gc_freeze.DISPATCH_UID)


def test_objects_alive_after_the_first_request_are_frozen(client, fresh_worker, monkeypatch):
    monkeypatch.setenv("FOLIO_GC_FREEZE", "1")
    gc_freeze.connect()
    assert gc.get_freeze_count() == 0
    client.get("/healthz")
    assert gc.get_freeze_count() > 0


def test_folio_gc_freeze_0_leaves_the_collector_alone(client, fresh_worker, monkeypatch):
    monkeypatch.setenv("FOLIO_GC_FREEZE", "0")
    gc_freeze.connect()
    client.get("/healthz")
    assert gc.get_freeze_count() == 0


def test_outside_gunicorn_the_collector_is_left_alone(client, fresh_worker, monkeypatch):
    monkeypatch.delenv("FOLIO_GC_FREEZE", raising=False)
    gc_freeze.connect()
    client.get("/healthz")
    assert gc.get_freeze_count() == 0
