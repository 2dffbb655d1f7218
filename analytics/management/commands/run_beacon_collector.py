"""``manage.py run_beacon_collector``: answer the page script's beacons in a process of
their own, for a fraction of a gunicorn worker's cost (analytics/collector.py). The site's
proxy sends ``POST /analytics/beacon`` here; everything else stays with gunicorn.

It lowers its own CPU priority first (``--nice``, 10 by default): on a machine whose
cores are busy serving pages, the kernel runs the pages' processes (gunicorn, Redis)
before it. A beacon is sent by a browser that does not wait for the answer, so a beacon
answered a few milliseconds later costs nobody anything, while a page waits for every
millisecond; at 10 the collector still gets about a tenth of a busy core, more than
500 beacons a second take (bench/results/analytics.md).
"""

import os

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
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="How much to lower its CPU priority, 0-19 (default 10: pages come first "
            "when the cores are busy; 0 keeps the priority it was started with).",
        )

    def handle(self, *args, bind, nice, **options):
        host, _, port = bind.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--bind must be HOST:PORT, not {bind!r}.")
        if not 0 <= nice <= 19:
            raise CommandError(f"--nice must be from 0 to 19, not {nice}.")
        if nice:
            os.nice(nice)
        self.stdout.write(f"Beacon collector listening on {bind} (nice {os.nice(0)})")
        self.stdout.flush()
        run(host.strip("[]"), int(port))
