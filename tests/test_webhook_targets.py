"""Where webhooks may go: public http(s) receivers only, no redirects followed, and only a
short excerpt of what a receiver answers is kept (issue #12, server-side request forgery)."""

import json

import pytest

from tests.webhook_helpers import (  # noqa: F401 - fixtures are used by name
    Receiver,
    allow_private_targets_fixture,
    fast_retries_fixture,
    publish_post,
    receiver_fixture,
    run_worker,
    runs_worker,
    webhook_fixture,
)
from webhooks import targets
from webhooks.models import Delivery, Webhook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_retries")]

NOT_PUBLIC = "only public addresses can receive webhooks"


def add_webhook(client, url):
    return client.post(
        "/admin/webhooks/new/",
        {"name": "Receiver", "url": url, "on_published": "on", "is_active": "on"},
    )


def test_an_ftp_url_is_refused_with_a_clear_message(admin_client):
    response = add_webhook(admin_client, "ftp://files.example.com/hook")
    assert response.status_code == 200
    assert "Only http:// and https:// URLs can receive webhooks." in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_url_with_a_user_name_and_password_is_refused(admin_client):
    response = add_webhook(admin_client, "https://user:pass@93.184.215.14/hook")
    assert "cannot carry a user name or password" in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost:8000/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:a00:5]/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://100.64.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",
        "http://224.0.0.1/hook",
        "http://[ff02::1]/hook",
        "http://240.0.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::]/hook",
        "http://[2002:7f00:1::1]/hook",
    ],
)
def test_a_private_target_is_refused_in_the_admin(admin_client, url):
    response = add_webhook(admin_client, url)
    assert response.status_code == 200
    assert NOT_PUBLIC in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url", ["http://2130706433/hook", "http://0x7f.0.0.1/hook", "http://0177.0.0.1/hook"]
)
def test_an_odd_spelling_of_an_ip_address_is_refused_in_the_admin(admin_client, url):
    response = add_webhook(admin_client, url)
    assert "Enter a valid URL." in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_private_target_is_accepted_when_the_setting_allows_it(
    admin_client, allow_private_targets
):
    assert add_webhook(admin_client, "http://127.0.0.1:8000/hook").status_code == 200
    assert Webhook.objects.get().url == "http://127.0.0.1:8000/hook"


@pytest.mark.parametrize(
    "url", ["https://93.184.215.14/hook", "http://[2606:4700:4700::1111]:8443/hook"]
)
def test_a_public_target_is_accepted(admin_client, url):
    assert add_webhook(admin_client, url).status_code == 200
    assert Webhook.objects.get().url == url


# Rows saved without the admin's checks (made before them, or by a script) are checked
# again when delivered: the receiver on 127.0.0.1 must never hear from them.
@runs_worker
@pytest.mark.parametrize(
    "spelling",
    ["127.0.0.1", "localhost", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "[::ffff:127.0.0.1]"],
)
def test_a_private_target_is_refused_when_delivering(
    blog_index, receiver, django_capture_on_commit_callbacks, spelling
):
    Webhook.objects.create(name="Internal", url=f"http://{spelling}:{receiver.port}/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 1
    assert NOT_PUBLIC in delivery.error


@runs_worker
@pytest.mark.parametrize("spelling", ["localhost", "2130706433", "0x7f.0.0.1"])
def test_other_spellings_of_an_allowed_address_are_delivered(
    blog_index, receiver, allow_private_targets, django_capture_on_commit_callbacks, spelling
):
    Webhook.objects.create(name="Local", url=f"http://{spelling}:{receiver.port}/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    assert len(receiver.requests) == 1
    assert receiver.requests[0]["headers"]["Host"] == f"{spelling}:{receiver.port}"
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


@runs_worker
def test_an_ftp_url_saved_without_the_admin_is_not_delivered(
    blog_index, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Files", url="ftp://127.0.0.1/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "Only http:// and https://" in delivery.error


@runs_worker
def test_delivery_connects_to_the_address_it_checked(
    blog_index, receiver, allow_private_targets, django_capture_on_commit_callbacks, monkeypatch
):
    """DNS rebinding: a name that answers differently on a second look-up must not get a
    second look-up. The resolver here answers 127.0.0.1 (where the receiver listens) the
    first time and 127.0.0.2 (where nothing does) after that, as a rebinding server would."""
    answers = ["127.0.0.1", "127.0.0.2"]

    def rebinding_resolver(host, port, *args, **kwargs):
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        return targets.resolve_with_the_system(address, port, *args, **kwargs)

    monkeypatch.setattr(targets, "resolve", rebinding_resolver)
    Webhook.objects.create(name="Rebinding", url=f"http://rebinding.test:{receiver.port}/hook")
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    assert len(receiver.requests) == 1
    assert receiver.requests[0]["headers"]["Host"] == f"rebinding.test:{receiver.port}"
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


@runs_worker
def test_redirects_are_not_followed(
    blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    elsewhere = Receiver()
    try:
        receiver.responses = [(302, b"", {"Location": elsewhere.url})]
        publish_post(blog_index, django_capture_on_commit_callbacks)
        run_worker()
        assert elsewhere.requests == []
    finally:
        elsewhere.close()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.response_status == 302
    assert "redirect" in delivery.error


@runs_worker
def test_only_a_short_excerpt_of_the_response_is_kept(
    admin_client, blog_index, webhook, receiver, django_capture_on_commit_callbacks
):
    body = b"Receiver says hello. " + b"x" * 800 + b"INTERNAL-TAIL " * 100
    receiver.responses = [(200, body, {"X-Internal-Token": "header-secret"})]
    publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.response_status == 200
    assert delivery.response_excerpt.startswith("Receiver says hello.")
    assert len(delivery.response_excerpt) <= 200
    page = admin_client.get(f"/admin/webhooks/deliveries/inspect/{delivery.pk}/").content.decode()
    assert "Receiver says hello." in page
    assert "INTERNAL-TAIL" not in page
    assert "header-secret" not in page


@runs_worker
def test_the_query_string_of_the_url_is_kept(
    blog_index, receiver, allow_private_targets, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Token in URL", url=f"{receiver.url}?token=abc&site=1")
    post = publish_post(blog_index, django_capture_on_commit_callbacks)
    run_worker()
    request = receiver.requests[0]
    assert request["method"] == "POST"
    assert request["path"] == "/hook?token=abc&site=1"
    assert json.loads(request["body"])["id"] == post.pk
