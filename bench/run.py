"""Folio's benchmark harness (`make bench`); not part of the test suite.

For each database it builds a blog with `generate_blog`, starts gunicorn (2 workers,
production settings) on 127.0.0.1 — page cache on, then off — and measures each URL
with wrk (Debian package `wrk`; a small Python load generator is the fallback). A static
file served by whitenoise in the same run is the reference: every figure is also given
as a ratio to it, so runs on different machines compare. The stock Wagtail blog in
bench/reference/ gets the same posts and is measured beside Folio's uncached post page.
An admin publishes an edited post over HTTP, timed. The archive growth run repeats the
listing, search and publish figures at larger sizes. The first views after an import of
~150 posts with ~900 pictures, before and after the worker has made their renditions, and
after a publish, are timed too (bench/cold_start.py).

    .venv/bin/python bench/run.py                       # 1000 posts, both databases, 1k-100k growth
    .venv/bin/python bench/run.py --posts 200 --duration 3 --scale ""   # a quick try
    .venv/bin/python bench/run.py --reuse               # keep blogs built by an earlier run

Results go to stdout and to bench/results/latest.md.
"""

import argparse
import gzip
import os
import platform
import shutil
import sys
import time
import urllib.request
from pathlib import Path

import servers
from cold_start import cold_goal_lines, cold_section, run_cold
from folio_site import ADMIN_PASSWORD, ADMIN_USERNAME, build_blog, discover_urls
from loadgen import run_load
from publish import time_publishes
from reference_site import ReferenceSite, reference_environment
from report import goal_lines, scale_table, url_table
from servers import REPO, Server, database_url, folio_environment

RESULTS = REPO / "bench" / "results"
SCALE_URLS = ("blog index", "tag page", "API list", "search")
COPIED = (("post page", "post.html"), ("blog index", "index.html"), ("API list", "list.json"))
# Stock Wagtail's v2 API answers the same query (bench/reference/reference/api.py).
API_LIST = "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20"


def publish_timings(server, post_id, count):
    """Median publish time, or the reason it could not be measured (kept in the report)."""
    try:
        return time_publishes(server.base, post_id, ADMIN_USERNAME, ADMIN_PASSWORD, count=count)
    except (OSError, RuntimeError) as error:
        print(f"  editor publish failed: {error}", flush=True)
        return {"median": float("nan"), "max": float("nan"), "count": 0, "error": str(error)}


def warm_up(server, path):
    """Fill both workers' caches and connections; stop early on a slow or failing URL."""
    for _ in range(4):
        started = time.monotonic()
        try:
            urllib.request.urlopen(server.base + path, timeout=60).read()
        except OSError:  # HTTP errors included: the measurement will count them
            return
        if time.monotonic() - started > 2:
            return


def measure(server, urls, duration, connections):
    rows = {}
    for name, path in urls.items():
        warm_up(server, path)
        rows[name] = run_load(server.base + path, duration=duration, connections=connections)
        if rows[name]["errors"]:
            # Requests wrk gave up on still hold the workers: let them finish (or be
            # killed by gunicorn's timeout) before the next URL is measured.
            server.wait_until_idle()
    return rows


def static_copies(server, urls, static_root):
    """The cached post page, index and API list as files WhiteNoise serves, each with its
    gzipped copy: the issue's reference for a cache hit is the same bytes served static."""
    copies = {}
    for name, file_name in COPIED:
        warm_up(server, urls[name])
        body = urllib.request.urlopen(server.base + urls[name], timeout=120).read()
        path = static_root / "bench-copies" / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        path.with_name(file_name + ".gz").write_bytes(gzip.compress(body))
        copies[f"static copy of {name}"] = f"/static/bench-copies/{file_name}"
    return copies


def machine_description(args):
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.machine(),
    )  # fmt: skip
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"Machine: {model}, {os.cpu_count()} cores, {memory_kb / 1024**2:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"PostgreSQL on 127.0.0.1. Load generator: {'wrk' if shutil.which('wrk') else 'python'}; "
        f"gunicorn 2 sync workers, {args.connections} connections, {args.duration}s per URL, "
        f"{args.posts} posts. Load average at the start: {os.getloadavg()[0]:.1f} (other "
        "processes on the machine lower every figure; see bench/cpu_per_request.py)."
    )


def run_database(kind, args, workdir, ports):
    name = f"folio-bench-{args.posts}{args.name_suffix}"
    db_url = database_url(kind, workdir, name)
    media = workdir / "media"
    reused = build_blog(db_url, media, args.posts, reuse=args.reuse)
    run = {}
    with Server(folio_environment(db_url, media, cache=True), next(ports)) as server:
        urls, post_id = discover_urls(server.base, db_url)
        copies = static_copies(server, urls, media.parent / "static")
    # A new server: WhiteNoise finds its files when it starts.
    with Server(folio_environment(db_url, media, cache=True), next(ports)) as server:
        memory = server.worker_rss_mb()
        run["cached"] = measure(server, {**urls, **copies}, args.duration, args.connections)
        run["memory cached"] = (memory, server.worker_rss_mb())
        run["publish"] = publish_timings(server, post_id, args.publishes)
    with Server(folio_environment(db_url, media, cache=False), next(ports)) as server:
        memory = server.worker_rss_mb()
        run["uncached"] = measure(server, urls, args.duration, args.connections)
        run["memory uncached"] = (memory, server.worker_rss_mb())
    # The post page and the API list with their cached parts off too (ops/fragment_cache.py).
    fragments_off = folio_environment(db_url, media, cache=False, fragments=False)
    with Server(fragments_off, next(ports)) as server:
        picked = {name: urls[name] for name in ("post page", "API list")}
        rows = measure(server, picked, args.duration, args.connections)
        for name in picked:
            run["uncached"][f"{name}, no cached parts"] = rows[name]
    if not args.skip_reference:
        reference_url = database_url(kind, workdir, f"reference-{args.posts}{args.name_suffix}")
        site = ReferenceSite(reference_environment(reference_url, db_url, workdir))
        site.build(reuse=reused)  # a rebuilt Folio blog needs a fresh copy
        with site.serve(next(ports)) as server:
            picked = {"reference post page": urls["post page"], "reference API list": API_LIST}
            rows = measure(server, picked, args.duration, args.connections)
        run["reference"] = rows["reference post page"]
        run["reference API"] = rows["reference API list"]
    return run


def database_section(kind, run):
    parts = []
    for mode in ("cached", "uncached"):
        rows = run[mode]
        section = url_table(f"{kind}, page cache {'on' if mode == 'cached' else 'off'}", rows,
                            rows["static file"]["rps"])  # fmt: skip
        if mode == "uncached" and run.get("reference", {}).get("rps"):
            ref = run["reference"]
            ratio = rows["post page"]["rps"] / ref["rps"]
            section += (
                f"\n| stock Wagtail post page (bench/reference) | {ref['rps']:.0f} | "
                f"{ref['p50']:.1f} | {ref['p99']:.1f} | "
                f"{ref['rps'] / rows['static file']['rps']:.1%} | {ref['errors']} |"
            )
            api = run.get("reference API", {})
            if api.get("rps"):
                section += (
                    f"\n| stock Wagtail API list (v2, bench/reference) | {api['rps']:.0f} | "
                    f"{api['p50']:.1f} | {api['p99']:.1f} | "
                    f"{api['rps'] / rows['static file']['rps']:.1%} | {api['errors']} |"
                )
            section += (
                f"\n\nFolio's uncached post page serves {ratio:.2f}× the requests/second of the "
                "stock Wagtail reference."
            )
        before, after = run[f"memory {mode}"]
        section += (
            f"\n\nWorker memory (2 workers): {before:.0f} MB at start, {after:.0f} MB at end."
        )
        parts.append(section)
    publish = run["publish"]
    parts.append(
        f"Editor publish (admin edit view, `action-publish`, page cache on): median "
        f"{publish['median']:.0f} ms, max {publish['max']:.0f} ms over {publish['count']} publishes."
    )
    return "\n\n".join(parts)


def run_scale(kind, sizes, args, workdir, ports):
    results = {}
    for posts in sizes:
        db_url = database_url(kind, workdir, f"folio-bench-{posts}{args.name_suffix}")
        media = workdir / "media"
        build_blog(db_url, media, posts, reuse=args.reuse)
        with Server(folio_environment(db_url, media, cache=False), next(ports)) as server:
            urls, post_id = discover_urls(server.base, db_url)
            picked = {name: urls[name] for name in SCALE_URLS}
            # Two connections for two workers: latency without queueing.
            rows = measure(server, picked, args.scale_duration, 2)
        with Server(folio_environment(db_url, media, cache=True), next(ports)) as server:
            publish = publish_timings(server, post_id, args.publishes)
        results[posts] = {"rows": rows, "publish": publish}
        print(f"  {posts} posts: " + ", ".join(f"{k} {rows[k]['p50']:.0f} ms" for k in picked)
              + f", publish {publish['median']:.0f} ms", flush=True)  # fmt: skip
    return results


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--publishes", type=int, default=10, help="editor publishes timed")
    parser.add_argument("--scale", default="1000,10000,100000", help="archive growth sizes")
    parser.add_argument("--scale-database", default="postgres")
    parser.add_argument("--scale-duration", type=int, default=5, help="seconds per URL")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep blogs built earlier")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    parser.add_argument("--repo", type=Path, default=REPO, help="the Folio checkout to measure")
    # Two runs on one machine at once (or beside a reused 100k blog) need their own
    # databases and ports.
    parser.add_argument("--name-suffix", default="", help="appended to database names")
    parser.add_argument("--port", type=int, default=8700, help="first of 100 ports used")
    parser.add_argument("--cold-databases", default="postgres", help="first views after import")
    parser.add_argument("--cold-posts", type=int, default=150)
    parser.add_argument("--cold-images", type=int, default=900)
    args = parser.parse_args()
    servers.target["repo"] = args.repo.resolve()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    ports = iter(range(args.port, args.port + 100))
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    report = ["# Folio benchmark", "", f"Run {started}. {machine_description(args)}"]

    runs = {}
    for kind in [d for d in args.databases.split(",") if d]:
        print(f"== {kind}, {args.posts} posts", flush=True)
        runs[kind] = run_database(kind, args, workdir, ports)
        section = database_section(kind, runs[kind])
        print(section, flush=True)
        report.append(section)

    scale = {}
    sizes = [int(n) for n in args.scale.split(",") if n]
    if sizes:
        print(f"== archive growth on {args.scale_database}: {sizes}", flush=True)
        scale[args.scale_database] = run_scale(args.scale_database, sizes, args, workdir, ports)
        report.append(scale_table(args.scale_database, scale[args.scale_database]))

    cold_goals = []
    for kind in [d for d in args.cold_databases.split(",") if d]:
        print(f"== first views after an import on {kind}", flush=True)
        cold = run_cold(kind, workdir / "cold" / kind, next(ports), args.cold_posts,
                        args.cold_images, args.name_suffix)  # fmt: skip
        report.append(cold_section(kind, cold))
        print(report[-1], flush=True)
        cold_goals += cold_goal_lines(kind, cold)

    report.append("\n".join([goal_lines(runs, scale), *cold_goals]))
    print(report[-1])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text("\n\n".join(report) + "\n")
    print(f"\nWrote {RESULTS / 'latest.md'}")


if __name__ == "__main__":
    sys.exit(main())
