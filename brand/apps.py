from django.apps import AppConfig


class BrandConfig(AppConfig):
    """The site's brand: name, logos, colour, header and footer, social profiles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "brand"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
