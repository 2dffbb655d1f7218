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
failed or worker memory grew by 10% or more. Drops its database and media at the end
(``--keep`` keeps them to look into).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import redis
from servers import (
    PYTHON,
    REPO,
    Server,
    drop_database,
    folio_environment,
    manage,
    reset_database,
)
from soak_clients import EDITOR, EDITOR_PASSWORD, Run
from soak_memory import sample_memory
from soak_report import report
from soak_traffic import Catalogue

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/folio_soak"
RESULTS = REPO / "bench" / "results"
REDIS = "redis://127.0.0.1:6379"
REDIS_CLAIM_KEY = "folio:soak:claimed-by"


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


def run_traffic(args, server, site, window):
    """Let the clients loose; return the run and (seconds after warm-up, worker MB) readings."""
    run = Run(args.clients)
    run.start(server.base, site)
    try:
        memory = sample_memory(server, run, warmup=args.warmup, seconds=args.seconds, window=window)
    finally:
        run.stop()
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
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and media at the end"
    )
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
        if not args.keep:
            drop_database(DATABASE_URL)
            shutil.rmtree(Path(args.workdir) / "media", ignore_errors=True)
    text, passed = report(args, run, memory, window)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.md").write_text(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
