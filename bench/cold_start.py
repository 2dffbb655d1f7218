"""First views after an import and after a publish (issue #14), timed as a reader meets them.

A Jekyll site of ~150 posts with ~900 distinct pictures (photos and screenshots at the
sizes a real blog has, the posts' text from the shared Quire corpus) is imported into a
fresh database with production settings, then gunicorn serves it as `make serve` does
(2 sync workers, page cache on) and the FIRST request to the API list (``fields=*``, 20
posts), the blog index and a post page is timed:

1. right after the import, before the worker has run: no rendition exists, readers get
   the originals and the worker is asked for the renditions;
2. after the worker (`db_worker`, as `make worker` runs it) has made every queued
   rendition: the page cache was retired, so this is a first view again;
3. after an editor publishes a post (the page cache is retired again).

A static file's first and median request in the same run are the reference. Part of
`make bench` (bench/run.py); alone:

    .venv/bin/python bench/cold_start.py --databases postgres      # writes results/cold.md
"""

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import servers
from import_bench import AUTHORS, CATEGORIES, TAGS, WORDS, corpus_bodies, quote, slug_of
from servers import PYTHON, Server, database_url, folio_environment, manage, reset_database

RESULTS = servers.REPO / "bench" / "results"
URLS = ("API list", "blog index", "post page")
GOAL_MS = 300
IMAGE_REFERENCE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
TASK_TABLE = "django_tasks_database_dbtaskresult"


# --- the site -----------------------------------------------------------------------------


def photo(path, size, rng):
    """A photo-like JPEG: noise over a gradient, so it costs what a photo costs to encode."""
    from PIL import Image

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, rng.randint(20, 60))
    tint = Image.new("L", size, rng.randint(40, 220))
    Image.merge("RGB", (noise, gradient, tint)).save(path, "JPEG", quality=85)


def screenshot(path, size, rng):
    """A screenshot-like PNG: flat panels and text."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, (245, 247, 250))
    draw = ImageDraw.Draw(picture)
    for row in range(0, size[1], 60):
        colour = tuple(rng.randint(120, 240) for _ in range(3))
        draw.rectangle((20, row + 10, size[0] - 20, row + 50), fill=colour)
        draw.text((30, row + 20), " ".join(rng.sample(WORDS, 5)), fill=(24, 29, 37))
    picture.save(path, "PNG")


def generate_site(root, posts, images, size=(1600, 1000), seed=14):
    """``posts`` posts sharing ``images`` distinct pictures out between them: a hero photo
    each, the rest in the bodies (photos and screenshots, alternately)."""
    rng = random.Random(seed)
    site = root / "cold-site"
    marker = root / f"cold-site-{posts}-{images}.built"
    if marker.exists():  # the same seed makes the same site: reuse an earlier run's
        return site, max(1, images // posts) * posts
    if site.exists():
        shutil.rmtree(site)
    (site / "_posts").mkdir(parents=True)
    (site / "images" / "author").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Cold start\nbaseurl: /blog\n", encoding="utf-8")
    for author in AUTHORS:
        screenshot(site / "images" / "author" / f"{slug_of(author)}.png", (256, 256), rng)
    bodies = corpus_bodies() or [" ".join(rng.sample(WORDS, 12)) + ".\n"] * 10
    per_post = max(1, images // posts)
    for number in range(posts):
        slug = f"post-{number + 1}"
        folder = site / "images" / slug
        folder.mkdir()
        names = []
        for k in range(per_post):
            if k % 2 == 0:
                names.append(f"photo-{k}.jpg")
                photo(folder / names[-1], size, rng)
            else:
                names.append(f"screen-{k}.png")
                screenshot(folder / names[-1], (size[0] * 3 // 4, size[1] * 3 // 4), rng)
        body_images = iter(names[1:])

        def next_image(_match, body_images=body_images, slug=slug):
            name = next(body_images, None)
            return f"![A picture]({{{{ site.baseurl }}}}/images/{slug}/{name})" if name else ""

        body = IMAGE_REFERENCE.sub(next_image, bodies[number % len(bodies)])
        body += "".join(
            f"\n\n![A picture]({{{{ site.baseurl }}}}/images/{slug}/{name})\n"
            for name in body_images
        )
        author = AUTHORS[number % len(AUTHORS)]
        front_matter = {
            "title": f"Cold start {number + 1}: {' '.join(rng.sample(WORDS, 3))}",
            "date": f"2020-{1 + number % 12:02d}-{1 + number % 28:02d} 09:{number % 60:02d}:00",
            "categories": rng.choice(CATEGORIES),
            "index-intro": " ".join(rng.sample(WORDS, 20)).capitalize() + ".",
            "image": f"{slug}/{names[0]}",
            "tags": " ".join(rng.sample(TAGS, 3)),
            "author": author,
            "authorImg": f"/images/author/{slug_of(author)}.png",
            "authorDesc": f"{author} writes about {rng.choice(WORDS)}.",
        }
        lines = ["---", *(f"{key}: {quote(value)}" for key, value in front_matter.items()), "---"]
        (site / "_posts" / f"2020-01-01-{slug}.markdown").write_text(
            "\n".join(lines) + "\n\n" + body, encoding="utf-8"
        )
    marker.write_text("built\n")
    return site, per_post * posts


# --- measuring ----------------------------------------------------------------------------


def query(db_url, sql):
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchone()
    import psycopg

    with psycopg.connect(db_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()


def counts(db_url):
    """(rendition tasks waiting, renditions made)."""
    waiting = query(
        db_url,
        f"SELECT count(*) FROM {TASK_TABLE} WHERE status = 'READY' "
        "AND task_path = 'ops.rendition_tasks.make_renditions'",
    )[0]
    return waiting, query(db_url, "SELECT count(*) FROM wagtailimages_rendition")[0]


def timed_get(base, path):
    """(milliseconds, body) of one GET."""
    started = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=120) as response:
        body = response.read().decode(errors="replace")
    return (time.perf_counter() - started) * 1000, body


def renditions_shown(body):
    """How many renditions a response shows (rendition files are under media/images/)."""
    return body.count("/media/images/")


def first_views(base, urls, moment=""):
    row = {}
    for name in URLS:
        ms, body = timed_get(base, urls[name])
        row[name] = {"ms": ms, "renditions": renditions_shown(body)}
    # Printed as measured: a full-size run takes long, and its figures are kept if it stops.
    cells = ", ".join(
        f"{name} {cell['ms']:.0f} ms ({cell['renditions']})" for name, cell in row.items()
    )
    print(f"  {moment}: {cells} (load average {os.getloadavg()[0]:.1f})", flush=True)
    return row


def run_worker(env):
    """Every queued task, as `make worker` would run them: (wall seconds, the worker's CPU
    seconds, the load average while it ran)."""
    started = time.monotonic()
    cpu = os.times()
    for backend in ("default", "folio"):
        subprocess.run(
            [PYTHON, "manage.py", "db_worker", "--backend", backend, "--batch",
             "--no-startup-delay", "--queue-name", "*"],
            cwd=servers.target["repo"], env=env, check=True,
        )  # fmt: skip
    wall, now = time.monotonic() - started, os.times()
    load = os.getloadavg()[1 if wall > 240 else 0]  # the 5-minute average of a long run
    return (
        wall,
        now.children_user + now.children_system - cpu.children_user - cpu.children_system,
        load,
    )


PUBLISH = (
    "from blog.models import BlogPage\n"
    "post = BlogPage.objects.live().order_by('-date').first()\n"
    "post.title += ' (edited)'\n"
    "post.save_revision().publish()\n"
)


def run_cold(kind, workdir, port, posts=150, images=900, name_suffix="", worker=True):
    """Figures of one database: a dict for ``cold_section``. Without ``worker`` only the
    first views right after the import are measured (the worker's renditions of ~900
    pictures take over an hour on a loaded 2-core machine)."""
    workdir.mkdir(parents=True, exist_ok=True)
    site, image_count = generate_site(workdir / f"site-{kind}", posts, images)
    db_url = database_url(kind, workdir, f"folio-cold-start{name_suffix}")
    media = workdir / f"media-{kind}"
    reset_database(db_url)
    env = folio_environment(db_url, media, cache=True)
    env["FOLIO_GENERATION_DIR"] = str(workdir / f"generation-{kind}")
    base = f"http://127.0.0.1:{port}"
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "setup_site", "--base-url", base)
    started = time.monotonic()
    manage(env, "import_jekyll", str(site), "--verbosity", "0")
    result = {"posts": posts, "images": image_count, "import_s": time.monotonic() - started}
    result["queued"] = counts(db_url)[0]
    with Server(env, port):
        post_path = "/blog/" + query(
            db_url, "SELECT slug FROM wagtailcore_page WHERE depth = 4 AND live "
            "ORDER BY id DESC LIMIT 1",
        )[0] + "/"  # fmt: skip
        css = None
        urls = {
            "API list": "/api/v2/pages/?type=blog.BlogPage&fields=*&limit=20",
            "blog index": "/blog/",
            "post page": post_path,
        }
        # Both workers load their templates on a page no post is on (a 404).
        for _ in range(4):
            try:
                timed_get(base, "/no-such-page/")
            except urllib.error.HTTPError as error:
                css = css or re.search(
                    r'href="(/static/css/folio[^"]+\.css)"', error.read().decode()
                )
        result["before"] = first_views(base, urls, "before the worker")
        result["second"] = first_views(base, urls, "same URL again")
        result["asked"] = counts(db_url)[0] - result["queued"]
        if worker:
            made_before = counts(db_url)[1]
            result["worker_s"], result["worker_cpu_s"], result["worker_load"] = run_worker(env)
            result["made"] = counts(db_url)[1]
            print(
                f"  worker: {result['made'] - made_before} renditions in "
                f"{result['worker_s']:.0f} s ({result['worker_cpu_s']:.0f} s CPU, load "
                f"{result['worker_load']:.1f})",
                flush=True,
            )
            result["after"] = first_views(base, urls, "after the worker")
            manage(env, "shell", "-c", PUBLISH)
            result["published"] = first_views(base, urls, "after a publish")
        static_path = css.group(1) if css else "/static/css/folio.css"
        static = [timed_get(base, static_path)[0] for _ in range(20)]
        result["static"] = {"first": static[0], "median": statistics.median(static)}
    return result


# --- the report ---------------------------------------------------------------------------


def cold_section(kind, result):
    static = result["static"]["median"]
    lines = [
        f"### First views after an import and a publish, {kind}",
        "",
        f"{result['posts']} imported posts with {result['images']} distinct pictures "
        f"(import {result['import_s']:.0f} s); gunicorn as `make serve` (2 sync workers, "
        f"page cache on). Each cell: the first request's ms, × a static file's median "
        f"request ({static:.1f} ms), and the renditions the response shows.",
        "",
        "| moment | " + " | ".join(URLS) + " |",
        "|---|" + "---:|" * len(URLS),
    ]
    moments = [
        ("before", "after the import, before the worker"),
        ("second", "same URL again (page cache)"),
        ("after", f"after the worker made {result.get('made')} renditions in {result.get('worker_s', 0):.0f} s"),
        ("published", "after an editor publishes a post"),
    ]  # fmt: skip
    for key, label in moments:
        if key not in result:
            lines.append(
                f"| {label.split(' made ')[0]} | " + " | ".join(["not measured"] * len(URLS)) + " |"
            )
            continue
        cells = [
            f"{cell['ms']:.0f} ms ({cell['ms'] / static:.0f}×), {cell['renditions']}"
            for cell in (result[key][name] for name in URLS)
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"The import queued {result['queued']} rendition tasks; the first views asked for "
        f"{result['asked']} more (missing renditions, once per image and use).",
    ]
    if "worker_cpu_s" in result:
        lines += [
            "",
            f"The worker (one `db_worker`, as `make worker`) made {result['made']} renditions "
            f"in {result['worker_s']:.0f} s, {result['made'] / result['worker_s']:.1f} a "
            f"second ({result['worker_cpu_s']:.0f} s of CPU, "
            f"{result['worker_cpu_s'] * 1000 / max(result['made'], 1):.0f} ms a rendition; "
            f"load average {result['worker_load']:.1f} while it ran).",
        ]
    return "\n".join(lines)


def cold_goal_lines(kind, result):
    lines = []
    for key, label in (("before", "before the worker"), ("after", "after the worker"),
                       ("published", "after a publish")):  # fmt: skip
        if key not in result:
            lines.append(
                f"- **not measured**: {kind}: first views {label} (run without the worker)"
            )
            continue
        slowest = max(result[key][name]["ms"] for name in URLS)
        lines.append(
            f"- {'**met**' if slowest < GOAL_MS else '**not met**'}: {kind}: first views "
            f"{label}, slowest {slowest:.0f} ms (API list, blog index, post page; goal < "
            f"{GOAL_MS} ms)"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=150)
    parser.add_argument("--images", type=int, default=900)
    parser.add_argument("--databases", default="postgres")
    parser.add_argument("--workdir", default="/tmp/folio-bench/cold")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--repo", type=Path, default=servers.REPO)
    parser.add_argument("--name-suffix", default="", help="appended to the database's name")
    parser.add_argument(
        "--no-worker", action="store_true", help="only the first views right after the import"
    )
    args = parser.parse_args()
    servers.target["repo"] = args.repo.resolve()
    report = ["# Folio first views after an import", ""]
    goals = ["### Goals", ""]
    for offset, kind in enumerate(d for d in args.databases.split(",") if d):
        print(f"== cold start on {kind}", flush=True)
        result = run_cold(kind, Path(args.workdir) / kind, args.port + offset, args.posts,
                          args.images, args.name_suffix, not args.no_worker)  # fmt: skip
        report.append(cold_section(kind, result))
        goals += cold_goal_lines(kind, result)
        print(report[-1], flush=True)
    report.append("\n".join(goals))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cold.md").write_text("\n\n".join(report) + "\n")
    print("\n".join(goals))


if __name__ == "__main__":
    sys.exit(main())
