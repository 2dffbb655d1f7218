"""The real Jekyll, where it is installed: the oracle an import is measured against.

:func:`build_site` builds a site with Jekyll (``folio_build.rb``: Jekyll's own build,
with the Redcarpet converter Jekyll 4 dropped restored) and returns the body Jekyll
rendered for each post. An import can map those bodies instead of rendering the posts
itself (``--renderer jekyll``), or measure what it made against them (``--reference
jekyll``). Uploads from the admin are built in Jekyll's safe mode: no plugin of the site
runs. The build runs in a child process with a time and memory bound, writing only to a
temporary folder.

Jekyll comes from Debian (``apt-get install jekyll ruby-kramdown ruby-redcarpet
ruby-jekyll-paginate ruby-jekyll-commonmark``); without it :func:`jekyll_version` is
``None`` and imports compare with Folio's own reading of the Markdown.
"""

import json
import os
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "folio_build.rb"
DEFAULT_TIMEOUT_SECONDS = 600
MEMORY_BYTES = 4 * 1024**3


class JekyllUnavailable(RuntimeError):
    """Jekyll is not installed here."""


class JekyllFailed(RuntimeError):
    """Jekyll could not build the site; the message says why, in Jekyll's words."""


@dataclass(frozen=True)
class JekyllPost:
    html: str = ""
    url: str = ""
    error: str = ""


@dataclass
class JekyllBuild:
    version: str
    engine: str
    safe: bool
    posts: dict[str, JekyllPost] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"Jekyll {self.version}" + (" (safe mode)" if self.safe else "")


@lru_cache(maxsize=1)
def jekyll_version() -> str | None:
    """The installed Jekyll's version, or ``None`` when Ruby or Jekyll is missing."""
    ruby = shutil.which("ruby")
    if ruby is None:
        return None
    try:
        child = subprocess.run(
            [ruby, "-e", 'require "jekyll"; print Jekyll::VERSION'],
            capture_output=True,
            text=True,
            timeout=60,
            env=child_environment(tempfile.gettempdir()),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return child.stdout.strip() if child.returncode == 0 and child.stdout.strip() else None


def timeout_seconds() -> int:
    return int(getattr(settings, "FOLIO_JEKYLL_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))


def child_environment(home: str) -> dict:
    """A plain environment: no Ruby or Bundler settings of this server's user leak in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": os.environ.get("TZ", settings.TIME_ZONE),
    }


def limit_child():  # pragma: no cover (runs in the child)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    # A backstop should this process die: the timeout below stops the build first.
    seconds = 2 * timeout_seconds() + 10
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))


def build_site(root: Path, *, safe: bool) -> JekyllBuild:
    """Build the site at ``root`` with Jekyll; the body of each post, by its path."""
    version = jekyll_version()
    if version is None:
        raise JekyllUnavailable("Jekyll is not installed on this server.")
    root = Path(root)
    if not (root / "_posts").is_dir() and not (root / "_config.yml").is_file():
        raise JekyllFailed("the folder is not a Jekyll site (no _posts/, no _config.yml)")
    with tempfile.TemporaryDirectory(prefix="folio-jekyll-") as folder:
        output = Path(folder) / "bodies.json"
        command = ["ruby", str(DRIVER), str(Path(root).resolve()), str(output)]
        try:
            child = subprocess.run(
                command + (["--safe"] if safe else []),
                capture_output=True,
                text=True,
                timeout=timeout_seconds(),
                env=child_environment(folder),
                cwd=folder,
                preexec_fn=limit_child,  # noqa: PLW1509 (no threads are started before)
            )
        except subprocess.TimeoutExpired as error:
            raise JekyllFailed(f"Jekyll took more than {timeout_seconds()} seconds") from error
        if child.returncode != 0 or not output.is_file():
            raise JekyllFailed(jekyll_problem(child.stderr))
        result = json.loads(output.read_text(encoding="utf-8"))
    return JekyllBuild(
        version=result.get("jekyll", version),
        engine=result.get("markdown", ""),
        safe=safe,
        posts={
            key: JekyllPost(
                html=post.get("html", ""), url=post.get("url", ""), error=post.get("error", "")
            )
            for key, post in result.get("posts", {}).items()
        },
    )


def jekyll_problem(stderr: str) -> str:
    """The lines of Jekyll's error output that say what went wrong (not where in Ruby)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = [line for line in lines if not line.startswith("from ")]
    useful = [line for line in said if "rror" in line or "xception" in line] or said
    return " ".join(useful[:3])[:1000] or "Jekyll stopped without saying why"
