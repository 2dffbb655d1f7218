"""API tokens depend on SECRET_KEY (issue #16): where tokens are made says so, and a
token the server does not know gets a 401 that says why it may be refused."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db


@pytest.fixture(name="editor")
def editor_fixture(db):
    return User.objects.create_superuser("token-maker", "maker@example.com", "x")


def test_a_token_made_with_another_secret_key_is_a_401_saying_why(client, settings, editor):
    _, plaintext = APIToken.create_token(user=editor, name="elsewhere")
    settings.SECRET_KEY = "another-server-key"
    response = client.post(
        "/api/v3/pages/",
        json.dumps({}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "SECRET_KEY" in detail
    assert plaintext not in response.content.decode()
    assert "another-server-key" not in response.content.decode()


def test_a_token_only_read_with_an_unknown_token_says_why(client):
    response = client.get("/api/v3/images/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert "SECRET_KEY" in response.json()["detail"]


def test_no_token_at_all_is_a_plain_401(client):
    response = client.post("/api/v3/pages/", json.dumps({}), content_type="application/json")
    assert response.status_code == 401
    assert "SECRET_KEY" not in response.json()["detail"]


def test_the_command_that_makes_tokens_says_they_depend_on_secret_key(capsys, editor):
    with pytest.raises(SystemExit):
        call_command("api_tokens", "create", "--help")
    assert "SECRET_KEY" in capsys.readouterr().out


def test_the_admin_screen_showing_a_new_token_says_it_depends_on_secret_key(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/api-tokens/new/", {"name": "script", "user": editor.pk}, follow=True
    )
    assert response.status_code == 200
    assert "SECRET_KEY" in response.content.decode()
