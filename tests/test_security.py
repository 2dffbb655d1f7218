"""Security settings and defences: deploy checks, HTTPS, cookies, headers, CSP, login throttling."""

import importlib
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from folio.settings import base as base_settings
from ops.csp import DEFAULT_POLICY, build_policy
from tests.factories import BlogPageFactory
from tests.page_fixtures import publish

REPO = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "blog.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://blog.example.com",
}
# What production sets that the test settings leave at Django's defaults.
PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def production(monkeypatch):
    """The production settings module, imported with the environment the README documents."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.delenv("SECURE_HSTS_PRELOAD", raising=False)
    monkeypatch.delenv("FOLIO_HTTPS", raising=False)
    # base.py read the environment when the test settings imported it.
    monkeypatch.setattr(base_settings, "SECRET_KEY", PRODUCTION_ENV["SECRET_KEY"])
    sys.modules.pop("folio.settings.production", None)
    module = importlib.import_module("folio.settings.production")
    yield module
    sys.modules.pop("folio.settings.production", None)


@pytest.fixture
def production_security(settings, production):
    """The test settings with production's security settings applied."""
    for name in PRODUCTION_SECURITY_SETTINGS:
        setattr(settings, name, getattr(production, name))
    return settings


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# --- Deploy checks and production settings ---------------------------------------------


def test_deploy_check_reports_nothing_for_production():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(PRODUCTION_ENV)
    env.pop("SECURE_HSTS_PRELOAD", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
        + ["--settings=folio.settings.production"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(base_settings, "SECRET_KEY", "")
    sys.modules.pop("folio.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("folio.settings.production")
    sys.modules.pop("folio.settings.production", None)


def test_production_cookies_are_secure_httponly_and_same_site(production):
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.CSRF_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SAMESITE == "Lax"


def test_production_trusts_https_only_from_the_proxy_header(production):
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 31536000


def test_folio_https_0_serves_plain_http_with_cookies_a_browser_sends_back(monkeypatch):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FOLIO_HTTPS", "0")
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.setattr(base_settings, "SECRET_KEY", PRODUCTION_ENV["SECRET_KEY"])
    sys.modules.pop("folio.settings.production", None)
    try:
        plain = importlib.import_module("folio.settings.production")
    finally:
        sys.modules.pop("folio.settings.production", None)
    assert plain.SECURE_SSL_REDIRECT is False
    assert plain.SECURE_HSTS_SECONDS == 0
    assert plain.SESSION_COOKIE_SECURE is False
    assert plain.CSRF_COOKIE_SECURE is False
    assert plain.SESSION_COOKIE_HTTPONLY is True


def test_plain_http_is_redirected_to_https(client, production_security):
    response = client.get("/healthz", HTTP_HOST="blog.example.com")
    assert response.status_code == 301
    assert response["Location"] == "https://blog.example.com/healthz"


@pytest.mark.django_db
def test_https_responses_carry_the_security_headers(client, production_security, blog_index):
    response = client.get("/blog/", **HTTPS)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_session_and_csrf_cookies_are_secure(client, production_security):
    User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    client.get("/admin/login/", **HTTPS)
    response = client.post(
        "/admin/login/", {"username": "boss", "password": "a-long-password-1"}, **HTTPS
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_admin_preview_may_be_framed_by_the_admin(client, production_security, blog_index):
    """Wagtail's preview panel frames the preview from the same origin: SAMEORIGIN, not DENY."""
    post = publish(BlogPageFactory(parent=blog_index))
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw"))
    response = client.get(f"/admin/pages/{post.pk}/edit/preview/", **HTTPS)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Security-Policy" not in response


# --- Content-Security-Policy -----------------------------------------------------------


@pytest.fixture
def post(blog_index):
    return publish(BlogPageFactory(parent=blog_index, title="Policy post", slug="policy-post"))


PUBLIC_PAGES = ["/", "/blog/", "/blog/policy-post/", "/search/?q=policy", "/blog/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_a_content_security_policy(client, post, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_need_no_inline_script(client, post, path):
    """Under the policy only the JSON-LD data block may be an inline <script>: browsers
    do not execute application/ld+json, so script-src does not apply to it."""
    page = BeautifulSoup(client.get(path).content, "html.parser")
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert all(s.get("type") == "application/ld+json" for s in inline), inline
    handlers = [
        (tag.name, attr)
        for tag in page.find_all(True)
        for attr in tag.attrs
        if attr.startswith("on")
    ]
    assert handlers == []
    assert not page.find_all(style=True), "inline style attributes break style-src 'self'"
    assert not page.find_all("style"), "inline <style> breaks style-src 'self'"


@pytest.mark.django_db
def test_post_keeps_its_json_ld_data_block(client, post):
    page = BeautifulSoup(client.get("/blog/policy-post/").content, "html.parser")
    assert page.find("script", type="application/ld+json") is not None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/v2/pages/"])
def test_admin_and_api_are_left_without_the_policy(client, blog_index, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_static_files_are_left_without_the_policy(client, blog_index):
    response = client.get("/static/css/folio.css")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_cached_copies_carry_the_policy_too(client, settings, post):
    settings.FOLIO_PAGE_CACHE = True
    cache.clear()
    # The first request creates the site's blog settings, which retires cached copies.
    client.get("/")
    first = client.get("/")
    second = client.get("/")
    assert second["X-Folio-Cache"] == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_policy_comes_from_settings(client, settings, post):
    settings.FOLIO_CSP = {**DEFAULT_POLICY, "img-src": ["'self'", "https://cdn.example.com"]}
    response = client.get("/blog/policy-post/")
    assert parse_csp(response["Content-Security-Policy"])["img-src"] == [
        "'self'",
        "https://cdn.example.com",
    ]


def test_build_policy_writes_bare_directives_and_drops_none():
    policy = {"default-src": ["'self'"], "upgrade-insecure-requests": [], "frame-src": None}
    assert build_policy(policy) == "default-src 'self'; upgrade-insecure-requests"


# --- Admin login throttling (django-axes) ----------------------------------------------

PASSWORD = "correct-horse-battery"


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.com", PASSWORD)


def log_in(client, password, username="admin", ip="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_right_password_logs_in(client, admin_user):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_failed_logins_below_the_limit_do_not_lock_out(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302


def test_sixth_login_is_refused_after_five_failures_even_with_the_right_password(
    client, admin_user, settings, caplog
):
    assert settings.AXES_FAILURE_LIMIT == 5
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            log_in(client, "wrong")
        response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page
    assert any("login failure" in record.getMessage() for record in caplog.records)


def test_lockout_is_per_username_and_address(client, admin_user):
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(client, PASSWORD).status_code == 429
    # The same user from another address is not locked out by someone else's guessing.
    assert log_in(client, PASSWORD, ip="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_rich_text_saved_outside_the_editor_is_cleaned_on_pages(client, blog_index):
    from tests.factories import BlogPageFactory, CallToActionFactory, CategoryFactory

    category = CategoryFactory(name="Evil", description='<p onclick="alert(1)">desc</p>')
    cta = CallToActionFactory(
        text='<p><a href="javascript:alert(2)" onmouseover="x()">t</a></p>',
        url="javascript:alert(3)",
    )
    post = BlogPageFactory(
        parent=blog_index,
        categories=[category],
        body=[
            ("paragraph", '<p>Hi<img src=x onerror="alert(4)"><script>alert(5)</script></p>'),
            ("notice", {"style": "info", "text": '<p onclick="alert(6)">n</p>'}),
            ("call_to_action", {"snippet": cta, "audience": "guests"}),
        ],
    )
    for url in (post.url, f"/blog/category/{category.slug}/"):
        html = client.get(url).content.decode().lower()
        for payload in ("onclick", "onerror", "onmouseover", "javascript:", "<script>alert"):
            assert payload not in html, (url, payload)


# --- behind a proxy: the lockout keys on the real client ------------------------------

PROXY = "10.0.0.2"  # the load balancer's address: every request comes from it


def log_in_through_proxy(client, password, client_ip, spoofed=""):
    """A login as the proxy passes it on: the client's own X-Forwarded-For (anything it
    likes) with the address the proxy saw appended."""
    forwarded = f"{spoofed}, {client_ip}" if spoofed else client_ip
    return client.post(
        "/admin/login/",
        {"username": "admin", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_an_attacker_behind_the_proxy_cannot_lock_the_editor_out(client, admin_user, settings):
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    for attempt in range(10):
        log_in_through_proxy(client, "wrong", "198.51.100.66", spoofed=f"192.0.2.{attempt}")
    editor = Client()
    assert log_in_through_proxy(editor, PASSWORD, "203.0.113.7").status_code == 302


def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(client, admin_user, settings):
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        log_in_through_proxy(client, "wrong", "198.51.100.66", spoofed=f"192.0.2.{attempt}")
    locked = log_in_through_proxy(client, PASSWORD, "198.51.100.66", spoofed="192.0.2.200")
    assert locked.status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, admin_user, settings):
    settings.FOLIO_TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    assert log_in(client, PASSWORD, ip="198.51.100.66").status_code == 429


def test_a_request_that_skipped_the_proxy_is_judged_by_its_own_address(
    client, admin_user, settings
):
    settings.FOLIO_TRUSTED_PROXY_COUNT = 2
    for attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",  # one entry where two proxies add two
        )
    assert log_in(client, PASSWORD, ip="198.51.100.66").status_code == 429
