"""Wagtail's ``api_tokens`` command, saying what the tokens it makes depend on."""

from wagtail.management.commands.api_tokens import Command as WagtailCommand

SECRET_KEY_NOTE = (
    "Tokens are stored as a digest made with this server's SECRET_KEY: they work only "
    "on a server with the same SECRET_KEY (or with it in SECRET_KEY_FALLBACKS while a "
    "key is rotated). Make tokens on the server that will check them."
)


class Command(WagtailCommand):
    help = f"Manage Wagtail API tokens. {SECRET_KEY_NOTE}"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._subparsers._group_actions:
            create = action.choices.get("create")
            if create is not None:
                create.description = f"Create a new API token. {SECRET_KEY_NOTE}"

    def create(self, *args, **options):
        super().create(*args, **options)
        if not options.get("json_output"):
            self.stderr.write(SECRET_KEY_NOTE)
