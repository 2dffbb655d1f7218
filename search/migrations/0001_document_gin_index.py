"""A GIN index on the vector Wagtail's PostgreSQL backend matches: ``title || body``.

Wagtail indexes the two columns separately but matches their concatenation, which
neither index serves, so every search read every row's body (search/ranking.py).
With this index a rare word is found through it, and the statistics PostgreSQL keeps
for an indexed expression tell the planner when a common word is better found by
walking posts newest first. Nothing on other databases.
"""

from django.db import migrations

INDEX = "folio_indexentry_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
