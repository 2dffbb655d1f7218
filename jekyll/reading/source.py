"""Find the posts to import and the Jekyll site they belong to.

``import_jekyll PATH`` accepts a Jekyll site folder (``_config.yml``, ``_posts/``,
``images/``), a ``_posts/`` folder or single post files. Whatever was given, the site
root is where ``_config.yml`` and ``images/`` are looked up, and post keys are paths
relative to it, so the same post gets the same key however it was pointed at.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .yaml_text import load_yaml, yaml_problem

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html")
POST_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<title>.+)$")


class SourceError(Exception):
    """The path given to the importer cannot be imported at all."""


@dataclass(frozen=True)
class JekyllSite:
    """A Jekyll site (or what is known of it) and the post files to import from it."""

    root: Path
    config: dict = field(default_factory=dict)
    config_text: str = ""
    post_paths: tuple[Path, ...] = ()
    # Whether ``post_paths`` are all of the site's posts (a folder was given, not files).
    whole_folder: bool = False
    # What could not be read of the site itself (``_config.yml``), for the report.
    warnings: tuple[str, ...] = ()

    @property
    def images_dir(self) -> Path:
        return self.root / "images"

    @property
    def baseurl(self) -> str:
        """``site.baseurl`` without a trailing slash; Jekyll's default is empty."""
        return str(self.config.get("baseurl") or "").rstrip("/")

    @property
    def time_zone(self) -> str:
        return str(self.config.get("timezone") or "")

    def source_key(self, post_path: Path) -> str:
        """The post's path relative to the site root: the key that makes imports idempotent."""
        try:
            return post_path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return post_path.name


def is_post_file(path: Path) -> bool:
    """Whether ``path`` looks like a post Jekyll would publish (not a hidden or backup file)."""
    return (
        path.is_file()
        and path.suffix.lower() in POST_SUFFIXES
        and not path.name.startswith((".", "_", "#"))
        and not path.name.endswith("~")
    )


def find_site(path: Path | str) -> JekyllSite:
    """Work out the site root and the posts to import for ``path``."""
    path = Path(path).expanduser()
    if not path.exists():
        raise SourceError(f"{path} does not exist.")

    if path.is_file():
        folder = path.parent
        root = folder.parent if folder.name == "_posts" else folder
        posts = [path]
    elif path.name == "_posts":
        root = path.parent
        posts = _posts_in(path)
    elif (path / "_posts").is_dir():
        root = path
        posts = _posts_in(path / "_posts")
    else:
        root = path
        posts = _posts_in(path)
    if not posts:
        raise SourceError(f"No Jekyll posts (*.md, *.markdown) found in {path}.")

    config, config_text, warnings = read_config(root)
    return JekyllSite(
        root=root,
        config=config,
        config_text=config_text,
        post_paths=tuple(posts),
        whole_folder=path.is_dir(),
        warnings=tuple(warnings),
    )


def _posts_in(folder: Path) -> list[Path]:
    """Dated post files under ``folder``, oldest first.

    Jekyll allows sub-folders in ``_posts`` and ignores files whose name does not start
    with a date (a README, say); so does the importer.
    """
    return sorted(
        (p for p in folder.rglob("*") if is_post_file(p) and POST_FILE_NAME.match(p.stem)),
        key=lambda p: (p.name, p.as_posix()),
    )


def read_config(root: Path) -> tuple[dict, str, list[str]]:
    """The site's ``_config.yml`` as a dict, its text (part of each post's checksum) and
    what was wrong with it.

    A config that cannot be read does not stop the import: the posts are read with
    Jekyll's defaults (no ``baseurl``, the server's time zone) and the report says why.
    Messages name the file as the site does, never where it is on this server.
    """
    config_path = root / "_config.yml"
    if not config_path.is_file():
        return {}, "", []
    defaults = "read with Jekyll's defaults"
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return {}, "", [f"_config.yml is not UTF-8 text; {defaults}."]
    try:
        config = load_yaml(text)
    except yaml.YAMLError as error:
        return {}, text, [f"_config.yml is not valid YAML ({yaml_problem(error)}); {defaults}."]
    if config is None:
        return {}, text, []
    if not isinstance(config, dict):
        return {}, text, [f"_config.yml must hold a mapping of settings; {defaults}."]
    return config, text, []
