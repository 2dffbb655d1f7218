"""CPU time per request of Folio's pages, page cache off, in-process (not part of `make bench`).

Builds (or reuses) a generated blog in a scratch SQLite file, then GETs each URL through
Django's test client under the production settings: CPU ms per request (process time, so
other processes on a shared machine barely move it), the query count, and optionally a
cProfile of one URL. Load-independent, so it compares before/after a change on a busy
machine where wrk's req/s would be noisy.

    .venv/bin/python bench/profile_pages.py                        # every URL, 1000 posts
    .venv/bin/python bench/profile_pages.py --only "post page" --profile --requests 50

With --query-floor, what one query costs before anything is rendered: a post by primary
key through the ORM (as ``BlogPage``, then as a plain ``Page``) and the same row through a
raw cursor (issue #14: the uncached post page makes ten queries).

Against a blog `bench/run.py` built on PostgreSQL, every cache off (page cache and the
cached parts), keeping each response to compare before/after a change byte for byte:

    .venv/bin/python bench/profile_pages.py --database-url postgres://…/folio_bench_200 \
        --no-fragments --save /tmp/responses-before
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECRET_KEY = "profile-only-secret-key-not-for-production-use-0123456789"


def environment(workdir, *, page_cache, database_url=None, fragments=True):
    env = {
        "DJANGO_SETTINGS_MODULE": "folio.settings.production",
        "DATABASE_URL": database_url or f"sqlite:///{workdir}/blog.sqlite3",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "FOLIO_PAGE_CACHE": "1" if page_cache else "0",
        "FOLIO_FRAGMENT_CACHE": "1" if fragments else "0",
        "FOLIO_GC_FREEZE": "1",  # as in a gunicorn worker (ops/gc_freeze.py)
        "LOG_LEVEL": "ERROR",
    }
    return env


def build(workdir, posts, env):
    if (workdir / "blog.sqlite3").exists():
        return
    workdir.mkdir(parents=True, exist_ok=True)
    python = str(REPO / ".venv" / "bin" / "python")
    full_env = os.environ | env
    for args in (
        ("migrate", "--noinput", "-v0"),
        ("generate_blog", "--posts", str(posts)),
        ("collectstatic", "--noinput", "-v0"),
    ):
        subprocess.run([python, "manage.py", *args], cwd=REPO, env=full_env, check=True)


def discover_urls():
    from blog.models import BlogPage

    post = BlogPage.objects.live().order_by("-pk").first()
    tag = sorted(post.tags.all(), key=lambda t: t.slug)[0]
    return {
        "post page": post.url,
        "blog index": "/blog/",
        "tag page": f"/blog/tag/{tag.slug}/",
        "API list": "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20",
        # Without the rendered bodies (added after issue #14's goal was set).
        "API list lean": "/api/v2/pages/?type=blog.BlogPage&fields=*,-html,-plaintext&limit=20",
        "API detail": f"/api/v2/pages/{post.pk}/",
    }


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def measure(client, path, requests):
    for _ in range(3):  # warm: templates, renditions, connections
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    cpu = []
    for _ in range(requests):
        started = time.process_time()
        client.get(path)
        cpu.append((time.process_time() - started) * 1000)
    cpu.sort()
    return {
        "mean": statistics.fmean(cpu),
        "p50": cpu[len(cpu) // 2],
        "max": cpu[-1],
        "bytes": len(response.content),
    }


def save_responses(client, urls, names, folder):
    """Each URL's body, and the seed post's and the longest post's pages and API details."""
    from blog.models import BlogPage

    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: urls[name] for name in names}
    posts = BlogPage.objects.live().order_by("pk")
    longest = max(posts, key=lambda post: len(str(post.body.raw_data)))
    for label, post in (("first post", posts.first()), ("longest post", longest)):
        paths[label] = post.url
        paths[f"{label} API detail"] = f"/api/v2/pages/{post.pk}/?fields=*"
    for name, path in paths.items():
        body = client.get(path).content
        (folder / (name.replace(" ", "-") + ".out")).write_bytes(body)


def query_floor(requests):
    """CPU ms of the cheapest ways to load one post: the ORM's share is the floor of
    every query a page makes, whatever it renders."""
    from django.db import connection
    from wagtail.models import Page

    from blog.models import BlogPage

    pk = BlogPage.objects.live().order_by("-pk").values_list("pk", flat=True).first()

    def raw_row():
        with connection.cursor() as cursor:
            cursor.execute("SELECT title FROM wagtailcore_page WHERE id = %s", [pk])
            cursor.fetchall()

    ways = {
        "BlogPage.objects.get(pk=…)": lambda: BlogPage.objects.get(pk=pk),
        "Page.objects.get(pk=…)": lambda: Page.objects.get(pk=pk),
        "raw cursor, one column": raw_row,
    }
    for name, load in ways.items():
        for _ in range(20):
            load()
        cpu = []
        for _ in range(requests):
            started = time.process_time()
            load()
            cpu.append((time.process_time() - started) * 1000)
        print(f"{name:<28} {statistics.median(cpu):.3f} CPU ms (median)")


def profile(client, path, requests, sort):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(45)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/folio-profile"))
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", action="append", help="URL name(s) to measure")
    parser.add_argument("--profile", action="store_true", help="cProfile the measured URLs")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--page-cache", action="store_true", help="measure cache hits")
    parser.add_argument("--database-url", help="an existing blog (e.g. bench/run.py's)")
    parser.add_argument("--no-fragments", action="store_true", help="cached parts off too")
    parser.add_argument("--save", type=Path, help="keep each URL's response in this folder")
    parser.add_argument("--query-floor", action="store_true", help="one query's cost only")
    args = parser.parse_args()

    env = environment(
        args.workdir,
        page_cache=args.page_cache,
        database_url=args.database_url,
        fragments=not args.no_fragments,
    )
    if not args.database_url:
        build(args.workdir, args.posts, env)
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    if args.query_floor:
        return query_floor(args.requests)
    client = Client(HTTP_HOST="localhost")
    urls = discover_urls()
    names = args.only or list(urls)
    print(f"{'URL':<12} {'CPU ms mean':>11} {'p50':>7} {'max':>7} {'queries':>7} {'KB':>6}")
    if args.save:
        save_responses(client, urls, names, args.save)
    for name in names:
        row = measure(client, urls[name], args.requests)
        queries = count_queries(client, urls[name])
        print(
            f"{name:<12} {row['mean']:>11.2f} {row['p50']:>7.2f} {row['max']:>7.2f} "
            f"{queries:>7} {row['bytes'] / 1024:>6.1f}",
            flush=True,
        )
    if args.profile:
        for name in names:
            print(f"== {name}")
            profile(client, urls[name], args.requests, args.sort)


if __name__ == "__main__":
    sys.exit(main())
