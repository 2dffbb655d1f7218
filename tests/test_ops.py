"""Operational endpoints and settings wiring."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def settings_value(module, name, **env):
    """Read a setting the way a fresh process would, with only the given environment."""
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=REPO,
        env=clean_env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("folio.settings.production", "DEBUG")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_database_url_selects_postgresql():
    result = settings_value(
        "folio.settings.dev",
        "DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_is_the_default_database():
    result = settings_value("folio.settings.dev", "DATABASES['default']['ENGINE']")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_redis_url_selects_the_redis_cache():
    result = settings_value(
        "folio.settings.dev", "CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


@pytest.mark.parametrize(
    "variable, setting, value, expected",
    [
        (
            "ALLOWED_HOSTS",
            "ALLOWED_HOSTS",
            "blog.example.com,www.example.com",
            "['blog.example.com', 'www.example.com']",
        ),
        ("FOLIO_MEMBER_COOKIE", "FOLIO_MEMBER_COOKIE", "quire_session", "quire_session"),
        (
            "WAGTAILADMIN_BASE_URL",
            "WAGTAILADMIN_BASE_URL",
            "https://blog.example.com",
            "https://blog.example.com",
        ),
    ],
)
def test_settings_come_from_the_environment(variable, setting, value, expected):
    result = settings_value("folio.settings.dev", setting, **{variable: value})
    assert result.stdout.strip() == expected
