"""Outgoing webhooks: external sites hear about published, unpublished and deleted posts."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.search import index

from . import targets


class Event(models.TextChoices):
    PUBLISHED = "page.published", "Post published"
    UNPUBLISHED = "page.unpublished", "Post unpublished"
    DELETED = "page.deleted", "Post deleted"


def new_secret():
    return secrets.token_urlsafe(32)


def validate_webhook_url(url):
    problem = targets.url_problem(url)
    if problem:
        raise ValidationError(problem, code="webhook_target")


class Webhook(index.Indexed, models.Model):
    name = models.CharField(max_length=255, help_text="Who receives it, e.g. 'Marketing site'.")
    url = models.URLField(
        max_length=500,
        validators=[validate_webhook_url],
        help_text="A public http(s) address; receives a POST with a JSON body.",
    )
    # Made by Folio, shown to the admin once (when made) and masked after that.
    secret = models.CharField(
        max_length=128,
        default=new_secret,
        editable=False,
        help_text="Shared secret for the X-Folio-Signature header (HMAC-SHA256).",
    )
    on_published = models.BooleanField("when a post is published", default=True)
    on_unpublished = models.BooleanField("when a post is unpublished", default=True)
    on_deleted = models.BooleanField("when a post is deleted", default=True)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def masked_secret(self):
        return "••••••••" + self.secret[-4:]

    def regenerate_secret(self):
        self.secret = new_secret()
        self.save(update_fields=["secret"])

    def wants(self, event):
        return {
            Event.PUBLISHED: self.on_published,
            Event.UNPUBLISHED: self.on_unpublished,
            Event.DELETED: self.on_deleted,
        }[event]


EXCERPT_LENGTH = 200


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # Never a receiver's whole answer (it could be an internal service's): enough to see
    # what went wrong.
    response_excerpt = models.CharField(
        "response (first characters)", max_length=EXCERPT_LENGTH, blank=True
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The queued task that is to make the next attempt: only that one sends, so a task
    # queued again for a delivery thought lost cannot send it twice (recovery.py).
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.get_event_display()} → {self.webhook} ({self.get_status_display()})"
