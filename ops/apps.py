from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Folio: database outages, storage failures, backups, index followers."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import index_followers

        index_followers.connect()
