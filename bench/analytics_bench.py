"""What counting costs the pages: post page req/s and latency with and without 500 beacons/s.

Part of `make bench` (also `make bench-analytics`); not a test. For each analytics buffer
(the machine-local file, and Redis when it runs on 127.0.0.1:6379) it starts gunicorn as
`make serve` does (production settings, 2 sync workers, page cache on) on a generated blog
and:

1. throughput, alternated: the cached post page saturated by wrk, "alone" and "with
   beacons" in turn (ABAB…, --repeats pairs), so that what else the machine does (other
   processes share its cores) falls on both; every receiver (--receivers) on the same
   server, one pair each per round, so that they meet the same drift too; the medians,
   their ratio, the pairs' mean with its 95 % interval, and each receiver's own effect
   beyond the control (the null receiver);
2. latency, alternated the same way: the post page at a fixed rate that leaves CPU to spare
   (--page-rate, 300/s), whose p50/p99 are what a reader would notice;
3. the beacons come from wrk too (bench/paced.lua: a fixed rate, --rate 500/s, paced by
   delay(); views with referrers and campaigns and depths read, each from its own client
   address behind one trusted proxy, so the per-client rate limit applies as in production
   and does not throttle the run): a C sender, where a Python one took a core's share from
   the server it measured;
4. flushes the buffer (`manage.py flush_analytics`) and checks the views counted against
   the views the beacons answered 204 carried;
5. reads the gunicorn workers' CPU time per request (as bench/cpu_per_request.py does),
   one request at a time, for the cached page, a beacon, and a beacon answered by Django's
   handler instead of the fast path (analytics/fast_path.py): figures that hold on a busy
   machine.

    .venv/bin/python bench/analytics_bench.py                  # 200 posts, 10 s per phase
    .venv/bin/python bench/analytics_bench.py --duration 3 --posts 50 --buffers local

Results go to stdout and to bench/results/analytics.md.
"""

import argparse
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import redis
from cpu_per_request import worker_cpu_seconds
from folio_site import build_blog, newest_post
from loadgen import run_load
from servers import PYTHON, REPO, Server, database_url, folio_environment

RESULTS = REPO / "bench" / "results"
PACED = Path(__file__).resolve().parent / "paced.lua"
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


# Runs a command and prints the CPU seconds it used (user + system) last on stderr.
WITH_CPU = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print('CPU', used.ru_utime + used.ru_stime, file=sys.stderr); sys.exit(code)"
)


def paced(url, mode, rate, seconds, *, connections, page_id=0):
    """``wrk`` sending ``rate`` requests a second (bench/paced.lua), started in the
    background: ``finish()`` waits for it and returns its figures, with the CPU seconds
    it used (``sender_cpu``)."""
    process = subprocess.Popen(
        [PYTHON, "-c", WITH_CPU,
         "wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "-s", str(PACED), url, "--", mode, str(rate), str(connections), str(page_id)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def finish():
        out, err = process.communicate(timeout=seconds + 60)
        line = next((x for x in out.splitlines() if x.startswith("PACED ")), None)
        if line is None:
            raise RuntimeError(f"wrk {mode} gave no figures: {out[-500:]} {err[-500:]}")
        figures = json.loads(line.removeprefix("PACED "))
        figures["rate"] = figures["requests"] / figures["seconds"]
        cpu = [x for x in err.splitlines() if x.startswith("CPU ")]
        figures["sender_cpu"] = float(cpu[-1].split()[1]) if cpu else None
        return figures

    return finish


def cpu_ms_per_request(server, method, path, bodies, count, cpu_seconds=None):
    """Worker CPU milliseconds per request, over ``count`` sequential requests (of the
    gunicorn workers, or of what ``cpu_seconds()`` reads)."""
    cpu_seconds = cpu_seconds or (lambda: worker_cpu_seconds(server))
    conn = HTTPConnection("127.0.0.1", server.port, timeout=10)
    before = cpu_seconds()
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
    return (cpu_seconds() - before) * 1000 / count


def claim_empty_redis_db(db=None):
    """A Redis database nobody else uses, so the run neither sees nor clears someone
    else's; or the one given, emptied (a cache left there by tests names other sites)."""
    if db is not None:
        client = redis.Redis.from_url(f"{REDIS}/{db}")
        client.flushdb()
        client.set(REDIS_CLAIM_KEY, os.getpid())
        return db
    for candidate in range(14, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{candidate}")
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, os.getpid(), nx=True):
            return candidate
    return None


PORTS = []  # --ports: the range this run may use (else any free port)


def free_port():
    for port in PORTS or [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port among {PORTS[0]}-{PORTS[-1]}")


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


class CollectorProcess:
    """``manage.py run_beacon_collector`` (analytics/collector_server.py), where the proxy
    would send the beacons; or, with ``null=True``, bench/null_receiver.py. Both at the CPU
    priority ``nice`` (the collector's default, 10, as ``make collector`` runs it)."""

    def __init__(self, env, port, *, null=False, nice=10):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        command = (
            [PYTHON, "bench/null_receiver.py", str(port), str(nice)]
            if null
            else [PYTHON, "manage.py", "run_beacon_collector", "--bind", f"127.0.0.1:{port}",
                  "--nice", str(nice)]
        )  # fmt: skip
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the beacon collector did not start")

    def cpu_seconds(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        """SIGTERM: it writes what it holds to the buffer, then exits."""
        self.process.terminate()
        self.process.wait(timeout=60)


def alternated(args, page_load, targets, post_id, repeats=None):
    """``page_load()`` alone and with beacons, in turn, for each receiver in turn in each
    round (alone, beacons to the first; alone, beacons to the second; …; the order turned
    by one each round), ``repeats`` rounds: every receiver is measured on the same server
    through the same drift of the machine. ``targets``: receiver → (beacon URL, its
    CollectorProcess or None). Returns receiver → (alone, loaded, beacons), with the CPU
    seconds each receiver process used while its beacons came."""
    runs = {receiver: ([], [], []) for receiver in targets}
    order = list(targets)
    for round_number in range(repeats or args.repeats):
        turn = round_number % len(order)
        for receiver in order[turn:] + order[:turn]:
            beacon_url, process = targets[receiver]
            alone, loaded, beacons = runs[receiver]
            alone.append(page_load())
            before = process.cpu_seconds() if process else None
            finish = paced(
                beacon_url, "beacons", args.rate, args.duration + 2,
                connections=args.beacon_connections, page_id=post_id,
            )  # fmt: skip
            time.sleep(1)  # the beacons are flowing before the pages are measured
            loaded.append(page_load())
            beacons.append(finish())
            beacons[-1]["receiver_cpu"] = process.cpu_seconds() - before if process else None
    return runs


def flush_analytics(env):
    subprocess.run(
        [PYTHON, "manage.py", "flush_analytics"], cwd=REPO, env=env, check=True,
        capture_output=True,
    )  # fmt: skip


def run_buffer(kind, receivers, db_url, media, args, post_id, post_path):
    """Every receiver's runs with one analytics buffer, on one server: receiver → figures."""
    env = folio_environment(db_url, media, cache=True)
    env.update(
        FOLIO_TRUSTED_PROXY_COUNT="1",
        FOLIO_ANALYTICS_BUFFER_DIR=str(Path(args.workdir) / f"analytics-{kind}"),
    )
    claimed = None
    if kind == "redis":
        claimed = claim_empty_redis_db(args.redis_db)
        if claimed is None:
            return {r: {"skipped": "no free Redis database on 127.0.0.1:6379"} for r in receivers}
        env["REDIS_URL"] = f"{REDIS}/{claimed}"
    started = []  # receiver processes, killed at the end whatever happens

    def receiver_process(receiver):
        started.append(CollectorProcess(env, free_port(), null=receiver == "null", nice=args.nice))
        return started[-1]

    try:
        with Server(env, free_port()) as server:
            url = server.base + post_path
            targets = {}
            for receiver in receivers:
                if receiver in ("collector", "null"):
                    process = receiver_process(receiver)
                    targets[receiver] = (process.base + "/analytics/beacon", process)
                else:  # gunicorn: the site's own workers answer (BeaconMiddleware)
                    targets[receiver] = (server.base + "/analytics/beacon", None)
            for _ in range(4):  # every worker's caches and connections warm
                run_load(url, duration=1, connections=args.connections)
            flush_analytics(env)
            before = rows_added(db_url)
            throughput = alternated(
                args,
                lambda: run_load(url, duration=args.duration, connections=args.connections),
                targets,
                post_id,
            )
            latency = alternated(
                args,
                lambda: paced(
                    url, "pages", args.page_rate, args.duration, connections=args.connections
                )(),
                targets,
                post_id,
                repeats=args.latency_repeats,
            )
            for _, process in targets.values():
                if process is not None:
                    process.stop()  # it writes what it holds to the buffer first
            flushed = time.monotonic()
            flush_analytics(env)
            flush_seconds = time.monotonic() - flushed
            after = rows_added(db_url)
            cpu_page = cpu_ms_per_request(server, "GET", post_path, None, args.cpu_requests)
            cpu_beacon = {}
            for receiver in receivers:
                if receiver in ("collector", "null"):
                    process = receiver_process(receiver)
                    cpu_beacon[receiver] = cpu_ms_per_request(
                        process, "POST", "/analytics/beacon", beacon_bodies(post_id, 100),
                        args.cpu_requests, cpu_seconds=process.cpu_seconds,
                    )  # fmt: skip
                    process.stop()
                else:
                    cpu_beacon[receiver] = cpu_ms_per_request(
                        server, "POST", "/analytics/beacon", beacon_bodies(post_id, 100),
                        args.cpu_requests,
                    )  # fmt: skip
        app_cpu = cpu_django_beacon = None  # the figures of gunicorn's way only
        if "gunicorn" in receivers:
            # Inside the application only, in one process (bench/app_cpu.py).
            app_cpu = json.loads(
                subprocess.run(
                    [PYTHON, "bench/app_cpu.py", post_path, str(post_id), str(args.app_requests)],
                    cwd=REPO, env=env, check=True, capture_output=True, text=True,
                ).stdout.splitlines()[-1]
            )  # fmt: skip
            # The same beacon answered by Django's handler (BeaconMiddleware), for comparison.
            with Server(env, free_port(), app="folio.wsgi:django_application") as server:
                # Both workers warm (one at a time, all the requests may go to one of them and
                # the other's first request, which loads the URLconf and more, be measured).
                paced(
                    server.base + "/analytics/beacon", "beacons", 100, 3, connections=4,
                    page_id=post_id,
                )()  # fmt: skip
                cpu_django_beacon = cpu_ms_per_request(
                    server,
                    "POST",
                    "/analytics/beacon",
                    beacon_bodies(post_id, 100),
                    args.cpu_requests,
                )
    finally:
        for process in started:
            if process.process.poll() is None:
                process.process.kill()
        if claimed is not None:
            redis.Redis.from_url(f"{REDIS}/{claimed}").flushdb()
    shared = {
        "flush_seconds": flush_seconds,
        "rows": list(after),
        "views_flushed": after[2] - before[2],  # of every counting receiver together
        "cpu_page_ms": cpu_page,
        "load": os.getloadavg()[0],
    }
    return {
        receiver: {
            "throughput": throughput[receiver],
            "latency": latency[receiver],
            **shared,
            "cpu_beacon_ms": cpu_beacon[receiver],
            "cpu_django_beacon_ms": cpu_django_beacon if receiver == "gunicorn" else None,
            "app_cpu": app_cpu if receiver == "gunicorn" else None,
        }
        for receiver in receivers
    }


def spread(values):
    """(max - min) / median of ``values``."""
    return (max(values) - min(values)) / statistics.median(values) if values else 0


def statuses_of(runs):
    total = {}
    for run in runs:
        for status, n in run["statuses"].items():
            total[status] = total.get(status, 0) + n
        if run["errors"]:
            total["errors"] = total.get("errors", 0) + run["errors"]
    return ", ".join(f"{k}: {v}" for k, v in sorted(total.items()))


def cpu_share(beacons, key):
    """The median share of one core that ``key`` (CPU seconds) took over the runs."""
    shares = [b[key] / b["seconds"] for b in beacons if b.get(key) is not None]
    return f"{statistics.median(shares):.1%}" if shares else "–"


# Student's t at 97.5 % for n - 1 degrees of freedom (n runs), for 95 % intervals; past
# the table, 2.0. (scipy for one number a run is not worth a dependency.)
T_975 = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26}


def pair_ratios(run):
    """Each run with beacons over the run alone just before it: the machine's slow drift
    (other work, the cores' state) cancels within a pair."""
    alone, loaded, _ = run["throughput"]
    return [w["rps"] / a["rps"] for a, w in zip(alone, loaded, strict=True)]


def mean_interval(values):
    """Mean and the half-width of its 95 % interval (Student's t)."""
    n = len(values)
    mean = statistics.fmean(values)
    if n < 2:
        return mean, float("nan")
    return mean, T_975.get(n, 2.0) * statistics.stdev(values) / n**0.5


def own_effect(run, control):
    """The receiver's own effect on the page rate beyond the control's (the sending and the
    networking alone): the difference of their mean pair ratios and its 95 % interval
    (Welch; the smaller run count's t, which errs wide)."""
    mine, theirs = pair_ratios(run), pair_ratios(control)
    difference = statistics.fmean(mine) - statistics.fmean(theirs)
    error = (
        statistics.variance(mine) / len(mine) + statistics.variance(theirs) / len(theirs)
    ) ** 0.5
    return difference, T_975.get(min(len(mine), len(theirs)), 2.0) * error


def verdicts(runs):
    lines = []
    # Per buffer too: with Redis the page cache is in Redis as well, another way of serving.
    controls = {
        (database, kind): run
        for (database, kind, receiver), run in runs.items()
        if receiver == "null"
    }
    for (database, kind, receiver), run in runs.items():
        control = controls.get((database, kind))
        if receiver == "null" or control is None or "skipped" in run or "skipped" in control:
            continue
        if len(pair_ratios(run)) < 2 or len(pair_ratios(control)) < 2:
            continue
        effect, half = own_effect(run, control)
        measurable = effect + half < 0
        lines.append(
            f"- {database}, {kind} buffer, beacons to {receiver}: pages {effect:+.1%} "
            f"beyond the control (95 % interval {effect - half:+.1%} to {effect + half:+.1%}): "
            + (
                "**a measurable slowdown**"
                if measurable
                else f"not told apart from the control at this run's precision (± {half:.1%})"
            )
        )
    return lines


def figure(value, digits):
    return "–" if value is None else f"{value:.{digits}f}"


def report(args, runs, started, load_at_start):
    lines = [
        "# Analytics: the pages with and without 500 beacons/s",
        "",
        f"Run {started}. {os.cpu_count()} cores, load average {load_at_start:.1f} at the start "
        "(other work shares this machine's cores; the alternated runs below are why). "
        f"gunicorn 2 sync workers, production settings, page cache on, {args.posts} posts, "
        "the cached post page. Beacons: wrk with bench/paced.lua at "
        f"{args.rate}/s ({args.beacon_connections} connections; half views, half depths "
        "read, each from its own client address behind one trusted proxy). Nothing pinned: "
        "wrk (the pages), wrk (the beacons) and gunicorn share the cores.",
        "",
        f"**Throughput**: the page saturated by wrk ({args.connections} connections, "
        f"{args.duration}s a run), alone and with beacons in turn, {args.repeats} runs each; "
        "the receivers of a buffer on one server, a pair each per round, taking turns to go "
        f"first. The receivers run at nice {args.nice} (the collector's default). The spread is (max − min) / median of the runs alone: run-to-run noise; a drop "
        "within it is not measurable.",
        "",
        "| database | buffer | beacons to | page req/s alone: median (runs) "
        "| with beacons: median (runs) | with / alone | pairs: mean ± 95 % | spread alone "
        "| beacons/s | beacon statuses | CPU of a core: sender / receiver |",
        "|---|---|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for (database, kind, receiver), run in runs.items():
        if "skipped" in run:
            lines.append(f"| {database} | {kind} | {receiver} | {run['skipped']} ||||||")
            continue
        alone, loaded, beacons = run["throughput"]
        a = [r["rps"] for r in alone]
        w = [r["rps"] for r in loaded]
        pairs = pair_ratios(run)
        mean, half = mean_interval(pairs)
        lines.append(
            f"| {database} | {kind} | {receiver} | {statistics.median(a):.0f} ({', '.join(f'{x:.0f}' for x in a)}) "
            f"| {statistics.median(w):.0f} ({', '.join(f'{x:.0f}' for x in w)}) "
            f"| {statistics.median(w) / statistics.median(a):.2f} | {mean:.2f} ± {half:.2f} "
            f"| {spread(a):.0%} "
            f"| {statistics.median([b['rate'] for b in beacons]):.0f} | {statuses_of(beacons)} "
            f"| {cpu_share(beacons, 'sender_cpu')} / {cpu_share(beacons, 'receiver_cpu')} |"
        )
    found = verdicts(runs)
    if found:
        lines += [
            "",
            "**The receiver's own effect**: each run with beacons divided by the run alone "
            "just before it (a pair: the machine's drift cancels), the mean of those ratios "
            "less the control's (bench/null_receiver.py: what sending and networking cost, "
            "whoever answers), with its 95 % interval (Welch). Measurable when the whole "
            "interval is a slowdown; an interval that also holds 0 says only that this run "
            "could not tell a slowdown of less than its width (more runs narrow it).",
            "",
            *found,
        ]
    lines += [
        "",
        f"**Latency**: the page at a fixed {args.page_rate} req/s (bench/paced.lua, "
        f"{args.connections} connections, {args.duration}s a run), which leaves CPU to spare: "
        "what a reader notices. Medians over the runs of each run's p50 and p99 (ms).",
        "",
        "| database | buffer | beacons to | p50 alone | p50 with beacons | p99 alone (runs) | "
        "p99 with beacons (runs) | page req/s alone / with | beacon statuses |",
        "|---|---|---|---:|---:|---|---|---|---|",
    ]
    for (database, kind, receiver), run in runs.items():
        if "skipped" in run:
            continue
        alone, loaded, beacons = run["latency"]

        def med(rows, key):
            return statistics.median(r[key] for r in rows)

        def each(rows):
            return ", ".join(f"{r['p99_ms']:.1f}" for r in rows)

        lines.append(
            f"| {database} | {kind} | {receiver} | {med(alone, 'p50_ms'):.2f} | {med(loaded, 'p50_ms'):.2f} "
            f"| {med(alone, 'p99_ms'):.1f} ({each(alone)}) "
            f"| {med(loaded, 'p99_ms'):.1f} ({each(loaded)}) "
            f"| {med(alone, 'rate'):.0f} / {med(loaded, 'rate'):.0f} "
            f"| {statuses_of(alone + loaded)}; beacons {statuses_of(beacons)} |"
        )
    lines += [
        "",
        "**Counted, and what a beacon costs**: every beacon of the runs above, flushed "
        "(`manage.py flush_analytics`) once all of a buffer's runs are over; views sent are "
        "those wrk wrote to the receivers that count (the collector, gunicorn; the null "
        "receiver counts nothing) (a run's last few, at most one per connection, may be cut "
        "off unanswered when it stops). CPU ms per request: sequential requests, /proc utime "
        f"+ stime ({args.cpu_requests} each) of the gunicorn workers for the cached page, of "
        "the receiver for a beacon (the collector or the null receiver; for gunicorn, its "
        "fast path, analytics/fast_path.py, and the same beacon answered by Django's handler, "
        "`folio.wsgi:django_application`). In the app: the WSGI application's CPU time "
        f"alone, in one process ({args.app_requests} requests each, bench/app_cpu.py): "
        "without gunicorn's share, which every request pays alike.",
        "",
        "| database | buffer | views sent (to the counting receivers) | views counted "
        "| flush command | rows after (pages, sources) | load after |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    buffers = {}
    for (database, kind, receiver), run in runs.items():
        if "skipped" in run:
            continue
        counted = buffers.setdefault((database, kind), {"sent": 0, "run": run})
        if receiver != "null":
            counted["sent"] += sum(
                b.get("views_sent", 0) for b in run["throughput"][2] + run["latency"][2]
            )
    for (database, kind), counted in buffers.items():
        run = counted["run"]
        pages, sources, _ = run["rows"]
        lines.append(
            f"| {database} | {kind} | {counted['sent']} | {run['views_flushed']} "
            f"| {run['flush_seconds']:.1f}s | {pages}, {sources} | {run['load']:.1f} |"
        )
    lines += [
        "",
        "| database | buffer | beacons to | CPU ms: page (worker) / beacon (receiver) "
        "/ beacon via Django | in the app ms: page / beacon / beacon via Django |",
        "|---|---|---|---|---|",
    ]
    for (database, kind, receiver), run in runs.items():
        if "skipped" in run:
            continue
        app = run["app_cpu"]
        lines.append(
            f"| {database} | {kind} | {receiver} "
            f"| {run['cpu_page_ms']:.2f} / {run['cpu_beacon_ms']:.2f} / "
            f"{figure(run['cpu_django_beacon_ms'], 2)} "
            f"| {figure(app and app['page'], 3)} / {figure(app and app['beacon'], 3)} / "
            f"{figure(app and app['beacon_django'], 3)} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--buffers", default="local,redis")
    parser.add_argument(
        "--receivers",
        default="collector,null,gunicorn",
        help="who answers the beacons: the collector (make collector), gunicorn, and/or "
        "null (bench/null_receiver.py: HTTP only, the control)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--repeats", type=int, default=3, help="runs alone and with beacons")
    parser.add_argument(
        "--latency-repeats", type=int, help="runs of the latency part (default: --repeats)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=int, default=500, help="beacons per second")
    # As many as a proxy keeps open to the collector (which answers within 50 ms, in batches).
    parser.add_argument("--beacon-connections", type=int, default=64)
    parser.add_argument("--page-rate", type=int, default=300, help="for the latency runs")
    parser.add_argument(
        "--nice",
        type=int,
        default=10,
        help="the collector's and the null receiver's --nice (default 10, as in production)",
    )
    parser.add_argument(
        "--redis-db", type=int, help="this Redis database, emptied (else a free one)"
    )
    parser.add_argument("--cpu-requests", type=int, default=500, help="for the CPU figures")
    parser.add_argument("--app-requests", type=int, default=3000, help="for bench/app_cpu.py")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    parser.add_argument("--reuse", action="store_true", help="keep a blog built earlier")
    parser.add_argument("--ports", help="a range of TCP ports to use, e.g. 9150-9199")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("analytics_bench.py needs wrk (apt-get install wrk): it sends the beacons")
    if args.ports:
        first, last = (int(n) for n in args.ports.split("-"))
        PORTS.extend(range(first, last + 1))

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_at_start = os.getloadavg()[0]
    runs = {}
    for database in [d for d in args.databases.split(",") if d]:
        db_url = database_url(database, workdir, f"folio-analytics-bench-{args.posts}")
        media = workdir / "media"
        build_blog(db_url, media, args.posts, reuse=args.reuse)
        post_id, url_path, _ = newest_post(db_url)
        post_path = "/" + url_path.strip("/").split("/", 1)[1] + "/"
        receivers = [r for r in args.receivers.split(",") if r]
        for kind in [b for b in args.buffers.split(",") if b]:
            print(f"== {database}, {kind} buffer, beacons to {', '.join(receivers)}", flush=True)
            found = run_buffer(kind, receivers, db_url, media, args, post_id, post_path)
            for receiver, run in found.items():
                runs[(database, kind, receiver)] = run
            print(json.dumps(found, default=str), flush=True)
    text = report(args, runs, started, load_at_start)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics.md").write_text(text + "\n")
    print(f"\nWrote {RESULTS / 'analytics.md'}")


if __name__ == "__main__":
    sys.exit(main())
