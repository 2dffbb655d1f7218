"""Server CPU time per request: Folio's uncached pages beside the stock Wagtail reference.

req/s from wrk depends on everything else the machine is doing (other processes take
the same two cores, and the load generator runs there too). The CPU time the gunicorn
workers spend per request hardly does: it is read from /proc before and after N
sequential requests to one URL, so the figure holds on a busy machine, and the
throughput a CPU-bound server can reach follows from it (cores x 1000 / CPU ms).

Uses the blogs `bench/run.py` built (same --workdir and --name-suffix), building them
when missing:

    .venv/bin/python bench/cpu_per_request.py --databases sqlite,postgres --requests 200
"""

import argparse
import os
import sys
import time
import urllib.request
from pathlib import Path

from folio_site import build_blog, discover_urls
from reference_site import ReferenceSite, reference_environment
from servers import Server, database_url, folio_environment

URLS = ("post page", "blog index", "tag page", "API detail")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def worker_cpu_seconds(server):
    """User + system CPU of the gunicorn master's children (the workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.process.pid:  # fields[1] is the parent pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS_PER_SECOND


def cpu_ms_per_request(server, path, requests):
    for _ in range(5):  # warm both workers: templates, renditions, connections
        urllib.request.urlopen(server.base + path, timeout=60).read()
    before, started = worker_cpu_seconds(server), time.monotonic()
    for _ in range(requests):
        urllib.request.urlopen(server.base + path, timeout=60).read()
    elapsed = time.monotonic() - started
    return (worker_cpu_seconds(server) - before) * 1000 / requests, elapsed * 1000 / requests


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=200, help="per URL")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    parser.add_argument("--name-suffix", default="")
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    workdir = Path(args.workdir)
    ports = iter(range(args.port, args.port + 100))
    print(f"{args.requests} sequential requests per URL; server CPU ms per request (wall ms)")
    for kind in [d for d in args.databases.split(",") if d]:
        db_url = database_url(kind, workdir, f"folio-bench-{args.posts}{args.name_suffix}")
        reused = build_blog(db_url, workdir / "media", args.posts, reuse=True)
        rows = {}
        with Server(folio_environment(db_url, workdir / "media", cache=False), next(ports)) as s:
            urls, _ = discover_urls(s.base, db_url)
            for name in URLS:
                rows[name] = cpu_ms_per_request(s, urls[name], args.requests)
        reference_url = database_url(kind, workdir, f"reference-{args.posts}{args.name_suffix}")
        site = ReferenceSite(reference_environment(reference_url, db_url, workdir))
        site.build(reuse=reused)
        with site.serve(next(ports)) as s:
            rows["stock Wagtail post page"] = cpu_ms_per_request(
                s, urls["post page"], args.requests
            )
        print(
            f"\n{kind}, page cache off\n\n| URL | CPU ms/request | wall ms/request |\n|---|---:|---:|"
        )
        for name, (cpu, wall) in rows.items():
            print(f"| {name} | {cpu:.1f} | {wall:.1f} |")
        ratio = rows["stock Wagtail post page"][0] / rows["post page"][0]
        print(f"\nFolio's post page costs {1 / ratio:.2f}x the reference's CPU per request "
              f"(it can serve {ratio:.2f}x the reference's req/s on the same cores).")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
