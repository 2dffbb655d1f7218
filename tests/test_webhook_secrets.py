"""A webhook's secret is shown once, when it is made (or made again), and masked after that
(issue #12): whoever opens the admin later cannot read it back."""

import pytest
from django.contrib.auth.models import Group, User

from webhooks.models import Webhook

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hook"


def create_webhook(client, **fields):
    data = {"name": "Partner site", "url": PUBLIC_URL, "on_published": "on", "is_active": "on"}
    return client.post("/admin/webhooks/new/", {**data, **fields})


@pytest.fixture
def existing_webhook():
    """Made before secrets were masked: its secret was chosen by hand and is kept."""
    return Webhook.objects.create(name="Old site", url=PUBLIC_URL, secret="chosen-by-hand-1234")


def test_the_secret_is_shown_once_when_the_webhook_is_created(admin_client):
    response = create_webhook(admin_client)
    hook = Webhook.objects.get()
    assert response.status_code == 200
    assert hook.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert hook.secret not in admin_client.get(f"/admin/webhooks/edit/{hook.pk}/").content.decode()


def test_the_secret_is_made_by_folio_not_typed_in_the_form(admin_client):
    create_webhook(admin_client, secret="typed-in")
    secret = Webhook.objects.get().secret
    assert secret != "typed-in"
    assert len(secret) >= 40


def test_the_edit_page_shows_the_secret_masked(admin_client, existing_webhook):
    page = admin_client.get(f"/admin/webhooks/edit/{existing_webhook.pk}/").content.decode()
    assert "chosen-by-hand-1234" not in page
    assert "••••••••1234" in page
    assert f"/admin/webhooks/secret/{existing_webhook.pk}/" in page


def test_saving_the_edit_form_keeps_the_secret(admin_client, existing_webhook):
    response = admin_client.post(
        f"/admin/webhooks/edit/{existing_webhook.pk}/",
        {"name": "Renamed", "url": PUBLIC_URL, "secret": "typed-in", "is_active": "on"},
    )
    assert response.status_code == 302
    existing_webhook.refresh_from_db()
    assert existing_webhook.name == "Renamed"
    assert existing_webhook.secret == "chosen-by-hand-1234"


def test_regenerating_asks_first_and_changes_nothing_until_confirmed(
    admin_client, existing_webhook
):
    page = admin_client.get(f"/admin/webhooks/secret/{existing_webhook.pk}/")
    assert page.status_code == 200
    assert "Receivers will reject events" in page.content.decode()
    existing_webhook.refresh_from_db()
    assert existing_webhook.secret == "chosen-by-hand-1234"


def test_regenerating_the_secret_shows_the_new_one_once(admin_client, existing_webhook):
    response = admin_client.post(f"/admin/webhooks/secret/{existing_webhook.pk}/")
    existing_webhook.refresh_from_db()
    assert response.status_code == 200
    assert existing_webhook.secret != "chosen-by-hand-1234"
    assert existing_webhook.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    edit_page = admin_client.get(f"/admin/webhooks/edit/{existing_webhook.pk}/").content.decode()
    assert existing_webhook.secret not in edit_page


def test_editors_cannot_regenerate_a_secret(client, existing_webhook):
    editor = User.objects.create_user("ed", password="pw")
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    client.force_login(editor)
    response = client.post(f"/admin/webhooks/secret/{existing_webhook.pk}/")
    assert response.status_code in (302, 403)
    existing_webhook.refresh_from_db()
    assert existing_webhook.secret == "chosen-by-hand-1234"


def test_the_webhook_list_never_shows_secrets(admin_client, existing_webhook):
    assert "chosen-by-hand-1234" not in admin_client.get("/admin/webhooks/").content.decode()
