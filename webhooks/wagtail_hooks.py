"""Admin: webhooks are managed by admins; the delivery log is read-only."""

from functools import partial

from django.contrib.auth import get_user_model
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Delivery, Webhook
from .views import SecretPanel, WebhookCreateView, regenerate_secret


class AdminsOnlyReadPolicy(ModelPermissionPolicy):
    """Deliveries are a log: superusers may read it, nobody may write to it."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Delivery, AdminsOnlyReadPolicy(Delivery))


class WebhookViewSet(ModelViewSet):
    model = Webhook
    name = "webhooks"
    url_prefix = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    list_display = ["name", "url", "is_active"]
    search_fields = ["name", "url"]
    add_view_class = WebhookCreateView
    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        MultiFieldPanel(
            [FieldPanel("on_published"), FieldPanel("on_unpublished"), FieldPanel("on_deleted")],
            heading="Send",
        ),
        SecretPanel(heading="Secret"),
        FieldPanel("is_active"),
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "secret/<int:pk>/",
                partial(regenerate_secret, permission_policy=self.permission_policy),
                name="regenerate_secret",
            ),
        ]


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    name = "webhook_deliveries"
    url_prefix = "webhooks/deliveries"
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    list_display = ["webhook", "event", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event", "webhook"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "webhook",
        "event",
        "status",
        "attempts",
        "response_status",
        "response_excerpt",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "payload",
    ]
    copy_view_enabled = False
    form_fields = []


class WebhooksGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    add_to_settings_menu = True
    items = (WebhookViewSet, DeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksGroup()
