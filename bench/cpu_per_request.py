"""Server CPU time per request: Folio's pages beside the stock Wagtail reference, and
page-cache hits beside the same bytes served static by WhiteNoise.

req/s from wrk depends on everything else the machine is doing (other processes take
the same two cores, and the load generator runs there too). The CPU time the gunicorn
workers spend per request hardly does: it is read from /proc before and after N
sequential requests to one URL, so the figure holds on a busy machine, and the
throughput a CPU-bound server can reach follows from it (cores x 1000 / CPU ms).

Uses the blogs `bench/run.py` built (same --workdir and --name-suffix), building them
when missing:

    .venv/bin/python bench/cpu_per_request.py --databases sqlite,postgres --requests 200

With --hits (after a `bench/run.py` run, which leaves the static copies of the cached
post page, index and API list in the blog's static folder), cache hits are compared with
those copies (issue #14: ≥ 0.85× a static copy's speed, i.e. at most 1/0.85 its CPU), and
the API list with every cache off with stock Wagtail's v2 API list.

With --uncached only the every-cache-off figures are taken (page cache and cached parts
off: the post page, the API list with ``fields=*`` and without the rendered bodies, beside
stock Wagtail's post page and v2 list), and with --baseline-repo the same for another
checkout (e.g. a `git worktree` of the commit before a change) in the same run, URL by URL.
Without a baseline it also measures what bounds the goals from below, in the same rounds:
the post page with only the page cache off (every costly part from the cached parts: no
query, no body to render) and the API list of ids only (``fields=_,id``), on Folio and on
stock Wagtail:

    .venv/bin/python bench/cpu_per_request.py --databases postgres --posts 200 \
        --uncached --baseline-repo /tmp/folio-before --requests 60
"""

import argparse
import os
import sys
import time
import urllib.request
from pathlib import Path

import servers
from folio_site import build_blog, discover_urls
from reference_site import ReferenceSite, reference_environment
from servers import Server, database_url, folio_environment

# As bench/run.py measures them.
COPIED = (("post page", "post.html"), ("blog index", "index.html"), ("API list", "list.json"))
API_LIST = "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20"
# The list as issue #14's goal was measured: before ``html`` and ``plaintext`` were fields.
API_LIST_LEAN = "/api/v2/pages/?type=blog.BlogPage&fields=*,-html,-plaintext&limit=20"
# The least an API list can be asked for: 20 posts' ids, count and paging, no field.
API_LIST_IDS = "/api/v2/pages/?type=blog.BlogPage&fields=_,id&limit=20"

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


def fetch(url):
    # gzip, as browsers and wrk ask (the cached copies and WhiteNoise both keep one).
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    urllib.request.urlopen(request, timeout=60).read()


def cpu_ms_per_request(server, path, requests):
    for _ in range(5):  # warm both workers: templates, renditions, connections
        fetch(server.base + path)
    before, started = worker_cpu_seconds(server), time.monotonic()
    for _ in range(requests):
        fetch(server.base + path)
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
    parser.add_argument("--hits", action="store_true", help="cache hits vs static copies")
    parser.add_argument("--hit-requests", type=int, default=3000, help="per cached URL")
    parser.add_argument("--uncached", action="store_true", help="only every-cache-off figures")
    parser.add_argument("--baseline-repo", type=Path, help="another checkout, for --uncached")
    args = parser.parse_args()
    if args.uncached:
        return uncached_main(args)
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
        if args.hits:
            print(hits_section(kind, db_url, workdir, urls, site, ports, args, rows))
    return 0


def print_rows(title, rows):
    lines = [f"\n{title}\n", "| URL | CPU ms/request | wall ms/request |", "|---|---:|---:|"]
    lines += [f"| {name} | {cpu:.2f} | {wall:.2f} |" for name, (cpu, wall) in rows.items()]
    return "\n".join(lines)


def hits_section(kind, db_url, workdir, urls, site, ports, args, rows):
    copies = workdir / "static" / "bench-copies"
    media = workdir / "media"
    hits = {}
    with Server(folio_environment(db_url, media, cache=True), next(ports)) as s:
        hits["static file"] = cpu_ms_per_request(s, urls["static file"], args.hit_requests)
        for name, file_name in COPIED:
            hits[name] = cpu_ms_per_request(s, urls[name], args.hit_requests)
            if (copies / file_name).exists():
                path = f"/static/bench-copies/{file_name}"
                hits[f"static copy of {name}"] = cpu_ms_per_request(s, path, args.hit_requests)
    lines = [print_rows(f"{kind}, page cache on (hits)", hits), ""]
    for name, _ in COPIED:
        if f"static copy of {name}" in hits:
            speed = hits[f"static copy of {name}"][0] / hits[name][0]
            lines.append(f"- cached {name}: {speed:.2f}x the speed of its static copy "
                         "(CPU per request; goal ≥ 0.85x)")  # fmt: skip
    uncached = {}
    off = folio_environment(db_url, media, cache=False, fragments=False)
    with Server(off, next(ports)) as s:
        uncached["API list, every cache off"] = cpu_ms_per_request(s, API_LIST, args.requests)
        uncached["post page, every cache off"] = cpu_ms_per_request(
            s, urls["post page"], args.requests
        )
    with site.serve(next(ports)) as s:
        uncached["stock Wagtail API list (v2)"] = cpu_ms_per_request(s, API_LIST, args.requests)
    lines.append(print_rows(f"{kind}, page cache and cached parts off", uncached))
    api = uncached["stock Wagtail API list (v2)"][0] / uncached["API list, every cache off"][0]
    lines.append(f"\n- API list with every cache off: {api:.2f}x stock Wagtail's v2 speed "
                 "(CPU per request; goal ≥ 20x)")  # fmt: skip
    post = rows["stock Wagtail post page"][0] / uncached["post page, every cache off"][0]
    lines.append(f"- post page with every cache off: {post:.2f}x stock Wagtail's speed "
                 "(CPU per request; goal ≥ 3x)")  # fmt: skip
    return "\n".join(lines)


def uncached_main(args):
    """Every cache off: Folio (and a baseline checkout) beside stock Wagtail, URL by URL.

    Every server runs at once and the URLs are measured in rounds, each server in turn, so
    that the load other processes put on the machine weighs on each the same."""
    workdir = Path(args.workdir)
    ports = iter(range(args.port, args.port + 100))
    checkouts = {"Folio": servers.REPO}
    if args.baseline_repo:
        checkouts = {"before": args.baseline_repo.resolve(), "after": servers.REPO}
    rounds = 4
    print(f"{args.requests} sequential requests per URL and server, in {rounds} rounds; page "
          f"cache and cached parts off; load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip
    for kind in [d for d in args.databases.split(",") if d]:
        db_url = database_url(kind, workdir, f"folio-bench-{args.posts}{args.name_suffix}")
        reused = build_blog(db_url, workdir / "media", args.posts, reuse=True)
        off = folio_environment(db_url, workdir / "media", cache=False, fragments=False)
        reference_url = database_url(kind, workdir, f"reference-{args.posts}{args.name_suffix}")
        site = ReferenceSite(reference_environment(reference_url, db_url, workdir))
        site.build(reuse=reused)
        started = {}
        floors = not args.baseline_repo
        try:
            for label, repo in checkouts.items():
                started[label] = Server(off, next(ports), cwd=repo)
            started["stock Wagtail"] = site.serve(next(ports))
            if floors:
                parts_on = folio_environment(db_url, workdir / "media", cache=False)
                started[CACHED_PARTS] = Server(parts_on, next(ports))
            urls, _ = discover_urls(started[next(iter(checkouts))].base, db_url)
            paths = {
                "post page": urls["post page"],
                "API list": API_LIST,
                "API list, no html/plaintext": API_LIST_LEAN,
            }
            if floors:
                paths["API list, ids only"] = API_LIST_IDS
            totals = {}
            for _ in range(rounds):
                for name, path in paths.items():
                    for label, server in started.items():
                        if label == "stock Wagtail" and path == API_LIST_LEAN:
                            continue  # stock v2 has no html/plaintext fields to leave out
                        if label == CACHED_PARTS and name != "post page":
                            continue  # the API has no cached parts
                        cpu, wall = cpu_ms_per_request(server, path, args.requests // rounds)
                        total = totals.setdefault((label, name), [0, 0])
                        total[0] += cpu / rounds
                        total[1] += wall / rounds
        finally:
            for server in started.values():
                server.stop()
        print_uncached(kind, args.posts, list(checkouts), totals)
        if floors:
            print_floors(totals)
    return 0


CACHED_PARTS = "Folio, cached parts on"


def print_floors(totals):
    """What the goals leave room for, beside what no uncached answer can go below."""
    post_budget = totals[("stock Wagtail", "post page")][0] / 3
    list_budget = totals[("stock Wagtail", "API list")][0] / 20
    print("\n| what | CPU ms (wall ms) |\n|---|---:|")
    rows = (
        ("post page, goal's budget (stock / 3)", (post_budget, None)),
        ("post page, every cache off", totals[("Folio", "post page")]),
        ("post page, page cache off, every part from the cached parts (0 queries)",
         totals[(CACHED_PARTS, "post page")]),
        ("API list, goal's budget (stock v2 / 20)", (list_budget, None)),
        ("API list, every cache off", totals[("Folio", "API list")]),
        ("API list of 20 ids only (`fields=_,id`), every cache off",
         totals[("Folio", "API list, ids only")]),
        ("stock Wagtail's v2 list of 20 ids only", totals[("stock Wagtail", "API list, ids only")]),
    )  # fmt: skip
    for name, (cpu, wall) in rows:
        print(f"| {name} | {cpu:.1f}" + (f" ({wall:.0f})" if wall is not None else "") + " |")


def print_uncached(kind, posts, labels, totals):
    print(f"\n{kind}, {posts} posts\n")
    print("| URL | " + " | ".join(f"{label} CPU ms (wall ms)" for label in labels)
          + " | stock Wagtail CPU ms | speed vs stock (" + ", ".join(labels) + ") |")  # fmt: skip
    print("|---|" + "---:|" * (len(labels) + 2))
    for name in ("post page", "API list", "API list, no html/plaintext"):
        stock = totals[("stock Wagtail", "API list" if name.startswith("API") else name)][0]
        cells = [f"{totals[(label, name)][0]:.1f} ({totals[(label, name)][1]:.0f})"
                 for label in labels]  # fmt: skip
        speeds = ", ".join(f"{stock / totals[(label, name)][0]:.2f}x" for label in labels)
        print(f"| {name} | " + " | ".join(cells) + f" | {stock:.1f} | {speeds} |")
    print("\nGoals (issue #14): post page ≥ 3x stock's speed, API list ≥ 20x stock v2's (CPU "
          f"per request; stock v2 has no html). Load average at the end: {os.getloadavg()[0]:.1f}.")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
