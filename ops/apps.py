from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Folio: database outages, storage failures, backups, index followers, renditions."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import gc_freeze, index_followers, rendition_signals

        index_followers.connect()
        rendition_signals.connect()
        gc_freeze.connect()
