"""Admin views for webhooks: the secret is shown once, when made, and masked after that."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import Panel
from wagtail.admin.views import generic

from .models import Webhook


def secret_shown_once(request, webhook, heading):
    """The one page that shows a secret: not cached anywhere, never shown again."""
    response = TemplateResponse(
        request,
        "webhooks/secret_shown_once.html",
        {
            "page_title": heading,
            "header_icon": "key",
            "webhook": webhook,
            "secret": webhook.secret,
            "index_url": reverse("webhooks:index"),
            "edit_url": reverse("webhooks:edit", args=[webhook.pk]),
        },
    )
    add_never_cache_headers(response)
    return response


class SecretPanel(Panel):
    """The secret, masked, with the way to make a new one (on the edit form only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "webhooks/panels/secret.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["masked_secret"] = self.instance.masked_secret
            context["regenerate_url"] = reverse(
                "webhooks:regenerate_secret", args=[self.instance.pk]
            )
            return context


class WebhookCreateView(generic.CreateView):
    def save_action(self):
        if self.expects_json_response:
            return super().save_action()
        return secret_shown_once(self.request, self.object, "Webhook added: copy its secret")


def regenerate_secret(request, pk, permission_policy):
    """GET asks first (receivers reject events until they have the new secret); POST makes
    the new secret and shows it, once."""
    if not permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    webhook = get_object_or_404(Webhook, pk=pk)
    if request.method == "POST":
        webhook.regenerate_secret()
        return secret_shown_once(request, webhook, "New secret: copy it now")
    return TemplateResponse(
        request,
        "webhooks/regenerate_secret.html",
        {
            "page_title": f"Regenerate the secret of {webhook}",
            "header_icon": "key",
            "webhook": webhook,
            "edit_url": reverse("webhooks:edit", args=[webhook.pk]),
        },
    )
