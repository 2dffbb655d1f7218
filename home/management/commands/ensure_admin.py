import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists. Username from FOLIO_ADMIN_USERNAME (default "
        "'admin'), password from FOLIO_ADMIN_PASSWORD, else generated and printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            names = ", ".join(
                User.objects.filter(is_superuser=True).values_list("username", flat=True)
            )
            self.stdout.write(f"Admin user already exists ({names}); nothing changed.")
            return
        username = os.environ.get("FOLIO_ADMIN_USERNAME", "admin")
        password = os.environ.get("FOLIO_ADMIN_PASSWORD")
        if password:
            how = "taken from FOLIO_ADMIN_PASSWORD"
        else:
            password = secrets.token_urlsafe(12)
            how = f"generated: {password}  (shown only now; set FOLIO_ADMIN_PASSWORD to choose it)"
        email = os.environ.get("FOLIO_ADMIN_EMAIL", "admin@example.com")
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created admin user '{username}'; password {how}."))
