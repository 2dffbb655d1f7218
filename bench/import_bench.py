"""How fast the Jekyll importer is: posts/second and peak memory (`make bench-import`).

It generates a Jekyll site of N posts (default 2000) shaped like the shared Quire corpus
— front matter with authors, categories, tags, related posts by title, hero images;
bodies with intros, notices, guests-only calls to action, fenced code, tables, lists,
images and links to other posts; a few hundred real PNG/JPEG files shared by the posts —
then, for each database, migrates a fresh one, runs `manage.py setup_site` and times
`manage.py import_jekyll` in a subprocess. The shared corpus (../shared/corpus) is
imported too when it is there. Not part of the test suite.

    .venv/bin/python bench/import_bench.py --posts 2000 --databases sqlite,postgres

The import's resident memory is read from /proc while it runs (at 25/50/75/100 % of the
posts, to show whether it grows with them) and its peak from the kernel at exit.
Results go to stdout and to bench/results/import.md.
"""

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = str(REPO / ".venv" / "bin" / "python")
RESULTS = REPO / "bench" / "results"
CORPUS = REPO.parent / "shared" / "corpus"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "folio_import_bench"
STATUSES = ("created", "updated", "unchanged", "skipped", "failed")

# --- the generated site ------------------------------------------------------------------

AUTHORS = ["Vicky Pham", "Crystal Chen", "Quire Marketing Team", "Nancy Lin", "Jerry Chen"]
CATEGORIES = ["features", "workstyle", "productivity-tips", "milestones", "how-to", "news"]
TAGS = "taskmanagement productivity remote teamwork kanban planning agile tips ai".split()
WORDS = (
    "team task plan project board deadline focus habit meeting goal sprint review timeline "
    "workflow priority client note calendar list manager remote schedule report update"
).split()
IMAGE_REFERENCE = re.compile(
    r"(?:\{\{\s*site\.baseurl\s*\}\})?/images/(?:\{\{[^}]*\}\}|[^)\s\"'{])+?\.(?:png|jpe?g|gif)",
    re.IGNORECASE,
)
LEGACY_LINK = re.compile(r"/blog/p/[^)\s\"']+\.html")
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
TITLE = re.compile(r"^title:\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)


def make_images(images_dir: Path, count: int) -> list[str]:
    """``count`` distinct small PNG and JPEG files under images/pool/, plus author pictures."""
    from PIL import Image, ImageDraw

    pool = images_dir / "pool"
    pool.mkdir(parents=True)
    names = []
    for number in range(count):
        colour = ((number * 37) % 256, (number * 91) % 256, (number * 53) % 256)
        picture = Image.new("RGB", (160 + number % 7 * 20, 90 + number % 5 * 10), colour)
        ImageDraw.Draw(picture).text((8, 8), f"image {number}", fill=(255, 255, 255))
        name = f"img-{number:04d}.{'png' if number % 2 else 'jpg'}"
        picture.save(pool / name)
        picture.close()
        names.append(f"pool/{name}")
    (images_dir / "author").mkdir()
    for number, author in enumerate(AUTHORS):
        picture = Image.new("RGB", (64, 64), (number * 40, 120, 200 - number * 30))
        picture.save(images_dir / "author" / f"{slug_of(author)}.png")
        picture.close()
    return names


def slug_of(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "post"


def corpus_bodies() -> list[str]:
    """The Quire posts' bodies, to make generated posts read like real ones."""
    posts = sorted((CORPUS / "quire" / "_posts").glob("*.markdown"))
    return [FRONT_MATTER.sub("", path.read_text(encoding="utf-8")) for path in posts]


def synthetic_body(rng: random.Random) -> str:
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "."
        for _ in range(rng.randint(3, 6))
    ]
    return "\n\n".join(["## " + " ".join(rng.sample(WORDS, 4)).title(), *paragraphs]) + "\n"


def extra_sections(rng: random.Random, images: list[str], other_slug: str) -> str:
    """What every generated post carries besides its body: one of each kind of block."""
    words = " ".join(rng.sample(WORDS, 12))
    return f"""
<p class="notice">Note: {words}.</p>

See also [an earlier post](/blog/p/{other_slug}.html) about {rng.choice(WORDS)}.

![{rng.choice(WORDS)} screenshot]({{{{ site.baseurl }}}}/images/{rng.choice(images)})

```python
def {rng.choice(WORDS)}_{rng.randint(1, 99)}(tasks):
    return sorted(tasks, key=lambda task: task.priority)
```

| {rng.choice(WORDS)} | {rng.choice(WORDS)} | done |
|---|---|---|
| {words[:20]} | {rng.randint(1, 9)} | yes |
| {words[20:40]} | {rng.randint(1, 9)} | no |

- {rng.choice(WORDS)} first
- then {rng.choice(WORDS)}
  1. nested {rng.choice(WORDS)}

<div class="guest-only">
{{% markdown %}}
[![Sign up]({{{{ site.baseurl }}}}/images/{rng.choice(images)})](https://example.com/signup)
**Try it free** — {words}.
{{% endmarkdown %}}
</div>
"""


def generate_site(root: Path, posts: int, *, images: int = 300, seed: int = 2000) -> Path:
    """A Jekyll site of ``posts`` posts under ``root``; returns the site folder."""
    rng = random.Random(seed)
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(
        "title: Bench blog\nurl: https://bench.example.com\nbaseurl: /blog\n", encoding="utf-8"
    )
    pool = make_images(site / "images", images)
    templates = corpus_bodies() or [synthetic_body(rng) for _ in range(40)]
    first_day = datetime(2014, 1, 1, 9, 30)
    entries = []
    for number in range(posts):
        template = templates[number % len(templates)]
        title = f"{TITLE_WORDS[number % len(TITLE_WORDS)]} {number + 1}: " + " ".join(
            rng.sample(WORDS, 3)
        )
        date = first_day + timedelta(hours=number * 30)
        entries.append((number, title, date, f"{slug_of(title)}", template))
    for number, title, date, slug, template in entries:
        related = [entries[rng.randrange(posts)][1] for _ in range(rng.randint(1, 3))]
        other_slug = entries[rng.randrange(posts)][3]
        body = IMAGE_REFERENCE.sub(
            lambda _match: "{{ site.baseurl }}/images/" + rng.choice(pool), template
        )
        body = LEGACY_LINK.sub(f"/blog/p/{other_slug}.html", body)
        author = AUTHORS[number % len(AUTHORS)]
        front_matter = {
            "layout": "post",
            "title": title,
            "date": date.strftime("%Y-%m-%d %H:%M:%S"),
            "categories": rng.choice(CATEGORIES),
            "index-intro": " ".join(rng.sample(WORDS, 20)).capitalize() + ".",
            "category-intro": " ".join(rng.sample(WORDS, 10)).capitalize() + "...",
            "image": rng.choice(pool),
            "imgDir": "pool",
            "tags": " ".join(rng.sample(TAGS, 3)),
            "author": author,
            "authorImg": f"/images/author/{slug_of(author)}.png",
            "authorLink": f"https://example.com/people/{slug_of(author)}",
            "authorDesc": f"{author} writes about {rng.choice(WORDS)}.",
        }
        lines = ["---"] + [f"{key}: {quote(value)}" for key, value in front_matter.items()]
        lines.append("relatedPosts: [" + ", ".join(quote(title) for title in related) + "]")
        lines.append("---")
        text = "\n".join(lines) + "\n\n" + body + extra_sections(rng, pool, other_slug)
        name = f"{date:%Y-%m-%d}-{slug}.markdown"
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    return site


TITLE_WORDS = ["Notes", "How we", "Tips", "Inside", "Planning", "Lessons", "Guide"]


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- running an import -------------------------------------------------------------------


def database_url(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir}/import-bench.sqlite3"
    return f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"


def fresh_database(kind: str, workdir: Path) -> dict:
    """A migrated empty database with the site tree; returns the environment using it."""
    url = database_url(kind, workdir)
    if kind == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    env = dict(os.environ, DATABASE_URL=url, MEDIA_ROOT=str(workdir / f"media-{kind}"))
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput", "-v0"], ["setup_site"]):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def timed_import(env: dict, site: Path, posts: int) -> dict:
    """Run ``import_jekyll`` on ``site``; wall time, peak RSS and RSS at each quarter."""
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "import_jekyll", str(site), "--verbosity", "1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    done = {"posts": 0, "failed": 0, "summary": []}

    def follow_output():
        # One line per post (not a terminal), then the summary.
        for line in process.stdout:
            first = line.split(" ", 1)[0]
            if first in STATUSES:
                done["posts"] += 1
                done["failed"] += first == "failed"
            elif not line.startswith(" ") and first != "missing":
                done["summary"].append(line.rstrip())

    reader = threading.Thread(target=follow_output, daemon=True)
    reader.start()
    quarters = {}
    # The machine's one-minute load average while the import runs: other work on the
    # machine slows the wall time down (CPU time much less).
    loads = []
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if not loads or time.monotonic() - started >= len(loads):
            loads.append(os.getloadavg()[0])
        rss = rss_kb(process.pid)
        for quarter in (25, 50, 75):
            if quarter not in quarters and done["posts"] * 100 >= posts * quarter:
                quarters[quarter] = rss
        quarters[100] = rss or quarters.get(100, 0)
        time.sleep(0.1)
    seconds = time.monotonic() - started
    reader.join(timeout=10)
    exit_code = os.waitstatus_to_exitcode(status)
    process.returncode = exit_code
    return {
        "seconds": seconds,
        "posts": done["posts"],
        "failed": done["failed"],
        "exit": exit_code,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "quarters_mb": {quarter: kb / 1024 for quarter, kb in sorted(quarters.items())},
        "summary": done["summary"],
        "load": sum(loads) / len(loads) if loads else os.getloadavg()[0],
    }


def bench(kind: str, workdir: Path, name: str, site: Path, posts: int) -> dict:
    print(f"== {name} on {kind}: migrating a fresh database", flush=True)
    env = fresh_database(kind, workdir)
    print(f"   importing {posts} posts", flush=True)
    result = timed_import(env, site, posts)
    result.update(database=kind, name=name)
    print(f"   {row(result)}", flush=True)
    for line in result["summary"][-4:]:
        print(f"   {line}", flush=True)
    return result


def row(result: dict) -> str:
    rate = result["posts"] / result["seconds"] if result["seconds"] else 0
    cpu_rate = result["posts"] / result["cpu_seconds"] if result["cpu_seconds"] else 0
    quarters = " / ".join(f"{mb:.0f}" for mb in result["quarters_mb"].values())
    return (
        f"| {result['name']} | {result['database']} | {result['posts']} | {result['failed']} "
        f"| {result['seconds']:.1f} | {rate:.1f} | {result['cpu_seconds']:.1f} | {cpu_rate:.1f} "
        f"| {result['peak_mb']:.0f} | {quarters} | {result['load']:.1f} |"
    )


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else ""
    return (
        f"{platform.machine()} {model}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--images", type=int, default=300, help="distinct image files")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--workdir", default="", help="default: a temporary folder")
    parser.add_argument("--no-corpus", action="store_true", help="skip the shared corpus")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="folio-import-bench-") as temporary:
        workdir = Path(args.workdir or temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        site = generate_site(workdir / "generated", args.posts, images=args.images)
        print(f"Generated {args.posts} posts in {time.monotonic() - started:.0f}s", flush=True)
        runs = [(f"generated {args.posts}", site, args.posts)]
        corpus = CORPUS / "quire"
        if corpus.is_dir() and not args.no_corpus:
            runs.append(("quire corpus", corpus, len(list((corpus / "_posts").iterdir()))))
        results = [
            bench(kind, workdir, name, path, posts)
            for kind in args.databases.split(",")
            if kind
            for name, path, posts in runs
        ]

    lines = [
        "# Jekyll import benchmark",
        "",
        f"Machine: {machine()}. `manage.py import_jekyll` (settings `folio.settings.dev`) into "
        f"a fresh database after `migrate` and `setup_site`; {args.images} distinct images. "
        "Wall time depends on what else runs (load avg: the machine's one-minute load "
        "average, mean over the import); CPU time (the import process's user + system, "
        "and its worker's) is the steadier figure.",
        "",
        "| site | database | posts | failed | wall s | posts/s | CPU s | posts/CPU s "
        "| peak RSS MB | RSS MB at 25/50/75/100 % | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        *(row(result) for result in results),
        "",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if any(result["exit"] not in (0, 1) for result in results):
        sys.exit("An import crashed; see above.")


if __name__ == "__main__":
    main()
