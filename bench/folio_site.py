"""Build a Folio blog of N posts for the benchmark and find the URLs to measure."""

import re
import sqlite3
import time
import urllib.request

from servers import database_exists, folio_environment, manage, reset_database

ADMIN_USERNAME = "bench"
ADMIN_PASSWORD = "bench-only-password-0123456789"
# Blogs this run has built already (the archive growth run reuses the main run's size).
built_this_run = set()


def build_blog(db_url, media_root, posts, *, reuse=False):
    """Migrate, generate ``posts`` posts (the site tree too), collect static files.

    With ``reuse`` a database already built for this size (a marker file says so) is kept:
    building 100k posts takes minutes that need not be spent on every run. Returns whether
    an earlier run's blog was reused.
    """
    marker = media_root.parent / f"{db_url.rsplit('/', 1)[1]}.built"
    env = folio_environment(db_url, media_root, cache=False)
    if db_url in built_this_run:
        return False
    if reuse and marker.exists() and database_exists(db_url):
        built_this_run.add(db_url)
        manage(env, "migrate", "--noinput", "-v0")  # the code measured may be newer
        print(f"  reusing {db_url} ({marker.read_text().strip()})", flush=True)
        return True
    marker.unlink(missing_ok=True)
    reset_database(db_url)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_blog", "--posts", str(posts))
    # The renditions the posts show, as `make worker` makes them on a real site: without
    # them every request shows the originals and asks the worker again.
    for backend in ("default", "folio"):
        manage(env, "db_worker", "--backend", backend, "--batch", "--no-startup-delay",
               "--queue-name", "*")  # fmt: skip
    manage(env, "collectstatic", "--noinput", "-v0")
    env.update(FOLIO_ADMIN_USERNAME=ADMIN_USERNAME, FOLIO_ADMIN_PASSWORD=ADMIN_PASSWORD)
    manage(env, "ensure_admin")
    elapsed = time.monotonic() - started
    marker.write_text(f"{posts} posts, built in {elapsed:.0f}s\n")
    built_this_run.add(db_url)
    print(f"  built {posts} posts at {db_url} in {elapsed:.0f}s", flush=True)
    return False


def newest_post(db_url):
    """(id, url path, a tag slug) of the newest generated post, read from the database.

    Read directly rather than through the API, whose listing can take longer than a
    gunicorn worker may at 100k posts. The newest post (highest id) is a generated one at
    every size, so its tag is one of the generated tags, on ~2.5% of the posts.
    """
    sql = (
        "SELECT p.id, p.url_path, t.slug FROM wagtailcore_page p "
        "JOIN blog_blogpage b ON b.page_ptr_id = p.id "
        "JOIN blog_blogpagetag bt ON bt.content_object_id = p.id "
        "JOIN taggit_tag t ON t.id = bt.tag_id "
        "WHERE p.live ORDER BY p.id DESC, t.slug LIMIT 1"
    )
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchone()
    import psycopg

    with psycopg.connect(db_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()


def discover_urls(base, db_url):
    """Real URLs of this blog: the newest post, its tag, the CSS file whitenoise serves."""
    post_id, url_path, tag_slug = newest_post(db_url)
    home = urllib.request.urlopen(base + "/", timeout=120).read().decode()
    css = re.search(r'href="(/static/css/folio[^"]+\.css)"', home).group(1)
    # url_path starts at the root page ("/home/blog/slug/"); the site serves "/blog/slug/".
    post_path = "/" + url_path.strip("/").split("/", 1)[1] + "/"
    return {
        "static file": css,
        "post page": post_path,
        "blog index": "/blog/",
        "tag page": f"/blog/tag/{tag_slug}/",
        "search": "/search/?q=team+plan",
        "API list": "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20",
        "API detail": f"/api/v2/pages/{post_id}/",
    }, post_id
