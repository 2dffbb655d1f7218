"""What counting costs the pages: req/s of a post page with and without 500 beacons/s.

Part of `make bench` (also `make bench-analytics`); not a test. For each analytics buffer
(the machine-local file, and Redis when it runs on 127.0.0.1:6379) it starts gunicorn as
`make serve` does (production settings, 2 sync workers, page cache on) on a generated blog
and, in one run:

1. measures the post page alone (`loadgen.run_load`, as bench/run.py does);
2. measures it again while a separate process sends beacons at a steady rate (500/s by
   default) as readers' browsers would: views with referrers and campaigns, then the calls
   to action seen and the depth read, each from its own client address (through
   X-Forwarded-For behind one trusted proxy, so the per-client rate limit applies as in
   production and does not throttle the run);
3. flushes the buffer (`manage.py flush_analytics`) and reports the rows it added;
4. reads the gunicorn workers' CPU time per request (as bench/cpu_per_request.py does) for
   the cached page and for a beacon, one request at a time: a figure that holds on a busy
   machine, where req/s depend on what else runs.

    .venv/bin/python bench/analytics_bench.py                  # 200 posts, 10 s per phase
    .venv/bin/python bench/analytics_bench.py --duration 3 --posts 50 --buffers local

Results go to stdout and to bench/results/analytics.md.
"""

import argparse
import json
import multiprocessing
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

import redis
from cpu_per_request import worker_cpu_seconds
from folio_site import build_blog, newest_post
from loadgen import run_load
from servers import PYTHON, REPO, Server, database_url, folio_environment

RESULTS = REPO / "bench" / "results"
REDIS = "redis://127.0.0.1:6379"
REDIS_CLAIM_KEY = "folio:analytics-bench:claimed-by"
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
REFERRERS = ["", "", "https://www.google.com/", "https://t.co/x", "https://news.ycombinator.com/"]


def beacon_bodies(page_id, count):
    """What browsers send for ``count`` beacons: about half views, half engagement."""
    rng = random.Random(17)
    bodies = []
    for _ in range(count):
        if rng.random() < 0.5:
            utm = {"source": "newsletter", "medium": "email"} if rng.random() < 0.1 else {}
            body = {"view": True, "referrer": rng.choice(REFERRERS), "utm": utm}
        else:
            body = {"seen": [], "read": rng.sample([25, 50, 75, 100], rng.randint(1, 2))}
        bodies.append(json.dumps({"page": page_id, "audience": "guest", **body}).encode())
    return bodies


def send_beacons(port, page_id, rate, seconds, threads, results):
    """Send ``rate`` beacons a second for ``seconds``, paced; put the outcome in ``results``."""
    per_thread = rate / threads
    statuses, latencies, lock = {}, [], threading.Lock()
    bodies = beacon_bodies(page_id, 1000)
    started = time.monotonic()

    def worker(index):
        conn = HTTPConnection("127.0.0.1", port, timeout=10)
        due = started + index / rate
        n = 0
        while due < started + seconds:
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            client = f"10.{index}.{(n >> 8) & 255}.{n & 255}"
            headers = {
                "Content-Type": "text/plain;charset=UTF-8",
                "User-Agent": BROWSER,
                "X-Forwarded-For": client,
                "Origin": f"http://127.0.0.1:{port}",
            }
            sent = time.monotonic()
            try:
                conn.request(
                    "POST", "/analytics/beacon", body=bodies[n % len(bodies)], headers=headers
                )
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                conn.close()
                status = "error"
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                latencies.append((time.monotonic() - sent) * 1000)
            n += 1
            due += 1 / per_thread

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()
    results.put(
        {
            "sent": len(latencies),
            "rate": len(latencies) / (time.monotonic() - started),
            "statuses": {str(k): v for k, v in statuses.items()},
            "p50": statistics.median(latencies) if latencies else 0,
            "p99": latencies[int(len(latencies) * 0.99) - 1] if latencies else 0,
        }
    )


def cpu_ms_per_request(server, method, path, bodies, count):
    """Worker CPU milliseconds per request, over ``count`` sequential requests."""
    conn = HTTPConnection("127.0.0.1", server.port, timeout=10)
    before = worker_cpu_seconds(server)
    for n in range(count):
        headers = {"User-Agent": BROWSER, "Accept-Encoding": "gzip"}
        if bodies:
            headers.update(
                {
                    "Content-Type": "text/plain;charset=UTF-8",
                    "X-Forwarded-For": f"10.99.{n >> 8 & 255}.{n & 255}",
                }
            )
        conn.request(
            method, path, body=bodies[n % len(bodies)] if bodies else None, headers=headers
        )
        conn.getresponse().read()
    return (worker_cpu_seconds(server) - before) * 1000 / count


def claim_empty_redis_db():
    """A Redis database nobody else uses, so the run neither sees nor clears theirs."""
    for db in range(14, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{db}")
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, os.getpid(), nx=True):
            return db
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rows_added(db_url):
    sql = (
        "SELECT (SELECT COUNT(*) FROM analytics_pageday), (SELECT COUNT(*) FROM "
        "analytics_sourceday), (SELECT COALESCE(SUM(views), 0) FROM analytics_pageday)"
    )
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchone()
    import psycopg

    with psycopg.connect(db_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()


def run_buffer(kind, db_url, media, args, post_id, post_path):
    env = folio_environment(db_url, media, cache=True)
    env.update(
        FOLIO_TRUSTED_PROXY_COUNT="1",
        FOLIO_ANALYTICS_BUFFER_DIR=str(Path(args.workdir) / f"analytics-{kind}"),
    )
    claimed = None
    if kind == "redis":
        claimed = claim_empty_redis_db()
        if claimed is None:
            return {"skipped": "no free Redis database on 127.0.0.1:6379"}
        env["REDIS_URL"] = f"{REDIS}/{claimed}"
    try:
        with Server(env, free_port()) as server:
            url = server.base + post_path
            for _ in range(4):  # every worker's caches and connections warm
                run_load(url, duration=1, connections=args.connections)
            alone = run_load(url, duration=args.duration, connections=args.connections)
            results = multiprocessing.Queue()
            sender = multiprocessing.Process(
                target=send_beacons,
                args=(
                    server.port,
                    post_id,
                    args.rate,
                    args.duration + 2,
                    args.sender_threads,
                    results,
                ),
            )
            sender.start()
            time.sleep(1)  # the beacons are flowing before the pages are measured
            with_beacons = run_load(url, duration=args.duration, connections=args.connections)
            beacons = results.get(timeout=args.duration + 60)
            sender.join()
            cpu_page = cpu_ms_per_request(server, "GET", post_path, None, args.cpu_requests)
            cpu_beacon = cpu_ms_per_request(
                server, "POST", "/analytics/beacon", beacon_bodies(post_id, 100), args.cpu_requests
            )
            before = rows_added(db_url)
            started = time.monotonic()
            subprocess.run(
                [PYTHON, "manage.py", "flush_analytics"], cwd=REPO, env=env, check=True,
                capture_output=True,
            )  # fmt: skip
            flush_seconds = time.monotonic() - started
            after = rows_added(db_url)
    finally:
        if claimed is not None:
            redis.Redis.from_url(f"{REDIS}/{claimed}").flushdb()
    return {
        "alone": alone,
        "with": with_beacons,
        "beacons": beacons,
        "flush_seconds": flush_seconds,
        "rows": list(after),
        "views_flushed": after[2] - before[2],
        "cpu_page_ms": cpu_page,
        "cpu_beacon_ms": cpu_beacon,
    }


def report(args, runs, started):
    lines = [
        "# Analytics: page req/s with and without beacons",
        "",
        f"Run {started}. {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; "
        f"gunicorn 2 sync workers, production settings, page cache on, {args.posts} posts; "
        f"the cached post page with {args.connections} connections for {args.duration}s, alone "
        f"and while a separate process sends {args.rate} beacons/s (one client address each, "
        "behind one trusted proxy). The load generator, the beacon sender and gunicorn share "
        "the machine's cores, so the drop includes the sender's own CPU.",
        "",
        "| database | buffer | page req/s alone | with beacons | change | page p99 ms alone / with "
        "| beacons/s sent | beacon statuses | beacon p50 / p99 ms | worker CPU ms: page / beacon "
        "| flush command | views flushed | rows after (pages, sources) |",
        "|---|---|---:|---:|---:|---|---:|---|---|---|---:|---:|---|",
    ]
    for (database, kind), run in runs.items():
        if "skipped" in run:
            lines.append(f"| {database} | {kind} | {run['skipped']} |||||||||")
            continue
        alone, loaded, beacons = run["alone"], run["with"], run["beacons"]
        change = (loaded["rps"] / alone["rps"] - 1) if alone["rps"] else 0
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(beacons["statuses"].items()))
        pages, sources, _ = run["rows"]
        lines.append(
            f"| {database} | {kind} | {alone['rps']:.0f} | {loaded['rps']:.0f} | {change:+.1%} "
            f"| {alone['p99']:.1f} / {loaded['p99']:.1f} | {beacons['rate']:.0f} | {statuses} "
            f"| {beacons['p50']:.1f} / {beacons['p99']:.1f} "
            f"| {run['cpu_page_ms']:.2f} / {run['cpu_beacon_ms']:.2f} "
            f"| {run['flush_seconds']:.1f}s | {run['views_flushed']} | {pages}, {sources} |"
        )
    lines += [
        "",
        "Beacons cost the web workers no database write: they are counted in the buffer and "
        "added to the tables by the flush, whose rows grow with pages × days (one page here: "
        "one row a day, a few per source), not with the number of beacons. The flush "
        "command's time is mostly Python and Django starting up. At 500 beacons/s the "
        "workers spend 500 × the beacon's CPU ms per second on them, out of 1000 per core.",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--buffers", default="local,redis")
    parser.add_argument("--duration", type=int, default=10, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=int, default=500, help="beacons per second")
    parser.add_argument("--sender-threads", type=int, default=8)
    parser.add_argument("--cpu-requests", type=int, default=500, help="for the CPU figures")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    parser.add_argument("--reuse", action="store_true", help="keep a blog built earlier")
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    runs = {}
    for database in [d for d in args.databases.split(",") if d]:
        db_url = database_url(database, workdir, f"folio-analytics-bench-{args.posts}")
        media = workdir / "media"
        build_blog(db_url, media, args.posts, reuse=args.reuse)
        post_id, url_path, _ = newest_post(db_url)
        post_path = "/" + url_path.strip("/").split("/", 1)[1] + "/"
        for kind in [b for b in args.buffers.split(",") if b]:
            print(f"== {database}, {kind} buffer", flush=True)
            runs[(database, kind)] = run_buffer(kind, db_url, media, args, post_id, post_path)
            print(json.dumps(runs[(database, kind)], default=str), flush=True)
    text = report(args, runs, started)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics.md").write_text(text + "\n")
    print(f"\nWrote {RESULTS / 'analytics.md'}")


if __name__ == "__main__":
    sys.exit(main())
