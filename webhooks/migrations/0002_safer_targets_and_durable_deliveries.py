import webhooks.models
from django.db import migrations, models


def keep_only_an_excerpt(apps, schema_editor):
    """Responses stored in full before are cut to the excerpt kept from now on."""
    Delivery = apps.get_model("webhooks", "Delivery")
    for delivery in Delivery.objects.exclude(response_body="").only("response_body").iterator():
        excerpt = " ".join(delivery.response_body.split())[:200]
        Delivery.objects.filter(pk=delivery.pk).update(response_body=excerpt)


class Migration(migrations.Migration):

    dependencies = [
        ("webhooks", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_only_an_excerpt, migrations.RunPython.noop),
        migrations.RenameField(
            model_name="delivery",
            old_name="response_body",
            new_name="response_excerpt",
        ),
        migrations.AlterField(
            model_name="delivery",
            name="response_excerpt",
            field=models.CharField(blank=True, max_length=200, verbose_name="response (first characters)"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="task_id",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="webhook",
            name="secret",
            field=models.CharField(default=webhooks.models.new_secret, editable=False, help_text="Shared secret for the X-Folio-Signature header (HMAC-SHA256).", max_length=128),
        ),
        migrations.AlterField(
            model_name="webhook",
            name="url",
            field=models.URLField(help_text="A public http(s) address; receives a POST with a JSON body.", max_length=500, validators=[webhooks.models.validate_webhook_url]),
        ),
    ]
