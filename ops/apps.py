from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Folio: database outages, storage failures, backups."""

    name = "ops"
    verbose_name = "Operations"
