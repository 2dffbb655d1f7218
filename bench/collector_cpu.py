"""The beacon collector's CPU per beacon, alone on the machine, beside the null receiver's.

    .venv/bin/python bench/collector_cpu.py [--rate 500] [--seconds 10] [--rounds 3]

Not a test and not part of `make bench`: a quick probe for work on the collector. It
builds (or reuses) analytics_bench.py's blog, starts ``manage.py run_beacon_collector``
and bench/null_receiver.py in turn, sends each ``--rate`` beacons a second with wrk
(bench/paced.lua, as analytics_bench.py does) and reads the receiver's CPU time from
/proc: milliseconds of CPU per beacon, collector and null, in alternated rounds. The
difference is the collector's own work (checking and counting); the null receiver's share
is HTTP and the kernel's, which every receiver pays.
"""

import argparse
import statistics
import sys
from pathlib import Path

from analytics_bench import CollectorProcess, free_port, paced
from folio_site import build_blog, newest_post
from servers import database_url, folio_environment


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--receivers", default="collector,null")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = database_url("sqlite", workdir, "folio-analytics-bench-50")
    media = workdir / "media"
    build_blog(db_url, media, 50, reuse=True)
    post_id, _, _ = newest_post(db_url)
    env = folio_environment(db_url, media, cache=True)
    env.update(
        FOLIO_TRUSTED_PROXY_COUNT="1",
        FOLIO_ANALYTICS_BUFFER_DIR=str(workdir / "analytics-local"),
    )
    figures = {receiver: [] for receiver in args.receivers.split(",")}
    for _ in range(args.rounds):
        for receiver in figures:
            process = CollectorProcess(env, free_port(), null=receiver == "null")
            try:
                # Warm: the first beacons look the page up.
                paced(
                    process.base + "/analytics/beacon", "beacons", 50, 1,
                    connections=4, page_id=post_id,
                )()  # fmt: skip
                before = process.cpu_seconds()
                sent = paced(
                    process.base + "/analytics/beacon", "beacons", args.rate, args.seconds,
                    connections=args.connections, page_id=post_id,
                )()  # fmt: skip
                used = process.cpu_seconds() - before
            finally:
                process.stop()
            ms = used * 1000 / sent["requests"]
            figures[receiver].append(ms)
            print(f"{receiver}: {sent['requests']} beacons, {ms:.3f} ms CPU each, "
                  f"statuses {sent['statuses']}", flush=True)  # fmt: skip
    for receiver, values in figures.items():
        print(f"{receiver}: median {statistics.median(values):.3f} ms per beacon {values}")
    if len(figures) == 2:
        own = statistics.median(figures["collector"]) - statistics.median(figures["null"])
        print(f"the collector's own work: {own:.3f} ms per beacon")


if __name__ == "__main__":
    sys.exit(main())
