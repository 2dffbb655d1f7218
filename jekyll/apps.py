from django.apps import AppConfig


class JekyllConfig(AppConfig):
    name = "jekyll"
    # The label of the app this one was before the Jekyll feature moved here ("imports"):
    # with it, its tables (imports_*), its migration history, its permission
    # (imports.run_jekyll_import) and its content types stay as they are, so a database made
    # before the move needs no migration and loses no row.
    label = "imports"
    verbose_name = "Jekyll imports"
    default_auto_field = "django.db.models.BigAutoField"
