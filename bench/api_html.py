"""The cost of ``fields=html`` on API v2's post list (issue #16's bar: at most 2x).

Times sequential requests for a page of 20 posts with the card fields, with and without
``html``, on one production-configured server (page cache off, so every request is built),
first with the cached page parts on (production's default: a body the post page or an
earlier request rendered is read from the cache), then off (every body rendered):

    .venv/bin/python bench/api_html.py --posts 200 --requests 30

Uses (or builds) the blog ``bench/run.py`` builds, under ``--workdir`` (``make bench``
runs it after ``run.py``, on the blog that built).
"""

import argparse
import statistics
import sys
import time
import urllib.request
from pathlib import Path

from folio_site import build_blog
from servers import Server, database_url, folio_environment

CARD_FIELDS = "date,index_intro,hero_image,primary_author,primary_category,tags,reading_time"
LIST = f"/api/v2/pages/?type=blog.BlogPage&limit=20&fields={CARD_FIELDS}"
GOAL = 2.0


def median_ms(server, path, requests):
    for _ in range(3):  # warm the worker: templates, connections, cached parts
        urllib.request.urlopen(server.base + path, timeout=120).read()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        body = urllib.request.urlopen(server.base + path, timeout=120).read()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(body)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--requests", type=int, default=30, help="per URL and setting")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    parser.add_argument("--name-suffix", default="")
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    workdir = Path(args.workdir)
    (workdir / "media").mkdir(parents=True, exist_ok=True)
    ports = iter(range(args.port, args.port + 100))
    print("| database | cached parts | list ms | list + html ms | ratio | KB without / with |")
    print("|---|---|---:|---:|---:|---:|")
    worst = 0.0
    for kind in [d for d in args.databases.split(",") if d]:
        db_url = database_url(kind, workdir, f"folio-bench-{args.posts}{args.name_suffix}")
        build_blog(db_url, workdir / "media", args.posts, reuse=True)
        for fragments in (True, False):
            env = folio_environment(db_url, workdir / "media", cache=False, fragments=fragments)
            with Server(env, next(ports)) as server:
                plain, plain_bytes = median_ms(server, LIST, args.requests)
                html, html_bytes = median_ms(server, LIST + ",html", args.requests)
            ratio = html / plain
            worst = max(worst, ratio)
            print(
                f"| {kind} | {'on' if fragments else 'off'} | {plain:.1f} | {html:.1f} "
                f"| {ratio:.2f}x | {plain_bytes / 1024:.0f} / {html_bytes / 1024:.0f} |",
                flush=True,
            )
    met = "met" if worst <= GOAL else "NOT met"
    print(f"\nGoal: the list with html within {GOAL:.0f}x of the list without: {met} "
          f"(worst {worst:.2f}x).")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
