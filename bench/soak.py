"""`make soak`: mixed traffic for minutes against gunicorn + PostgreSQL + Redis; not a test.

Builds a PostgreSQL blog (`generate_blog`), starts gunicorn (2 sync workers, production
settings, Redis page cache) on 127.0.0.1 and lets N client threads loose on it: 90% reads
across post pages, listings, feeds, search and the API — cached, and uncached through
cache-busting query strings — and 10% editors saving drafts and publishing through the
admin, each publish retiring the whole page cache. It records every 5xx, connection error
and unexpected status, p50/p99 latency per time window and the gunicorn workers' memory
after warm-up and at the end.

    .venv/bin/python bench/soak.py --seconds 600 --clients 4 --posts 200

Prints a markdown report and writes bench/results/soak.md; exits 1 when any request
failed or worker memory grew by 10% or more.
"""

import argparse
import datetime
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import redis
import requests
from bs4 import BeautifulSoup
from publish import AdminSession
from servers import PYTHON, REPO, Server, folio_environment, manage, reset_database

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/folio_soak"
RESULTS = REPO / "bench" / "results"
REDIS = "redis://127.0.0.1:6379"
EDITOR, EDITOR_PASSWORD = "soak-editor", "soak-editor-password-5b2e91"
MEMORY_GROWTH_LIMIT = 0.10
REDIS_CLAIM_KEY = "folio:soak:claimed-by"


@dataclass
class Sample:
    at: float  # seconds since traffic started
    kind: str
    ms: float
    error: str = ""  # empty when the response was what the request expects
    cache: str = ""  # X-Folio-Cache of anonymous reads: hit or miss


def claim_empty_redis_db():
    """A Redis database no one else uses: the soak's cache neither sees nor hides theirs."""
    for db in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{db}")
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, os.getpid(), nx=True):
            return db
    raise SystemExit("No empty Redis database (1-15) to run the soak on.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_blog(env, posts):
    reset_database(DATABASE_URL)
    # collectstatic needs no database, so it runs beside the migrations.
    collectstatic = subprocess.Popen(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "generate_blog", "--posts", str(posts))
    manage(env, "createsuperuser", "--noinput", "--username", EDITOR, "--email", "e@soak.test")
    if collectstatic.wait():
        raise SystemExit("collectstatic failed")


def unpack_telepath(node, seen):
    """The admin's block definitions are telepath-packed (shared parts sent once, by id)."""
    if isinstance(node, list):
        return [unpack_telepath(item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "_ref" in node:
        return seen[node["_ref"]]
    if "_type" in node:
        value = {"_type": node["_type"], "_args": unpack_telepath(node["_args"], seen)}
    elif "_dict" in node:
        value = unpack_telepath(node["_dict"], seen)
    elif "_list" in node:
        value = unpack_telepath(node["_list"], seen)
    elif "_val" in node:
        value = node["_val"]
    else:
        value = {key: unpack_telepath(item, seen) for key, item in node.items()}
    if "_id" in node:
        seen[node["_id"]] = value
    return value


def block_fields(block, state, prefix, data):
    """The fields Wagtail's block editor posts for ``state``, as its JavaScript builds them."""
    kind, args = block["_type"].rsplit(".", 1)[-1], block["_args"]
    if kind == "StreamBlock":
        children = {child["_args"][0]: child for _, group in args[1] for child in group}
        items = [(item["type"], item) for item in state]
    elif kind == "ListBlock":
        items = [(None, item) for item in state]
    if kind in ("StreamBlock", "ListBlock"):
        data[f"{prefix}-count"] = len(items)
        for i, (child_type, item) in enumerate(items):
            data |= {f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i}
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            if child_type:
                data[f"{prefix}-{i}-type"] = child_type
            child = children[child_type] if child_type else args[1]
            block_fields(child, item["value"], f"{prefix}-{i}-value", data)
    elif kind == "StructBlock":
        for child in args[1]:
            name = child["_args"][0]
            block_fields(child, state.get(name), f"{prefix}-{name}", data)
    elif "Checkbox" in args[1]["_type"]:
        if state:
            data[prefix] = "on"
    elif "Chooser" in args[1]["_type"]:  # the state is the chosen object; its id is posted
        data[prefix] = state["id"] if state else ""
    elif isinstance(state, dict):  # e.g. a table, kept as JSON in a hidden input
        data[prefix] = json.dumps(state)
    elif isinstance(state, list):  # a select's chosen options
        data[prefix] = state
    else:
        data[prefix] = "" if state is None else state


def edit_form_data(html):
    """What a browser submits for Wagtail's page edit form, unchanged."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or "__prefix__" in name or kind in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")  # as browsers read a textarea
        elif field.name == "select":
            chosen = field.find_all("option", selected=True) or field.find_all("option")[:1]
            data[name] = [option.get("value", option.text) for option in chosen]
        elif kind not in ("checkbox", "radio"):
            data[name] = field.get("value", "")
        elif field.has_attr("checked"):
            data[name] = field.get("value", "on")
    for widget in form.find_all(attrs={"data-controller": "w-block"}):
        definition = unpack_telepath(json.loads(widget["data-w-block-data-value"]), {})
        state = json.loads(widget["data-w-block-arguments-value"])[0]
        block_fields(definition, state, widget["id"], data)
    return data


def retitled(title, edit_number):
    """The title with a fresh edit counter, so the page really changes and stays short."""
    return f"{title.split(' · edit ')[0]} · edit {edit_number}"


def api_items(base, path):
    items, url = [], base + path
    while url:
        page = requests.get(url, timeout=30).json()
        items += page["items"]
        next_url = page["meta"].get("next")
        url = base + path_of(next_url) if next_url else None
    return items


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


LISTINGS = {"tag page": "tags", "category page": "categories", "author page": "authors"}


class Catalogue:
    """The blog's real URLs, read once through the API."""

    def __init__(self, base):
        self.posts = api_items(base, "/api/v2/pages/?type=blog.BlogPage&limit=100")
        self.post_paths = [path_of(p["meta"]["html_url"]) for p in self.posts]
        self.listings = {
            kind: [path_of(i["meta"]["html_url"]) for i in api_items(base, f"/api/v2/{kind}/")]
            for kind in LISTINGS.values()
        }
        self.index_pages = max(1, len(self.posts) // 15)
        self.words = sorted(
            {w.lower() for p in self.posts for w in p["title"].split() if len(w) > 3}
        )


def cache_buster(rng):
    # A campaign link: same page, new URL, so a miss that renders the page.
    return f"utm_source=newsletter&utm_campaign=c{rng.randrange(10**6)}"


def read_path(kind, site, rng):
    """The path one anonymous read of ``kind`` asks for."""
    if kind == "post page":
        return rng.choice(site.post_paths)
    if kind == "blog index":
        page = min(int(rng.expovariate(0.5)) + 1, site.index_pages)  # page 1 most often
        return "/blog/" if page == 1 else f"/blog/?page={page}"
    if kind in LISTINGS:
        return rng.choice(site.listings[LISTINGS[kind]])
    if kind == "feed":
        return rng.choice(
            ["/blog/feed/", "/blog/feed/atom/", rng.choice(site.listings["tags"]) + "feed/"]
        )
    if kind == "search":
        return "/search/?q=" + "+".join(rng.sample(site.words, 2))
    if kind == "API list":
        offset = rng.randrange(0, len(site.posts), 20)
        return f"/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20&offset={offset}"
    if kind == "API detail":
        return f"/api/v2/pages/{rng.choice(site.posts)['id']}/"
    return "/"


# Relative weights: reads add up to 90, editor actions to 10. A sixth of the page reads
# carry a cache-busting query string (cached and uncached rendering both get load).
READS = {
    "post page": 24, "blog index": 10, "home": 4, "tag page": 8, "category page": 6,
    "author page": 5, "feed": 6, "search": 6, "API list": 11, "API detail": 10,
}  # fmt: skip
EDITS = {"save draft": 7, "publish": 3}
CACHE_BUSTED_SHARE = 1 / 6


class Client(threading.Thread):
    """One reader who is sometimes an editor, with the admin session an editor keeps."""

    def __init__(self, number, base, site, run):
        super().__init__(daemon=True)
        self.base, self.site, self.run_state = base, site, run
        self.rng = random.Random(number)
        self.reader = requests.Session()
        self.editor = AdminSession(base)
        # Editors work on different posts, as people do (no edit conflicts between clients).
        self.own_posts = site.posts[number :: run.clients]
        self.edits = 0

    def run(self):
        kinds = list(READS) + list(EDITS)
        weights = list(READS.values()) + list(EDITS.values())
        while not self.run_state.stopping.is_set():
            kind = self.rng.choices(kinds, weights)[0]
            if kind in EDITS:
                self.edit(publish=kind == "publish")
            else:
                self.read(kind)

    def timed(self, kind, call, expected):
        """Run ``call`` (→ status, cache header, body), record it; the body when as expected."""
        started = time.monotonic()
        status, cache, body = None, "", None
        try:
            status, cache, body = call()
            error = "" if status == expected else f"HTTP {status}"
        except (OSError, RuntimeError) as exc:  # requests' and urllib's errors are OSErrors
            error = f"{type(exc).__name__}: {exc}"
        at = started - self.run_state.started
        ms = (time.monotonic() - started) * 1000
        self.run_state.record(Sample(at=at, kind=kind, ms=ms, error=error, cache=cache))
        return None if error else body

    def read(self, kind):
        path = read_path(kind, self.site, self.rng)
        if kind not in ("API list", "API detail") and self.rng.random() < CACHE_BUSTED_SHARE:
            path += ("&" if "?" in path else "?") + cache_buster(self.rng)

        def get():
            response = self.reader.get(self.base + path, timeout=30)
            return response.status_code, response.headers.get("X-Folio-Cache", ""), None

        self.timed(kind, get, 200)

    def admin(self, path, data=None):
        pairs = None
        if data is not None:
            pairs = [
                (k, v) for k, vs in data.items() for v in (vs if isinstance(vs, list) else [vs])
            ]
        status, html = self.editor.request(path, pairs)
        return status, "", html

    def log_in(self):
        def log_in():
            self.editor.log_in(EDITOR, EDITOR_PASSWORD)
            return 302, "", ""

        return self.timed("admin login", log_in, 302) is not None

    def edit(self, *, publish):
        """Open a post in the admin, change its title, save a draft or publish."""
        if "sessionid" not in self.editor.cookies and not self.log_in():
            return
        post = self.rng.choice(self.own_posts)
        url = f"/admin/pages/{post['id']}/edit/"
        form = self.timed("admin edit form", lambda: self.admin(url), 200)
        if form is None:
            return
        self.edits += 1
        data = edit_form_data(form)
        data["title"] = retitled(data["title"], self.edits)
        if publish:
            data["action-publish"] = "action-publish"
        kind = "publish" if publish else "save draft"
        self.timed(kind, lambda: self.admin(url, data), 302)


class Run:
    """Shared state of the client threads: the samples and the stop signal."""

    def __init__(self, clients):
        self.clients = clients
        self.samples = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.started = time.monotonic()

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def latency_cells(samples, seconds=None):
    ms = [s.ms for s in samples]
    cells = [str(len(samples))]
    if seconds:
        cells.append(f"{len(samples) / seconds:.1f}")
    cells += [
        str(sum(1 for s in samples if s.error)),
        f"{statistics.median(ms):.0f}" if ms else "–",
        f"{percentile(ms, 0.99):.0f}" if ms else "–",
    ]
    return cells


def table_row(cells):
    return "| " + " | ".join(cells) + " |"


def report(args, run, memory, window):
    """Markdown: the verdict, latency per request kind and per window, memory over time."""
    samples = run.samples
    measured = [s for s in samples if args.warmup <= s.at < args.warmup + args.seconds]
    errors = [s for s in samples if s.error]  # warm-up errors count too
    start_mb, end_mb = memory[0][1], memory[-1][1]
    growth = end_mb / start_mb - 1
    reads = [s for s in measured if s.cache]
    hits = sum(1 for s in reads if s.cache == "hit")
    passed = not errors and growth < MEMORY_GROWTH_LIMIT
    lines = [
        "# Folio soak",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {args.seconds} s of traffic "
        f"after a {args.warmup} s warm-up · {args.clients} clients · gunicorn 2 sync workers, "
        f"production settings · PostgreSQL + Redis page cache on 127.0.0.1 · {args.posts} "
        f"generated posts · {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}.",
        "",
        f"**{'Pass' if passed else 'FAIL'}**: {len(errors)} errors in {len(samples)} requests "
        f"(warm-up included; {len(measured) / args.seconds:.1f} req/s after it); worker memory "
        f"{start_mb:.0f} MB after warm-up, {end_mb:.0f} MB at the end ({growth:+.1%}; limit "
        f"+{MEMORY_GROWTH_LIMIT:.0%}). Page cache hits: {hits / max(1, len(reads)):.0%} of "
        f"anonymous reads; {sum(1 for s in measured if s.kind == 'publish')} publishes, "
        f"{sum(1 for s in measured if s.kind == 'save draft')} drafts saved.",
        "",
        "### By request (after warm-up)",
        "",
        "| request | count | errors | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in [*READS, "admin login", "admin edit form", *EDITS]:
        lines.append(table_row([kind, *latency_cells([s for s in measured if s.kind == kind])]))
    for cache in ("hit", "miss"):
        served = [s for s in reads if s.cache == cache]
        lines.append(table_row([f"*any read, cache {cache}*", *latency_cells(served)]))
    lines += [
        "",
        f"### Over time ({window}-s windows after warm-up)",
        "",
        "| from s | requests | req/s | errors | p50 ms | p99 ms | worker RSS MB at end |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for start in range(0, args.seconds, window):
        in_window = [s for s in measured if start <= s.at - args.warmup < start + window]
        rss = next((mb for at, mb in memory if at >= start + window), end_mb)
        lines.append(table_row([str(start), *latency_cells(in_window, window), f"{rss:.0f}"]))
    if errors:
        lines += ["", "### First errors", ""]
        lines += [f"- {s.at:.1f} s, {s.kind}: {s.error}" for s in errors[:20]]
    return "\n".join(lines) + "\n", passed


def steady_rss_mb(server, readings=5):
    """Median of a few readings 0.4 s apart: one large response in flight moves a single one."""
    values = []
    for _ in range(readings):
        values.append(server.worker_rss_mb())
        time.sleep(0.4)
    return statistics.median(values)


def run_traffic(args, server, site, window):
    """Start the clients; return the run and (seconds after warm-up, worker MB) readings."""
    run = Run(args.clients)
    clients = [Client(n, server.base, site, run) for n in range(args.clients)]
    for client in clients:
        client.start()
    memory = []
    for at in [*range(0, args.seconds, window), args.seconds]:
        time.sleep(max(0, run.started + args.warmup + at - time.monotonic()))
        memory.append((at, steady_rss_mb(server)))
        print(f"  {at:>4} s: {len(run.samples)} requests, {memory[-1][1]:.0f} MB", flush=True)
    run.stopping.set()
    for client in clients:
        client.join(timeout=120)
    return run, memory


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 600)))
    parser.add_argument("--warmup", type=int, default=30, help="seconds before measuring")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--workdir", default="/tmp/folio-soak")
    args = parser.parse_args()
    # Latency and memory per 10 s on short runs, per minute on long ones.
    window = 10 if args.seconds <= 120 else 60

    redis_db = claim_empty_redis_db()
    env = folio_environment(DATABASE_URL, Path(args.workdir) / "media", cache=True)
    env.update(REDIS_URL=f"{REDIS}/{redis_db}", DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD)
    server = None
    try:
        print(f"== building {args.posts} posts in {DATABASE_URL}", flush=True)
        build_blog(env, args.posts)
        server = Server(env, args.port or free_port())
        site = Catalogue(server.base)
        print(
            f"== {args.warmup} s warm-up, then {args.seconds} s of traffic from "
            f"{args.clients} clients",
            flush=True,
        )
        run, memory = run_traffic(args, server, site, window)
    finally:
        if server:
            server.stop()
        redis.Redis.from_url(f"{REDIS}/{redis_db}").flushdb()
    text, passed = report(args, run, memory, window)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.md").write_text(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
