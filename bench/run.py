"""Folio's benchmark harness (`make bench`); not part of the test suite.

For each database it builds a blog with `generate_blog`, starts gunicorn (2 workers,
production settings) on 127.0.0.1 twice — page cache on and off — and measures each
URL with wrk (Debian package `wrk`; a small Python load generator is the fallback).
A static file served by whitenoise in the same run is the reference: every figure is
also printed as a ratio to it, so runs on different machines compare.

    .venv/bin/python bench/run.py --posts 1000 --databases sqlite,postgres
    .venv/bin/python bench/run.py --scale 1000,10000,100000 --databases postgres

Results go to stdout and to bench/results/latest.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from loadgen import run_load

REPO = Path(__file__).resolve().parents[1]
PYTHON = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
RESULTS = REPO / "bench" / "results"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(kind, workdir, posts):
    if kind == "sqlite":
        return f"sqlite:///{workdir}/bench-{posts}.sqlite3"
    return f"postgres://postgres@127.0.0.1:5432/folio_bench_{posts}"


def environment(db_url, workdir, *, cache):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.production",
        DATABASE_URL=db_url,
        SECRET_KEY="benchmark-only-secret-key-not-for-production-use-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        FOLIO_PAGE_CACHE="1" if cache else "0",
        LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True)


def reset_postgres(name):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_blog(kind, workdir, posts):
    db_url = database_url(kind, workdir, posts)
    if kind == "sqlite":
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        reset_postgres(db_url.rsplit("/", 1)[1])
    env = environment(db_url, workdir, cache=False)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "generate_blog", "--posts", str(posts))
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"  built {posts} posts on {kind} in {time.monotonic() - started:.0f}s", flush=True)
    return db_url


class Server:
    def __init__(self, env, port):
        self.port = port
        self.process = subprocess.Popen(
            [GUNICORN, "folio.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--worker-class", "sync", "--log-level", "warning"],
            cwd=REPO, env=env,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_rss_mb(self):
        total = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                total += int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))
        return total / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def discover_urls(base):
    """Real URLs of this blog: a post, a tag, the CSS file whitenoise serves."""
    api = json.load(
        urllib.request.urlopen(
            f"{base}/api/v2/pages/?type=blog.BlogPage&fields=tags&limit=1&order=-date"
        )
    )
    post = api["items"][0]
    tag = post["tags"][0]
    tag_slug = tag["slug"] if isinstance(tag, dict) else tag
    html = urllib.request.urlopen(base + "/blog/").read().decode()
    css = re.search(r'href="(/static/css/folio[^"]+\.css)"', html).group(1)
    return {
        "static file": css,
        "post page": urllib.parse.urlsplit(post["meta"]["html_url"]).path,
        "blog index": "/blog/",
        "tag page": f"/blog/tag/{tag_slug}/",
        "search": "/search/?q=team+plan",
        "API list": "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20",
        "API detail": f"/api/v2/pages/{post['id']}/",
    }


def measure(server, urls, duration, connections):
    rows = {}
    for name, path in urls.items():
        urllib.request.urlopen(server.base + path).read()  # warm up (and fill the cache)
        rows[name] = run_load(server.base + path, duration=duration, connections=connections)
    return rows


def table(title, rows, reference):
    lines = [
        f"### {title}",
        "",
        "| URL | req/s | p50 ms | p99 ms | vs static |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in rows.items():
        ratio = row["rps"] / reference if reference else 0
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {ratio:.0%} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scale", default="", help="e.g. 1000,10000,100000: archive growth run")
    parser.add_argument("--workdir", default="/tmp/folio-bench")
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    report = [
        "# Folio benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load generator: {'wrk' if shutil.which('wrk') else 'python'}; gunicorn 2 sync workers, "
        f"{args.connections} connections, {args.duration}s per URL, {args.posts} posts.",
        "",
    ]
    port = 8700
    for kind in [d for d in args.databases.split(",") if d]:
        print(f"== {kind}", flush=True)
        db_url = build_blog(kind, workdir, args.posts)
        for cache in (True, False):
            server = Server(environment(db_url, workdir, cache=cache), port)
            port += 1
            try:
                urls = discover_urls(server.base)
                memory_before = server.worker_rss_mb()
                rows = measure(server, urls, args.duration, args.connections)
                memory_after = server.worker_rss_mb()
            finally:
                server.stop()
            label = "cached" if cache else "uncached"
            section = table(f"{kind}, page cache {label}", rows, rows["static file"]["rps"])
            section += f"\n\nWorker memory: {memory_before:.0f} MB at start, {memory_after:.0f} MB at end.\n"
            print(section, flush=True)
            report.append(section)

    for kind in [d for d in args.databases.split(",") if d and args.scale]:
        report.append(f"### Archive growth on {kind} (uncached p50 ms)\n")
        report.append(
            "| posts | blog index | tag page | API list | search |\n|---:|---:|---:|---:|---:|"
        )
        for posts in [int(n) for n in args.scale.split(",")]:
            db_url = build_blog(kind, workdir, posts)
            server = Server(environment(db_url, workdir, cache=False), port)
            port += 1
            try:
                urls = discover_urls(server.base)
                picked = {k: urls[k] for k in ("blog index", "tag page", "API list", "search")}
                rows = measure(server, picked, max(3, args.duration // 2), 2)
            finally:
                server.stop()
            line = f"| {posts} | " + " | ".join(f"{rows[k]['p50']:.1f}" for k in picked) + " |"
            print(line, flush=True)
            report.append(line)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text("\n\n".join(report) + "\n")
    print(f"\nWrote {RESULTS / 'latest.md'}")


if __name__ == "__main__":
    sys.exit(main())
