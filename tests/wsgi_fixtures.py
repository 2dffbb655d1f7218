"""Fixtures for tests that call the real WSGI application (folio/wsgi.py) as gunicorn does.

Import them into a test module (``from tests.wsgi_fixtures import connections_kept_fixture, django_requests_fixture``).
"""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture(name="connections_kept", autouse=True)
def connections_kept_fixture():
    """Keep the test's transaction open across requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(name="django_requests")
def django_requests_fixture():
    """How many requests entered Django's handler."""
    seen = []

    def count(**kwargs):
        seen.append(1)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)
