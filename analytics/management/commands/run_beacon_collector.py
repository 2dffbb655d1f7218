"""``manage.py run_beacon_collector``: answer the page script's beacons in a process of
their own, for a fraction of a gunicorn worker's cost (analytics/collector.py). The site's
proxy sends ``POST /analytics/beacon`` here; everything else stays with gunicorn."""

from django.core.management.base import BaseCommand, CommandError

from analytics.collector_server import run


class Command(BaseCommand):
    help = "Answer analytics beacons in a lightweight server of their own (the proxy sends them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8001",
            help="HOST:PORT to listen on (default 127.0.0.1:8001; the proxy forwards to it).",
        )

    def handle(self, *args, bind, **options):
        host, _, port = bind.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--bind must be HOST:PORT, not {bind!r}.")
        self.stdout.write(f"Beacon collector listening on {bind}")
        self.stdout.flush()
        run(host.strip("[]"), int(port))
